package org.certsync.hygiene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certsync.certificate.TestCertificates.NOW;
import static org.certsync.certificate.TestCertificates.ca;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.certsync.certificate.CertificatePolicy;
import org.certsync.certificate.Fingerprints;
import org.certsync.certificate.PolicySettings;
import org.certsync.certificate.TestCertificates;
import org.certsync.certificate.TestUsers;
import org.certsync.certificate.Verdict;
import org.certsync.directory.DirectoryEntry;
import org.certsync.directory.DirectoryUser;
import org.junit.jupiter.api.Test;

/** Which raw values hygiene removes, judged by the real certificate policy on generated certificates. */
class HygienePlannerTest {

    private static final List<String> DEFAULT_REASONS = List.of("expired", "revoked", "duplicate", "over-limit");

    private final CertificatePolicy policy = new CertificatePolicy(PolicySettings.defaults(), TestCertificates.clock());

    private HygienePlanner planner(List<String> reasons) {
        return new HygienePlanner(policy, reasons, Duration.ofDays(30), TestCertificates.clock());
    }

    private HygienePlan plan(DirectoryUser user) {
        return plan(user, false, Set.of());
    }

    private HygienePlan plan(DirectoryUser user, boolean adminCount, Set<String> restored) {
        return planner(DEFAULT_REASONS).plan(entry(user, adminCount), policy.evaluate(user), restored);
    }

    private static DirectoryEntry entry(DirectoryUser user, boolean adminCount) {
        return new DirectoryEntry(user, "userCertificate", "userSMIMECertificate", adminCount);
    }

    private static byte[] good(int daysOld) {
        return ca().leaf().notBefore(NOW.minus(Duration.ofDays(daysOld))).der();
    }

    private static byte[] expired(int daysAgo) {
        return ca().leaf().validity(NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(daysAgo))).der();
    }

    private static List<String> removed(HygienePlan plan) {
        return plan.removals().stream().map(r -> r.attribute() + " " + r.fingerprint() + " " + r.reason()).toList();
    }

    @Test
    void ofSixteenValuesTheThreeExpiredAndTheDuplicateAreRemoved() {
        List<byte[]> userCertificate = new ArrayList<>();
        for (int i = 1; i <= 12; i++) userCertificate.add(good(i));
        byte[] expiredA = expired(60), expiredB = expired(90), expiredC = expired(365);
        userCertificate.addAll(List.of(expiredA, expiredB, expiredC));
        // AD refuses the same value twice in one attribute: the duplicate is the same certificate in the other one
        byte[] duplicate = userCertificate.get(3).clone();

        HygienePlan plan = plan(TestUsers.alice(userCertificate, List.of(duplicate)));

        assertThat(removed(plan)).containsExactly(
                "userCertificate " + Fingerprints.sha256(expiredA) + " expired",
                "userCertificate " + Fingerprints.sha256(expiredB) + " expired",
                "userCertificate " + Fingerprints.sha256(expiredC) + " expired",
                "userSMIMECertificate " + Fingerprints.sha256(duplicate) + " duplicate");
        assertThat(plan.removals().get(3).value()).isEqualTo(duplicate);
        assertThat(plan.skipped()).isNull();
        assertThat(plan.notes()).isEmpty();
    }

    @Test
    void anExpiredCertificateIsRemovedOnlyAfterTheGracePeriod() {
        byte[] recent = expired(10);
        byte[] old = expired(31);

        HygienePlan plan = plan(TestUsers.alice(good(1), recent, old));

        assertThat(removed(plan)).containsExactly("userCertificate " + Fingerprints.sha256(old) + " expired");
    }

    @Test
    void theOldestValuesOverFifteenAreRemoved() {
        List<byte[]> values = new ArrayList<>();
        for (int i = 1; i <= 17; i++) values.add(good(i));

        HygienePlan plan = plan(TestUsers.alice(values, List.of()));

        assertThat(removed(plan)).containsExactly(
                "userCertificate " + Fingerprints.sha256(values.get(15)) + " over-limit",
                "userCertificate " + Fingerprints.sha256(values.get(16)) + " over-limit");
    }

    @Test
    void aBundleWithAGoodCertificateIsKeptAndReportedAndABundleOfABadOneWithItsChainIsRemoved() {
        X509Certificate goodLeaf = ca().leaf().build();
        X509Certificate expiredLeaf = TestCertificates.certificate(expired(60));
        byte[] mixed = TestCertificates.pkcs7(goodLeaf, expiredLeaf);
        // the chain Outlook adds: a CA certificate beside the expired one decides nothing
        byte[] expiredWithChain = TestCertificates.pkcs7(expiredLeaf, ca().certificate());

        HygienePlan plan = plan(TestUsers.alice(List.of(), List.of(mixed, expiredWithChain)));

        assertThat(removed(plan)).containsExactly("userSMIMECertificate " + Fingerprints.sha256(expiredWithChain)
                + " duplicate");
        assertThat(plan.notes()).singleElement().asString()
                .startsWith("userSMIMECertificate " + Fingerprints.sha256(mixed) + " kept: the PKCS#7 value holds");
    }

    @Test
    void aCaCertificateOnItsOwnIsNeverRemovedByDefault() {
        byte[] caValue = TestCertificates.der(ca().certificate());

        assertThat(plan(TestUsers.alice(good(1), caValue)).removals()).isEmpty();
    }

    @Test
    void addressMismatchAndUnparseableAreRemovedOnlyWhenConfigured() {
        byte[] otherAddress = ca().leaf().rfc822Names("bob@example.org").der();
        byte[] garbage = {0x30, 0x03, 0x01, 0x01};
        DirectoryUser user = TestUsers.alice(good(1), otherAddress, garbage);

        assertThat(plan(user).removals()).isEmpty();

        HygienePlan configured = planner(List.of("address-mismatch", "unparseable"))
                .plan(entry(user, false), policy.evaluate(user), Set.of());
        assertThat(removed(configured)).containsExactly(
                "userCertificate " + Fingerprints.sha256(otherAddress) + " address-mismatch",
                "userCertificate " + Fingerprints.sha256(garbage) + " unparseable");
    }

    @Test
    void anUndecidedVerdictLeavesTheUserAlone() {
        DirectoryUser user = TestUsers.alice(good(1), expired(60));

        HygienePlan plan = planner(DEFAULT_REASONS).plan(entry(user, false), new Verdict(user, List.of(), List.of(), true),
                Set.of());

        assertThat(plan.removals()).isEmpty();
        assertThat(plan.removes()).isFalse();
        assertThat(plan.skipped()).startsWith("policy-undecided");
    }

    @Test
    void anAccountAdminSdHolderProtectsIsSkippedWithWhatWouldBeRemoved() {
        byte[] old = expired(60);

        HygienePlan plan = plan(TestUsers.alice(good(1), old), true, Set.of());

        assertThat(plan.removes()).isFalse();
        assertThat(plan.skipped()).startsWith("adminsdholder-protected");
        assertThat(removed(plan)).containsExactly("userCertificate " + Fingerprints.sha256(old) + " expired");
    }

    @Test
    void aValueAnOperatorRestoredIsNotRemovedAgain() {
        byte[] old = expired(60);

        HygienePlan plan = plan(TestUsers.alice(good(1), old), false, Set.of(Fingerprints.sha256(old)));

        assertThat(plan.removals()).isEmpty();
        assertThat(plan.notes()).singleElement().asString().endsWith("kept: an operator restored it");
    }

    @Test
    void aUserWithOnlyGoodValuesHasNothingToReport() {
        assertThat(plan(TestUsers.alice(good(1), good(2))).worthReporting()).isFalse();
    }

    @Test
    void aUserWhoseEvaluationFailsIsLeftAloneAndTheOthersArePlanned() {
        byte[] oldOfFragile = expired(60);
        byte[] oldOfSturdy = expired(90);
        DirectoryUser fragile = new DirectoryUser("id-fragile", "CN=Fragile,DC=example,DC=org", TestCertificates.ALICE, null,
                List.of(), List.of(good(1), oldOfFragile), List.of());
        DirectoryUser sturdy = TestUsers.alice(good(1), oldOfSturdy);
        CertificatePolicy failing = new CertificatePolicy(PolicySettings.defaults(), TestCertificates.clock()) {
            @Override
            public Verdict evaluate(DirectoryUser user) {
                if (user == fragile) throw new IllegalStateException("the policy failed on this user");
                return super.evaluate(user);
            }
        };
        HygieneRun run = new HygieneRun("run-1", "test", false, NOW, "ldap://dc1 dc=example,dc=org", java.util.Map.of());

        List<HygienePlan> plans = new HygienePlanner(failing, DEFAULT_REASONS, Duration.ofDays(30), TestCertificates.clock())
                .plan(List.of(entry(fragile, false), entry(sturdy, false)), run);

        assertThat(plans).hasSize(2);
        assertThat(plans.get(0).skipped()).startsWith("policy-failed").contains("the policy failed on this user");
        assertThat(run.usersRead()).isEqualTo(2);
        assertThat(run.removing()).singleElement().satisfies(plan -> assertThat(removed(plan))
                .containsExactly("userCertificate " + Fingerprints.sha256(oldOfSturdy) + " expired"));
    }
}
