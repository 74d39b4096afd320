package org.certsync.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certsync.certificate.TestCertificates.NOW;
import static org.certsync.certificate.TestCertificates.ca;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevocationRuleTest {

    private static final String CRL_PATH = "/test-ca.crl";

    @TempDir
    Path directory;

    private final TestCrlServer server = new TestCrlServer();

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** Trust store and revocation check on; fail-closed unless changed. */
    private TestSettings revocationSettings() {
        return TestSettings.defaults()
                .trustStore(TestCertificates.writePem(directory.resolve("trust.pem"), ca().certificate()))
                .revocationCheck(true);
    }

    private Path crlDirectory(byte[]... crls) throws Exception {
        Path crlDirectory = Files.createDirectories(directory.resolve("crls"));
        for (int i = 0; i < crls.length; i++) Files.write(crlDirectory.resolve("crl" + i + ".crl"), crls[i]);
        return crlDirectory;
    }

    private static Verdict evaluate(TestSettings settings, byte[] certificate) {
        return new CertificatePolicy(settings.build(), TestCertificates.clock()).evaluate(TestUsers.alice(certificate));
    }

    private X509Certificate leafWithDistributionPoint() {
        return ca().leaf().crlDistributionPoint(server.url(CRL_PATH)).build();
    }

    @Test
    void certificateNotOnTheCrlIsAccepted() {
        X509Certificate leaf = leafWithDistributionPoint();
        server.serve(CRL_PATH, ca().crl().revoke(ca().leaf().build()).der());

        Verdict verdict = evaluate(revocationSettings(), TestCertificates.der(leaf));

        assertThat(verdict.rejections()).isEmpty();
        assertThat(verdict.accepted()).hasSize(1);
        assertThat(verdict.indeterminate()).isFalse();
    }

    @Test
    void certificateOnTheCrlIsRevoked() {
        X509Certificate leaf = leafWithDistributionPoint();
        server.serve(CRL_PATH, ca().crl().revoke(leaf).der());

        Verdict verdict = evaluate(revocationSettings(), TestCertificates.der(leaf));

        assertThat(verdict.accepted()).isEmpty();
        assertThat(verdict.indeterminate()).isFalse();
        assertThat(verdict.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectionReason.REVOKED);
            assertThat(r.detail()).isEqualTo("revoked " + NOW.minus(Duration.ofDays(1)) + " (KEY_COMPROMISE)");
        });
    }

    @Test
    void unavailableCrlFailsClosedByDefault() {
        server.fail(CRL_PATH, 503);

        Verdict verdict = evaluate(revocationSettings(), TestCertificates.der(leafWithDistributionPoint()));

        assertThat(verdict.accepted()).isEmpty();
        assertThat(verdict.indeterminate()).isTrue();
        assertThat(verdict.notes()).isEmpty();
        assertThat(verdict.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectionReason.REVOCATION_UNKNOWN);
            assertThat(r.detail()).isEqualTo("CRL " + server.url(CRL_PATH) + " answered HTTP 503");
        });
    }

    @Test
    void unavailableCrlFailingOpenPublishesTheCertificateWithANote() {
        server.fail(CRL_PATH, 404);
        X509Certificate leaf = leafWithDistributionPoint();

        Verdict verdict = evaluate(revocationSettings().revocationFailOpen(true), TestCertificates.der(leaf));

        assertThat(verdict.accepted()).hasSize(1);
        assertThat(verdict.rejections()).isEmpty();
        assertThat(verdict.indeterminate()).isFalse();
        assertThat(verdict.notes()).singleElement().asString()
                .startsWith("revocation status unknown, published anyway (revocation-fail-open)")
                .contains(Fingerprints.sha256(TestCertificates.der(leaf)))
                .contains("HTTP 404");
    }

    @Test
    void unreachableCrlServerMakesTheRevocationStatusUnknown() {
        X509Certificate leaf = leafWithDistributionPoint();
        server.close();

        Verdict verdict = evaluate(revocationSettings(), TestCertificates.der(leaf));

        assertThat(verdict.indeterminate()).isTrue();
        assertThat(verdict.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectionReason.REVOCATION_UNKNOWN);
            assertThat(r.detail()).contains("unreachable");
        });
    }

    @Test
    void certificateOnACrlFromTheCrlDirectoryIsRevoked() throws Exception {
        X509Certificate leaf = ca().leaf().build();
        Path crls = crlDirectory(ca().crl().revoke(leaf).der());

        Verdict verdict = evaluate(revocationSettings().crlDirectory(crls), TestCertificates.der(leaf));

        assertThat(verdict.rejections()).extracting(Rejection::reason).containsExactly(RejectionReason.REVOKED);
    }

    @Test
    void certificateNotOnACrlFromTheCrlDirectoryIsAccepted() throws Exception {
        Path crls = crlDirectory(ca().crl().revoke(ca().leaf().build()).der());

        Verdict verdict = evaluate(revocationSettings().crlDirectory(crls), ca().leaf().der());

        assertThat(verdict.accepted()).hasSize(1);
    }

    @Test
    void crlDirectoryIsAskedBeforeTheDistributionPoint() throws Exception {
        X509Certificate leaf = leafWithDistributionPoint();
        server.serve(CRL_PATH, ca().crl().revoke(leaf).der());
        Path crls = crlDirectory(ca().crl().der());

        Verdict verdict = evaluate(revocationSettings().crlDirectory(crls), TestCertificates.der(leaf));

        assertThat(verdict.accepted()).hasSize(1);
        assertThat(server.requests(CRL_PATH)).isZero();
    }

    @Test
    void distributionPointIsUsedWhenTheCrlDirectoryHasNoCrlOfTheIssuer() throws Exception {
        X509Certificate leaf = leafWithDistributionPoint();
        server.serve(CRL_PATH, ca().crl().revoke(leaf).der());
        Path crls = crlDirectory(TestCertificates.newCa("Foreign CA").crl().der());

        Verdict verdict = evaluate(revocationSettings().crlDirectory(crls), TestCertificates.der(leaf));

        assertThat(verdict.rejections()).extracting(Rejection::reason).containsExactly(RejectionReason.REVOKED);
    }

    @Test
    void crlWithAForgedSignatureMakesTheRevocationStatusUnknown() {
        byte[] forged = ca().crl().signedBy(TestCertificates.newCa("Foreign CA").keyPair()).der();
        server.serve(CRL_PATH, forged);

        Verdict verdict = evaluate(revocationSettings(), TestCertificates.der(leafWithDistributionPoint()));

        assertThat(verdict.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectionReason.REVOCATION_UNKNOWN);
            assertThat(r.detail()).isEqualTo("CRL of CN=CertSync Test CA has an invalid signature");
        });
    }

    @Test
    void outdatedCrlMakesTheRevocationStatusUnknown() throws Exception {
        Path crls = crlDirectory(ca().crl()
                .thisUpdate(NOW.minus(Duration.ofDays(10))).nextUpdate(NOW.minus(Duration.ofDays(3))).der());

        Verdict verdict = evaluate(revocationSettings().crlDirectory(crls), ca().leaf().der());

        assertThat(verdict.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectionReason.REVOCATION_UNKNOWN);
            assertThat(r.detail()).startsWith("CRL of CN=CertSync Test CA outdated since");
        });
    }

    @Test
    void certificateWithoutAnyCrlSourceHasAnUnknownRevocationStatus() {
        Verdict verdict = evaluate(revocationSettings(), ca().leaf().der());

        assertThat(verdict.indeterminate()).isTrue();
        assertThat(verdict.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectionReason.REVOCATION_UNKNOWN);
            assertThat(r.detail()).isEqualTo("no CRL found for issuer CN=CertSync Test CA");
        });
    }

    @Test
    void crlOfAnIssuingCaFromThePkcs7BundleIsVerifiedWithItsKey() {
        TestCertificates.TestCa issuing = ca().issueCa("CertSync Issuing CA");
        X509Certificate leaf = issuing.leaf().crlDistributionPoint(server.url("/issuing.crl")).build();
        server.serve("/issuing.crl", issuing.crl().revoke(leaf).der());

        Verdict verdict = new CertificatePolicy(revocationSettings().build(), TestCertificates.clock())
                .evaluate(TestUsers.alice(List.of(), List.of(TestCertificates.pkcs7(leaf, issuing.certificate()))));

        assertThat(verdict.rejections()).extracting(Rejection::reason)
                .containsExactlyInAnyOrder(RejectionReason.REVOKED, RejectionReason.NOT_END_ENTITY);
    }

    @Test
    void revocationIsNotCheckedByDefault() {
        server.fail(CRL_PATH, 404);

        Verdict verdict = evaluate(TestSettings.defaults(), TestCertificates.der(leafWithDistributionPoint()));

        assertThat(verdict.accepted()).hasSize(1);
        assertThat(server.requests(CRL_PATH)).isZero();
    }

    @Test
    void aVerdictStaysWhatItIsUntilTheCrlItUsedIsReplaced() {
        X509Certificate leaf = leafWithDistributionPoint();
        server.serve(CRL_PATH, ca().crl().der());

        Verdict verdict = evaluate(revocationSettings().crlMaxCacheAge(Duration.ofMinutes(20)), TestCertificates.der(leaf));

        assertThat(verdict.accepted()).hasSize(1);
        assertThat(verdict.stableUntil()).isEqualTo(NOW.plus(Duration.ofMinutes(20)));
    }

    @Test
    void aVerdictAnsweredAfterASourceFailedIsNeverReused() throws Exception {
        X509Certificate leaf = leafWithDistributionPoint();
        server.serve(CRL_PATH, ca().crl().der());
        // the CRL directory cannot be read: the HTTP distribution point answers, but the directory may any moment
        Path unreadable = directory.resolve("no-such-crl-directory");

        Verdict verdict = evaluate(revocationSettings().crlDirectory(unreadable), TestCertificates.der(leaf));

        assertThat(verdict.accepted()).hasSize(1);
        assertThat(verdict.reusable()).isTrue();
        assertThat(verdict.stableUntil()).isEqualTo(NOW);
    }
}
