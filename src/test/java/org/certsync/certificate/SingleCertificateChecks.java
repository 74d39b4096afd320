package org.certsync.certificate;

import static org.assertj.core.api.Assertions.assertThat;

/** Evaluating one certificate of the test user alice, for the tests of one rule each. */
final class SingleCertificateChecks {

    private SingleCertificateChecks() {
    }

    static Verdict evaluate(PolicySettings settings, byte[] certificate) {
        return new CertificatePolicy(settings, TestCertificates.clock()).evaluate(TestUsers.alice(certificate));
    }

    static Verdict evaluate(byte[] certificate) {
        return evaluate(PolicySettings.defaults(), certificate);
    }

    static void assertRejected(Verdict verdict, RejectionReason reason, String detail) {
        assertThat(verdict.accepted()).isEmpty();
        assertThat(verdict.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(reason);
            assertThat(r.detail()).isEqualTo(detail);
        });
    }
}
