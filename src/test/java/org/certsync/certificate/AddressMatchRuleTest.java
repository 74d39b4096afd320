package org.certsync.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certsync.certificate.TestCertificates.ALICE;
import static org.certsync.certificate.TestCertificates.ca;

import org.junit.jupiter.api.Test;

class AddressMatchRuleTest {

    private static Verdict evaluate(PolicySettings settings, byte[] certificate) {
        return new CertificatePolicy(settings, TestCertificates.clock()).evaluate(TestUsers.alice(certificate));
    }

    private static Verdict evaluate(byte[] certificate) {
        return evaluate(PolicySettings.defaults(), certificate);
    }

    @Test
    void rfc822NameEqualToMailMatches() {
        assertThat(evaluate(ca().leaf().rfc822Names(ALICE).der()).accepted()).hasSize(1);
    }

    @Test
    void rfc822NameEqualToAnSmtpProxyAddressMatches() {
        assertThat(evaluate(ca().leaf().rfc822Names(TestUsers.SECONDARY_SMTP).der()).accepted()).hasSize(1);
    }

    @Test
    void rfc822NameEqualToTheUpnMatches() {
        assertThat(evaluate(ca().leaf().rfc822Names(TestUsers.UPN).der()).accepted()).hasSize(1);
    }

    @Test
    void addressesMatchIgnoringCase() {
        assertThat(evaluate(ca().leaf().rfc822Names("Alice@EXAMPLE.org").der()).accepted()).hasSize(1);
    }

    @Test
    void emailAddressInTheSubjectMatches() {
        assertThat(evaluate(ca().leaf().rfc822Names().subjectEmail(ALICE).der()).accepted()).hasSize(1);
    }

    @Test
    void oneMatchingAddressAmongOthersIsEnough() {
        assertThat(evaluate(ca().leaf().rfc822Names("someone@else.org", ALICE).der()).accepted()).hasSize(1);
    }

    @Test
    void otherAddressIsAddressMismatch() {
        Verdict verdict = evaluate(ca().leaf().rfc822Names("mallory@example.org").der());

        assertThat(verdict.accepted()).isEmpty();
        assertThat(verdict.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectionReason.ADDRESS_MISMATCH);
            assertThat(r.detail()).isEqualTo(
                    "no rfc822Name matches alice@example.org (certificate has mallory@example.org)");
        });
    }

    @Test
    void nonSmtpProxyAddressesDoNotMatch() {
        Verdict verdict = evaluate(ca().leaf().rfc822Names("alice.sip@example.org").der());

        assertThat(verdict.rejections()).extracting(Rejection::reason)
                .containsExactly(RejectionReason.ADDRESS_MISMATCH);
    }

    @Test
    void certificateWithoutAnyAddressIsAddressMismatch() {
        Verdict verdict = evaluate(ca().leaf().rfc822Names().der());

        assertThat(verdict.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectionReason.ADDRESS_MISMATCH);
            assertThat(r.detail()).endsWith("(certificate has none)");
        });
    }

    @Test
    void mismatchIsAcceptedWhenAddressMatchIsNotRequired() {
        PolicySettings settings = TestSettings.defaults().requireAddressMatch(false).build();

        assertThat(evaluate(settings, ca().leaf().rfc822Names("mallory@example.org").der()).accepted()).hasSize(1);
    }
}
