package org.certsync.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.certsync.certificate.TestCertificates.ca;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.certsync.directory.DirectoryUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainRuleTest {

    @TempDir
    Path directory;

    private PolicySettings trusting(TestCertificates.TestCa ca) {
        Path trustStore = TestCertificates.writePkcs12TrustStore(directory.resolve("trust.p12"), ca.certificate());
        return TestSettings.defaults().trustStore(trustStore).trustStorePassword("changeit").build();
    }

    private static Verdict evaluate(PolicySettings settings, DirectoryUser user) {
        return new CertificatePolicy(settings, TestCertificates.clock()).evaluate(user);
    }

    @Test
    void certificateIssuedByATrustedCaIsAccepted() {
        Verdict verdict = evaluate(trusting(ca()), TestUsers.alice(ca().leaf().der()));

        assertThat(verdict.rejections()).isEmpty();
        assertThat(verdict.accepted()).hasSize(1);
    }

    @Test
    void certificateIssuedByAnotherCaIsUntrusted() {
        byte[] foreign = TestCertificates.newCa("Foreign CA").leaf().der();

        Verdict verdict = evaluate(trusting(ca()), TestUsers.alice(foreign));

        assertThat(verdict.accepted()).isEmpty();
        assertThat(verdict.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectionReason.UNTRUSTED);
            assertThat(r.detail()).startsWith("no path to a trusted CA");
        });
    }

    @Test
    void withoutTrustStoreAnyIssuerIsAccepted() {
        byte[] foreign = TestCertificates.newCa("Foreign CA").leaf().der();

        assertThat(evaluate(PolicySettings.defaults(), TestUsers.alice(foreign)).accepted()).hasSize(1);
    }

    @Test
    void intermediateFromThePkcs7BundleCompletesThePath() {
        TestCertificates.TestCa issuing = ca().issueCa("CertSync Issuing CA");
        var leaf = issuing.leaf().build();

        Verdict verdict = evaluate(trusting(ca()),
                TestUsers.alice(List.of(), List.of(TestCertificates.pkcs7(leaf, issuing.certificate()))));

        assertThat(verdict.accepted()).singleElement()
                .satisfies(c -> assertThat(c.der()).isEqualTo(TestCertificates.der(leaf)));
        // the intermediate itself is reported, not silently dropped
        assertThat(verdict.rejections()).extracting(Rejection::reason)
                .containsExactly(RejectionReason.NOT_END_ENTITY);
    }

    @Test
    void certificateOfAnIntermediateThatIsNotPublishedIsUntrusted() {
        TestCertificates.TestCa issuing = ca().issueCa("CertSync Issuing CA");

        Verdict verdict = evaluate(trusting(ca()), TestUsers.alice(issuing.leaf().der()));

        assertThat(verdict.rejections()).extracting(Rejection::reason).containsExactly(RejectionReason.UNTRUSTED);
    }

    @Test
    void trustedIssuingCaNeedsNoRoot() {
        TestCertificates.TestCa issuing = ca().issueCa("CertSync Issuing CA");

        Verdict verdict = evaluate(trusting(issuing), TestUsers.alice(issuing.leaf().der()));

        assertThat(verdict.accepted()).hasSize(1);
    }

    @Test
    void pemFileTrustStoreIsAccepted() {
        Path pem = TestCertificates.writePem(directory.resolve("cas.pem"),
                TestCertificates.newCa("Foreign CA").certificate(), ca().certificate());

        Verdict verdict = evaluate(TestSettings.defaults().trustStore(pem).build(), TestUsers.alice(ca().leaf().der()));

        assertThat(verdict.accepted()).hasSize(1);
    }

    @Test
    void directoryOfPemFilesIsATrustStore() throws Exception {
        Path cas = Files.createDirectory(directory.resolve("cas"));
        TestCertificates.writePem(cas.resolve("test-ca.crt"), ca().certificate());
        Files.writeString(cas.resolve("README.txt"), "not a certificate");

        Verdict verdict = evaluate(TestSettings.defaults().trustStore(cas).build(), TestUsers.alice(ca().leaf().der()));

        assertThat(verdict.accepted()).hasSize(1);
    }

    @Test
    void emptyTrustStoreFailsAtStartInsteadOfRejectingEveryone() throws Exception {
        Path empty = Files.createDirectory(directory.resolve("empty"));
        PolicySettings settings = TestSettings.defaults().trustStore(empty).build();

        assertThatThrownBy(() -> new CertificatePolicy(settings, TestCertificates.clock()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds no certificate");
    }

    @Test
    void trustStoreWithAWrongPasswordFailsAtStart() {
        PolicySettings settings = TestSettings.defaults()
                .trustStore(TestCertificates.writePkcs12TrustStore(directory.resolve("trust.p12"), ca().certificate()))
                .trustStorePassword("wrong")
                .build();

        assertThatThrownBy(() -> new CertificatePolicy(settings, TestCertificates.clock()))
                .hasMessageContaining("cannot read trust store");
    }
}
