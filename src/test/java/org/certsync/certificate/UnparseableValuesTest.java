package org.certsync.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certsync.certificate.TestCertificates.ca;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.certsync.directory.DirectoryUser;
import org.junit.jupiter.api.Test;

class UnparseableValuesTest {

    private static final byte[] CERTIFICATE = ca().leaf().der();

    private static Verdict evaluate(PolicySettings settings, DirectoryUser user) {
        return new CertificatePolicy(settings, TestCertificates.clock()).evaluate(user);
    }

    private static Rejection singleRejection(byte[] value) {
        Verdict verdict = evaluate(PolicySettings.defaults(), TestUsers.alice(value));
        assertThat(verdict.accepted()).isEmpty();
        assertThat(verdict.rejections()).hasSize(1);
        Rejection rejection = verdict.rejections().get(0);
        assertThat(rejection.reason()).isEqualTo(RejectionReason.UNPARSEABLE);
        assertThat(rejection.fingerprint()).isEqualTo(Fingerprints.sha256(value));
        return rejection;
    }

    @Test
    void bareDerCertificateIsAccepted() {
        Verdict verdict = evaluate(PolicySettings.defaults(), TestUsers.alice(CERTIFICATE));

        assertThat(verdict.accepted()).singleElement().satisfies(c -> {
            assertThat(c.attribute()).isEqualTo(CertificateAttribute.USER_CERTIFICATE);
            assertThat(c.der()).isEqualTo(CERTIFICATE);
            assertThat(c.fingerprint()).isEqualTo(Fingerprints.sha256(CERTIFICATE));
        });
    }

    @Test
    void certificateInAPkcs7BundleIsAcceptedAsItsOwnValue() {
        byte[] leaf = ca().leaf().der();
        byte[] bundle = TestCertificates.pkcs7(ca().leaf().build(), ca().leaf().build());

        Verdict verdict = evaluate(PolicySettings.defaults(),
                TestUsers.alice(List.of(), List.of(TestCertificates.pkcs7(TestCertificates.certificate(leaf)), bundle)));

        assertThat(verdict.accepted()).hasSize(3)
                .allSatisfy(c -> assertThat(c.attribute()).isEqualTo(CertificateAttribute.USER_SMIME_CERTIFICATE));
        assertThat(verdict.accepted().get(0).der()).isEqualTo(leaf);
    }

    @Test
    void bareCertificateInUserSmimeCertificateIsAccepted() {
        Verdict verdict = evaluate(PolicySettings.defaults(), TestUsers.alice(List.of(), List.of(CERTIFICATE)));

        assertThat(verdict.accepted(CertificateAttribute.USER_SMIME_CERTIFICATE)).hasSize(1);
    }

    @Test
    void randomBytesAreUnparseable() {
        byte[] garbage = new byte[500];
        new Random(42).nextBytes(garbage);

        assertThat(singleRejection(garbage).detail()).startsWith("malformed DER");
    }

    @Test
    void truncatedCertificateIsUnparseable() {
        singleRejection(Arrays.copyOf(CERTIFICATE, CERTIFICATE.length - 1));
    }

    @Test
    void certificateWithTrailingBytesIsUnparseable() {
        singleRejection(Arrays.copyOf(CERTIFICATE, CERTIFICATE.length + 2));
    }

    @Test
    void certificateWithAWrongOuterTagIsUnparseable() {
        byte[] set = CERTIFICATE.clone();
        set[0] = 0x31;

        assertThat(singleRejection(set).detail()).startsWith("not an X.509 certificate or PKCS#7 SignedData");
    }

    @Test
    void certificateWrappedInAnOctetStringIsUnparseable() throws Exception {
        singleRejection(new DEROctetString(CERTIFICATE).getEncoded());
    }

    @Test
    void emptySequenceIsUnparseable() {
        singleRejection(new byte[] {0x30, 0x00});
    }

    @Test
    void emptyValueIsUnparseable() {
        assertThat(singleRejection(new byte[0]).detail()).isEqualTo("empty value");
    }

    @Test
    void valueLargerThanTheMaximumIsUnparseable() {
        byte[] huge = new byte[64 * 1024 + 1];

        assertThat(singleRejection(huge).detail()).isEqualTo("value of 65537 bytes exceeds max-value-bytes 65536");
    }

    @Test
    void valueOfExactlyTheMaximumSizeIsParsed() {
        PolicySettings exact = TestSettings.defaults().maxValueBytes(CERTIFICATE.length).build();
        PolicySettings oneLess = TestSettings.defaults().maxValueBytes(CERTIFICATE.length - 1).build();

        assertThat(evaluate(exact, TestUsers.alice(CERTIFICATE)).accepted()).hasSize(1);
        assertThat(evaluate(oneLess, TestUsers.alice(CERTIFICATE)).rejections())
                .extracting(Rejection::reason).containsExactly(RejectionReason.UNPARSEABLE);
    }

    @Test
    void nonCanonicalLengthEncodingIsUnparseable() {
        // 30 82 LL LL -> 30 83 00 LL LL: the same certificate, but not DER
        byte[] ber = new byte[CERTIFICATE.length + 1];
        ber[0] = 0x30;
        ber[1] = (byte) 0x83;
        ber[2] = 0;
        System.arraycopy(CERTIFICATE, 2, ber, 3, CERTIFICATE.length - 2);

        assertThat(singleRejection(ber).detail()).isEqualTo("not DER (BER or non-canonical encoding)");
    }

    @Test
    void pkcs7BundleWithoutCertificatesIsUnparseable() {
        byte[] empty = TestCertificates.pkcs7(List.of());

        assertThat(singleRejection(empty).detail()).isEqualTo("PKCS#7 bundle holds no certificate");
    }

    @Test
    void pkcs7OfAnotherContentTypeIsUnparseable() throws Exception {
        byte[] data = new ContentInfo(CMSObjectIdentifiers.data, new DEROctetString(CERTIFICATE)).getEncoded();

        singleRejection(data);
    }

    @Test
    void signedDataTypeWithoutContentIsUnparseable() throws Exception {
        singleRejection(new DERSequence(CMSObjectIdentifiers.signedData).getEncoded());
    }

    @Test
    void unparseableValueDoesNotAffectTheOtherValues() {
        Verdict verdict = evaluate(PolicySettings.defaults(), TestUsers.alice(new byte[] {1, 2, 3}, CERTIFICATE));

        assertThat(verdict.accepted()).hasSize(1);
        assertThat(verdict.rejections()).extracting(Rejection::reason).containsExactly(RejectionReason.UNPARSEABLE);
    }
}
