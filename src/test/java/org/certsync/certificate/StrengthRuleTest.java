package org.certsync.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certsync.certificate.SingleCertificateChecks.assertRejected;
import static org.certsync.certificate.SingleCertificateChecks.evaluate;
import static org.certsync.certificate.TestCertificates.ca;

import org.junit.jupiter.api.Test;

class StrengthRuleTest {


    @Test
    void rsa2048IsAccepted() {
        assertThat(evaluate(ca().leaf().rsa(2048).der()).accepted()).hasSize(1);
    }

    @Test
    void rsa2047IsWeakKey() {
        assertRejected(evaluate(ca().leaf().rsa(2047).der()), RejectionReason.WEAK_KEY, "RSA 2047 bits < 2048");
    }

    @Test
    void minimumRsaSizeIsConfigurable() {
        PolicySettings settings = TestSettings.defaults().minRsaBits(3072).build();

        assertRejected(evaluate(settings, ca().leaf().rsa(2048).der()), RejectionReason.WEAK_KEY, "RSA 2048 bits < 3072");
    }

    @Test
    void weakKeyIsAcceptedWhenTheKeyStrengthCheckIsOff() {
        PolicySettings settings = TestSettings.defaults().keyStrengthCheck(false).build();

        assertThat(evaluate(settings, ca().leaf().rsa(2047).der()).accepted()).hasSize(1);
    }

    @Test
    void ecP256IsAccepted() {
        assertThat(evaluate(ca().leaf().ec("secp256r1").der()).accepted()).hasSize(1);
    }

    @Test
    void ecP384IsAccepted() {
        assertThat(evaluate(ca().leaf().ec("secp384r1").der()).accepted()).hasSize(1);
    }

    @Test
    void ecOnAnUnlistedCurveIsWeakKey() {
        assertRejected(evaluate(ca().leaf().ec("secp256k1").der()), RejectionReason.WEAK_KEY,
                "EC curve secp256k1 not allowed");
    }

    @Test
    void allowedCurvesAcceptAnyNameOfACurve() {
        PolicySettings settings = TestSettings.defaults().allowedCurves("prime256v1").build();

        assertThat(evaluate(settings, ca().leaf().ec("secp256r1").der()).accepted()).hasSize(1);
        assertThat(evaluate(settings, ca().leaf().ec("secp384r1").der()).rejections())
                .extracting(Rejection::reason).containsExactly(RejectionReason.WEAK_KEY);
    }

    @Test
    void sha256WithRsaSignatureIsAccepted() {
        assertThat(evaluate(ca().leaf().signatureAlgorithm("SHA256withRSA").der()).accepted()).hasSize(1);
    }

    @Test
    void sha1WithRsaSignatureIsWeakSignature() {
        assertRejected(evaluate(ca().leaf().signatureAlgorithm("SHA1withRSA").der()), RejectionReason.WEAK_SIGNATURE,
                "signature SHA1withRSA uses weak digest SHA-1");
    }

    @Test
    void md5WithRsaSignatureIsWeakSignature() {
        assertRejected(evaluate(ca().leaf().signatureAlgorithm("MD5withRSA").der()), RejectionReason.WEAK_SIGNATURE,
                "signature MD5withRSA uses weak digest MD5");
    }

    @Test
    void weakSignatureDigestsAreConfigurable() {
        PolicySettings settings = TestSettings.defaults().weakSignatureDigests("MD5").build();

        assertThat(evaluate(settings, ca().leaf().signatureAlgorithm("SHA1withRSA").der()).accepted()).hasSize(1);
        assertThat(evaluate(settings, ca().leaf().signatureAlgorithm("MD5withRSA").der()).rejections())
                .extracting(Rejection::reason).containsExactly(RejectionReason.WEAK_SIGNATURE);
    }

    @Test
    void weakSignatureIsAcceptedWhenTheSignatureStrengthCheckIsOff() {
        PolicySettings settings = TestSettings.defaults().signatureStrengthCheck(false).build();

        assertThat(evaluate(settings, ca().leaf().signatureAlgorithm("SHA1withRSA").der()).accepted()).hasSize(1);
    }

    @Test
    void weakKeyIsReportedBeforeWeakSignature() {
        byte[] certificate = ca().leaf().rsa(2047).signatureAlgorithm("SHA1withRSA").der();

        assertThat(evaluate(certificate).rejections()).extracting(Rejection::reason)
                .containsExactly(RejectionReason.WEAK_KEY);
    }
}
