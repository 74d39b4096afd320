package org.certsync.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certsync.certificate.TestCertificates.ca;

import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

class PurposeRuleTest {

    private static Verdict evaluate(PolicySettings settings, byte[] certificate) {
        return new CertificatePolicy(settings, TestCertificates.clock()).evaluate(TestUsers.alice(certificate));
    }

    private static Verdict evaluate(byte[] certificate) {
        return evaluate(PolicySettings.defaults(), certificate);
    }

    private static void assertRejected(Verdict verdict, RejectionReason reason, String detail) {
        assertThat(verdict.accepted()).isEmpty();
        assertThat(verdict.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(reason);
            assertThat(r.detail()).isEqualTo(detail);
        });
    }

    @Test
    void extendedKeyUsageWithEmailProtectionIsAccepted() {
        byte[] certificate = ca().leaf()
                .extendedKeyUsage(KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_emailProtection).der();

        assertThat(evaluate(certificate).accepted()).hasSize(1);
    }

    @Test
    void extendedKeyUsageWithoutEmailProtectionIsWrongPurpose() {
        byte[] certificate = ca().leaf().extendedKeyUsage(KeyPurposeId.id_kp_clientAuth).der();

        assertRejected(evaluate(certificate), RejectionReason.WRONG_PURPOSE, "extended key usage lacks emailProtection");
    }

    @Test
    void anyExtendedKeyUsageIsAccepted() {
        byte[] certificate = ca().leaf().extendedKeyUsage(KeyPurposeId.anyExtendedKeyUsage).der();

        assertThat(evaluate(certificate).accepted()).hasSize(1);
    }

    @Test
    void absentExtendedKeyUsageIsAccepted() {
        byte[] certificate = ca().leaf().extendedKeyUsage().der();

        assertThat(evaluate(certificate).accepted()).hasSize(1);
    }

    @Test
    void rsaKeyUsageWithKeyEnciphermentIsAccepted() {
        byte[] certificate = ca().leaf().keyUsage(KeyUsage.keyEncipherment).der();

        assertThat(evaluate(certificate).accepted()).hasSize(1);
    }

    @Test
    void rsaKeyUsageWithDigitalSignatureOnlyIsWrongPurpose() {
        byte[] certificate = ca().leaf().keyUsage(KeyUsage.digitalSignature).der();

        assertRejected(evaluate(certificate), RejectionReason.WRONG_PURPOSE, "key usage lacks keyEncipherment");
    }

    @Test
    void absentKeyUsageIsAccepted() {
        byte[] certificate = ca().leaf().noKeyUsage().der();

        assertThat(evaluate(certificate).accepted()).hasSize(1);
    }

    @Test
    void ecKeyUsageWithKeyAgreementIsAccepted() {
        byte[] certificate = ca().leaf().ec("secp256r1").keyUsage(KeyUsage.keyAgreement).der();

        assertThat(evaluate(certificate).accepted()).hasSize(1);
    }

    @Test
    void ecKeyUsageWithKeyEnciphermentOnlyIsWrongPurpose() {
        byte[] certificate = ca().leaf().ec("secp256r1")
                .keyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment).der();

        assertRejected(evaluate(certificate), RejectionReason.WRONG_PURPOSE, "key usage lacks keyAgreement");
    }

    @Test
    void wrongPurposeIsAcceptedWhenThePurposeCheckIsOff() {
        byte[] certificate = ca().leaf().extendedKeyUsage(KeyPurposeId.id_kp_clientAuth)
                .keyUsage(KeyUsage.digitalSignature).der();

        Verdict verdict = evaluate(TestSettings.defaults().purposeCheck(false).build(), certificate);

        assertThat(verdict.accepted()).hasSize(1);
    }

    @Test
    void caCertificateIsNotEndEntity() {
        byte[] certificate = ca().leaf().ca().der();

        assertRejected(evaluate(certificate), RejectionReason.NOT_END_ENTITY, "CA certificate (basicConstraints cA=true)");
    }
}
