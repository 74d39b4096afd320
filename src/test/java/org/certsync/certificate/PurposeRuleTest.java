package org.certsync.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certsync.certificate.SingleCertificateChecks.assertRejected;
import static org.certsync.certificate.SingleCertificateChecks.evaluate;
import static org.certsync.certificate.TestCertificates.ca;

import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

class PurposeRuleTest {


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
