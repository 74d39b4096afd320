package org.certsync.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certsync.certificate.TestCertificates.NOW;
import static org.certsync.certificate.TestCertificates.ca;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ValidityRuleTest {

    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    private static final Duration YEAR = Duration.ofDays(365);

    private static Verdict evaluate(PolicySettings settings, byte[] certificate) {
        return new CertificatePolicy(settings, TestCertificates.clock()).evaluate(TestUsers.alice(certificate));
    }

    private static PolicySettings withoutSkew() {
        return TestSettings.defaults().clockSkew(Duration.ZERO).build();
    }

    @Test
    void certificateExpiringInOneSecondIsAccepted() {
        byte[] certificate = ca().leaf().validity(NOW.minus(YEAR), NOW.plus(ONE_SECOND)).der();

        Verdict verdict = evaluate(withoutSkew(), certificate);

        assertThat(verdict.rejections()).isEmpty();
        assertThat(verdict.accepted()).singleElement().satisfies(c -> assertThat(c.der()).isEqualTo(certificate));
    }

    @Test
    void certificateExpiredOneSecondAgoIsRejected() {
        byte[] certificate = ca().leaf().validity(NOW.minus(YEAR), NOW.minus(ONE_SECOND)).der();

        Verdict verdict = evaluate(withoutSkew(), certificate);

        assertThat(verdict.accepted()).isEmpty();
        assertThat(verdict.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectionReason.EXPIRED);
            assertThat(r.detail()).isEqualTo("expired " + NOW.minus(ONE_SECOND));
        });
    }

    @Test
    void certificateValidFromOneSecondAgoIsAccepted() {
        byte[] certificate = ca().leaf().validity(NOW.minus(ONE_SECOND), NOW.plus(YEAR)).der();

        assertThat(evaluate(withoutSkew(), certificate).accepted()).hasSize(1);
    }

    @Test
    void certificateValidFromInOneSecondIsNotYetValid() {
        byte[] certificate = ca().leaf().validity(NOW.plus(ONE_SECOND), NOW.plus(YEAR)).der();

        Verdict verdict = evaluate(withoutSkew(), certificate);

        assertThat(verdict.accepted()).isEmpty();
        assertThat(verdict.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectionReason.NOT_YET_VALID);
            assertThat(r.detail()).isEqualTo("valid from " + NOW.plus(ONE_SECOND));
        });
    }

    @Test
    void certificateExpiredWithinTheDefaultClockSkewIsAccepted() {
        byte[] certificate = ca().leaf().validity(NOW.minus(YEAR), NOW.minus(Duration.ofMinutes(5))).der();

        assertThat(evaluate(PolicySettings.defaults(), certificate).accepted()).hasSize(1);
    }

    @Test
    void certificateExpiredJustBeyondTheDefaultClockSkewIsRejected() {
        byte[] certificate = ca().leaf()
                .validity(NOW.minus(YEAR), NOW.minus(Duration.ofMinutes(5)).minus(ONE_SECOND)).der();

        assertThat(evaluate(PolicySettings.defaults(), certificate).rejections())
                .extracting(Rejection::reason).containsExactly(RejectionReason.EXPIRED);
    }

    @Test
    void certificateValidWithinTheDefaultClockSkewIsAccepted() {
        byte[] certificate = ca().leaf().validity(NOW.plus(Duration.ofMinutes(5)), NOW.plus(YEAR)).der();

        assertThat(evaluate(PolicySettings.defaults(), certificate).accepted()).hasSize(1);
    }

    @Test
    void certificateValidJustBeyondTheDefaultClockSkewIsNotYetValid() {
        byte[] certificate = ca().leaf()
                .validity(NOW.plus(Duration.ofMinutes(5)).plus(ONE_SECOND), NOW.plus(YEAR)).der();

        assertThat(evaluate(PolicySettings.defaults(), certificate).rejections())
                .extracting(Rejection::reason).containsExactly(RejectionReason.NOT_YET_VALID);
    }
}
