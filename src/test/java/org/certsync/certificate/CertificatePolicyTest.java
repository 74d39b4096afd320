package org.certsync.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certsync.certificate.TestCertificates.NOW;
import static org.certsync.certificate.TestCertificates.ca;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.certsync.directory.DirectoryUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy as a whole: what a verdict carries and in which order the rules decide. */
class CertificatePolicyTest {

    private static final Duration DAY = Duration.ofDays(1);

    @TempDir
    Path directory;

    private static RejectionReason onlyReason(PolicySettings settings, byte[] certificate) {
        Verdict verdict = new CertificatePolicy(settings, TestCertificates.clock()).evaluate(TestUsers.alice(certificate));
        assertThat(verdict.accepted()).isEmpty();
        assertThat(verdict.rejections()).hasSize(1);
        return verdict.rejections().get(0).reason();
    }

    private static RejectionReason onlyReason(byte[] certificate) {
        return onlyReason(PolicySettings.defaults(), certificate);
    }

    @Test
    void acceptedCertificateCarriesWhatIsPublished() {
        var leaf = ca().leaf().validity(NOW.minus(DAY), NOW.plus(DAY)).build();

        Verdict verdict = new CertificatePolicy(PolicySettings.defaults(), TestCertificates.clock())
                .evaluate(TestUsers.alice(TestCertificates.der(leaf)));

        assertThat(verdict.indeterminate()).isFalse();
        assertThat(verdict.notes()).isEmpty();
        assertThat(verdict.accepted()).singleElement().satisfies(c -> {
            assertThat(c.attribute()).isEqualTo(CertificateAttribute.USER_CERTIFICATE);
            assertThat(c.der()).isEqualTo(TestCertificates.der(leaf));
            assertThat(c.fingerprint()).isEqualTo(Fingerprints.sha256(TestCertificates.der(leaf)));
            assertThat(c.subject()).isEqualTo("CN=Alice");
            assertThat(c.notBefore()).isEqualTo(NOW.minus(DAY));
            assertThat(c.notAfter()).isEqualTo(NOW.plus(DAY));
        });
    }

    @Test
    void userWithoutCertificatesGetsAnEmptyVerdict() {
        DirectoryUser user = TestUsers.alice(List.of(), List.of());

        Verdict verdict = new CertificatePolicy(PolicySettings.defaults(), TestCertificates.clock()).evaluate(user);

        assertThat(verdict.user()).isSameAs(user);
        assertThat(verdict.accepted()).isEmpty();
        assertThat(verdict.rejections()).isEmpty();
        assertThat(verdict.indeterminate()).isFalse();
    }

    @Test
    void verdictKeepsItsFourArgumentConstructorWithoutNotes() {
        Verdict verdict = new Verdict(TestUsers.alice(), List.of(), List.of(), true);

        assertThat(verdict.notes()).isEmpty();
        assertThat(verdict.indeterminate()).isTrue();
    }

    @Test
    void notEndEntityIsReportedBeforeExpiry() {
        assertThat(onlyReason(ca().leaf().ca().validity(NOW.minus(DAY.multipliedBy(9)), NOW.minus(DAY)).der()))
                .isEqualTo(RejectionReason.NOT_END_ENTITY);
    }

    @Test
    void expiryIsReportedBeforeWrongPurpose() {
        assertThat(onlyReason(ca().leaf().extendedKeyUsage(KeyPurposeId.id_kp_serverAuth)
                .validity(NOW.minus(DAY.multipliedBy(9)), NOW.minus(DAY)).der()))
                .isEqualTo(RejectionReason.EXPIRED);
    }

    @Test
    void wrongPurposeIsReportedBeforeWeakKey() {
        assertThat(onlyReason(ca().leaf().extendedKeyUsage(KeyPurposeId.id_kp_serverAuth).rsa(2047).der()))
                .isEqualTo(RejectionReason.WRONG_PURPOSE);
    }

    @Test
    void weakSignatureIsReportedBeforeAddressMismatch() {
        assertThat(onlyReason(ca().leaf().signatureAlgorithm("SHA1withRSA").rfc822Names("mallory@example.org").der()))
                .isEqualTo(RejectionReason.WEAK_SIGNATURE);
    }

    @Test
    void addressMismatchIsReportedBeforeUntrusted() {
        PolicySettings settings = TestSettings.defaults()
                .trustStore(TestCertificates.writePem(directory.resolve("trust.pem"), ca().certificate())).build();

        assertThat(onlyReason(settings, TestCertificates.newCa("Foreign CA").leaf().rfc822Names("mallory@example.org").der()))
                .isEqualTo(RejectionReason.ADDRESS_MISMATCH);
    }

    @Test
    void untrustedIsReportedBeforeRevocation() {
        PolicySettings settings = TestSettings.defaults()
                .trustStore(TestCertificates.writePem(directory.resolve("trust.pem"), ca().certificate()))
                .revocationCheck(true).build();

        assertThat(onlyReason(settings, TestCertificates.newCa("Foreign CA").leaf().der()))
                .isEqualTo(RejectionReason.UNTRUSTED);
    }

    @Test
    void policyJudgesEachUserOnItsOwn() {
        CertificatePolicy policy = new CertificatePolicy(PolicySettings.defaults(), TestCertificates.clock());
        byte[] certificate = ca().leaf().der();

        assertThat(policy.evaluate(TestUsers.alice(certificate)).accepted()).hasSize(1);
        // the same certificate for the next user is no duplicate of the previous user's
        assertThat(policy.evaluate(TestUsers.alice(certificate)).accepted()).hasSize(1);
    }
}
