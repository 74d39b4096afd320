package org.certsync.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certsync.certificate.TestCertificates.ca;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.certsync.directory.DirectoryUser;

/**
 * Whatever the directory holds, the policy answers: no exception escapes, and every certificate found in a value
 * (or the value itself, when it cannot be decoded) appears exactly once in the verdict, accepted or with one reason.
 * 10,000 tries in all, against a policy with every rule on, including chain and revocation (CRLs from a directory,
 * so that no input makes it go to the network).
 */
class CertificatePolicyProperties {

    private static final TestCertificates.TestCa ISSUING = ca().issueCa("CertSync Issuing CA");
    private static final List<byte[]> SAMPLES = samples();
    private static final CertificatePolicy POLICY = new CertificatePolicy(settings(), TestCertificates.clock());
    /** The oracle for what a value contains; the property is that the policy accounts for all of it. */
    private static final CertificateParser PARSER = new CertificateParser(PolicySettings.defaults().maxValueBytes());

    private static List<byte[]> samples() {
        X509Certificate leaf = ISSUING.leaf().build();
        return List.of(
                ca().leaf().der(),
                ca().leaf().ec("secp256r1").subjectEmail(TestCertificates.ALICE).der(),
                ca().leaf().extendedKeyUsage(KeyPurposeId.id_kp_clientAuth).rsa(2047).der(),
                TestCertificates.pkcs7(leaf, ISSUING.certificate()),
                TestCertificates.pkcs7(ca().leaf().build(), ca().leaf().build(), ca().certificate()));
    }

    private static PolicySettings settings() {
        try {
            Path directory = Files.createTempDirectory("certsync-properties");
            directory.toFile().deleteOnExit();
            Path crls = Files.createDirectory(directory.resolve("crls"));
            crls.toFile().deleteOnExit();
            Path trustStore = TestCertificates.writePem(directory.resolve("trust.pem"), ca().certificate());
            trustStore.toFile().deleteOnExit();
            for (TestCertificates.TestCa issuer : List.of(ca(), ISSUING)) {
                Path crl = Files.write(crls.resolve(issuer.certificate().getSerialNumber() + ".crl"), issuer.crl().der());
                crl.toFile().deleteOnExit();
            }
            return TestSettings.defaults().trustStore(trustStore).revocationCheck(true).crlDirectory(crls).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Property(tries = 2500)
    void randomBytesAreAccountedFor(@ForAll("randomValues") byte[] value, @ForAll boolean inSmimeAttribute) {
        assertAccountedFor(user(List.of(value), inSmimeAttribute));
    }

    @Property(tries = 2500)
    void truncatedValuesAreAccountedFor(@ForAll("truncatedValues") byte[] value, @ForAll boolean inSmimeAttribute) {
        assertAccountedFor(user(List.of(value), inSmimeAttribute));
    }

    @Property(tries = 2500)
    void bitFlippedValuesAreAccountedFor(@ForAll("bitFlippedValues") byte[] value, @ForAll boolean inSmimeAttribute) {
        assertAccountedFor(user(List.of(value), inSmimeAttribute));
    }

    @Property(tries = 2500)
    void usersWithManyMixedValuesAreAccountedFor(@ForAll("mixedValues") List<byte[]> userCertificate,
                                                 @ForAll("mixedValues") List<byte[]> userSmimeCertificate) {
        assertAccountedFor(TestUsers.alice(userCertificate, userSmimeCertificate));
    }

    private static DirectoryUser user(List<byte[]> values, boolean inSmimeAttribute) {
        return inSmimeAttribute ? TestUsers.alice(List.of(), values) : TestUsers.alice(values, List.of());
    }

    private static void assertAccountedFor(DirectoryUser user) {
        Verdict verdict = POLICY.evaluate(user);

        List<String> expected = new ArrayList<>();
        expectedOutcomes(CertificateAttribute.USER_CERTIFICATE, user.userCertificate(), expected);
        expectedOutcomes(CertificateAttribute.USER_SMIME_CERTIFICATE, user.userSmimeCertificate(), expected);
        List<String> actual = new ArrayList<>();
        verdict.accepted().forEach(c -> actual.add(c.attribute() + " " + c.fingerprint()));
        verdict.rejections().forEach(r -> actual.add(r.attribute() + " " + r.fingerprint()));

        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(verdict.rejections()).allSatisfy(r -> {
            assertThat(r.reason()).isNotNull();
            assertThat(r.detail()).isNotBlank();
        });
    }

    private static void expectedOutcomes(CertificateAttribute attribute, List<byte[]> values, List<String> expected) {
        for (byte[] value : values) {
            for (ParsedValue parsed : PARSER.parse(value)) expected.add(attribute + " " + parsed.fingerprint());
        }
    }

    @Provide
    Arbitrary<byte[]> randomValues() {
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(2048);
        // a SEQUENCE header in front gets random content past the first check of the decoder
        Arbitrary<byte[]> derShaped = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(1500)
                .map(CertificatePolicyProperties::asSequence);
        return Arbitraries.oneOf(noise, derShaped);
    }

    private static byte[] asSequence(byte[] content) {
        byte[] value = new byte[content.length + 4];
        value[0] = 0x30;
        value[1] = (byte) 0x82;
        value[2] = (byte) (content.length >> 8);
        value[3] = (byte) content.length;
        System.arraycopy(content, 0, value, 4, content.length);
        return value;
    }

    @Provide
    Arbitrary<byte[]> truncatedValues() {
        return Combinators.combine(Arbitraries.of(SAMPLES), Arbitraries.doubles().between(0, 1))
                .as(DamagedBytes::truncated);
    }

    @Provide
    Arbitrary<byte[]> bitFlippedValues() {
        return Combinators.combine(Arbitraries.of(SAMPLES),
                        Arbitraries.integers().greaterOrEqual(0).list().ofMinSize(1).ofMaxSize(16))
                .as(DamagedBytes::bitFlipped);
    }

    @Provide
    Arbitrary<List<byte[]>> mixedValues() {
        return Arbitraries.oneOf(Arbitraries.of(SAMPLES), truncatedValues(), bitFlippedValues(), randomValues())
                .list().ofMaxSize(20);
    }
}
