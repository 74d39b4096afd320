package org.certsync.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certsync.certificate.TestCertificates.NOW;
import static org.certsync.certificate.TestCertificates.ca;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.certsync.directory.DirectoryUser;
import org.junit.jupiter.api.Test;

class DuplicatesAndCapTest {

    private static Verdict evaluate(PolicySettings settings, DirectoryUser user) {
        return new CertificatePolicy(settings, TestCertificates.clock()).evaluate(user);
    }

    private static Verdict evaluate(DirectoryUser user) {
        return evaluate(PolicySettings.defaults(), user);
    }

    /** Leaves whose notBefore is 1..count days ago, shuffled so that directory order says nothing. */
    private static List<X509Certificate> leaves(int count) {
        List<X509Certificate> leaves = new ArrayList<>();
        for (int day = 1; day <= count; day++) leaves.add(ca().leaf().notBefore(NOW.minus(Duration.ofDays(day))).build());
        Collections.shuffle(leaves, new Random(count));
        return leaves;
    }

    private static Instant notBefore(int daysAgo) {
        return NOW.minus(Duration.ofDays(daysAgo));
    }

    @Test
    void sameCertificateTwiceInOneAttributeIsPublishedOnce() {
        byte[] certificate = ca().leaf().der();

        Verdict verdict = evaluate(TestUsers.alice(certificate, certificate.clone()));

        assertThat(verdict.accepted()).hasSize(1);
        assertThat(verdict.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectionReason.DUPLICATE);
            assertThat(r.fingerprint()).isEqualTo(Fingerprints.sha256(certificate));
        });
    }

    @Test
    void certificateInBothAttributesIsPublishedInUserCertificate() {
        X509Certificate leaf = ca().leaf().build();

        Verdict verdict = evaluate(TestUsers.alice(List.of(TestCertificates.der(leaf)),
                List.of(TestCertificates.pkcs7(leaf))));

        assertThat(verdict.accepted()).extracting(AcceptedCertificate::attribute)
                .containsExactly(CertificateAttribute.USER_CERTIFICATE);
        assertThat(verdict.rejections()).singleElement().satisfies(r -> {
            assertThat(r.attribute()).isEqualTo(CertificateAttribute.USER_SMIME_CERTIFICATE);
            assertThat(r.reason()).isEqualTo(RejectionReason.DUPLICATE);
        });
    }

    @Test
    void certificateAsBareValueAndInABundleOfTheSameAttributeIsPublishedOnce() {
        X509Certificate leaf = ca().leaf().build();

        Verdict verdict = evaluate(TestUsers.alice(List.of(),
                List.of(TestCertificates.der(leaf), TestCertificates.pkcs7(leaf))));

        assertThat(verdict.accepted()).hasSize(1);
        assertThat(verdict.rejections()).extracting(Rejection::reason).containsExactly(RejectionReason.DUPLICATE);
    }

    @Test
    void laterCopyOfARejectedCertificateIsStillADuplicate() {
        byte[] expired = ca().leaf().validity(NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(30))).der();

        Verdict verdict = evaluate(TestUsers.alice(expired, expired));

        assertThat(verdict.rejections()).extracting(Rejection::reason)
                .containsExactly(RejectionReason.EXPIRED, RejectionReason.DUPLICATE);
    }

    @Test
    void bundleOfOneCertificateIsPublished() {
        Verdict verdict = evaluate(TestUsers.alice(List.of(), List.of(TestCertificates.pkcs7(leaves(1)))));

        assertThat(verdict.accepted()).hasSize(1);
        assertThat(verdict.rejections()).isEmpty();
    }

    @Test
    void bundleOfFifteenCertificatesIsPublishedCompletely() {
        Verdict verdict = evaluate(TestUsers.alice(List.of(), List.of(TestCertificates.pkcs7(leaves(15)))));

        assertThat(verdict.accepted()).hasSize(15);
        assertThat(verdict.rejections()).isEmpty();
    }

    @Test
    void bundleOfSixteenCertificatesLosesTheOldest() {
        Verdict verdict = evaluate(TestUsers.alice(List.of(), List.of(TestCertificates.pkcs7(leaves(16)))));

        assertThat(verdict.accepted()).hasSize(15)
                .allSatisfy(c -> assertThat(c.notBefore()).isAfterOrEqualTo(notBefore(15)));
        assertThat(verdict.rejections()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectionReason.OVER_LIMIT);
            assertThat(r.detail()).isEqualTo("notBefore " + notBefore(16)
                    + ": only the 15 newest certificates are published (max-values-per-attribute)");
        });
    }

    @Test
    void bundleOfTwentyCertificatesKeepsTheFifteenNewest() {
        Verdict verdict = evaluate(TestUsers.alice(List.of(), List.of(TestCertificates.pkcs7(leaves(20)))));

        assertThat(verdict.accepted()).hasSize(15)
                .allSatisfy(c -> assertThat(c.notBefore()).isAfterOrEqualTo(notBefore(15)));
        assertThat(verdict.rejections()).hasSize(5)
                .allSatisfy(r -> assertThat(r.reason()).isEqualTo(RejectionReason.OVER_LIMIT));
    }

    @Test
    void capCountsEachAttributeSeparately() {
        List<byte[]> userCertificate = leaves(15).stream().map(TestCertificates::der).toList();
        List<byte[]> userSmimeCertificate = List.of(TestCertificates.pkcs7(leaves(15)));

        Verdict verdict = evaluate(TestUsers.alice(userCertificate, userSmimeCertificate));

        assertThat(verdict.accepted(CertificateAttribute.USER_CERTIFICATE)).hasSize(15);
        assertThat(verdict.accepted(CertificateAttribute.USER_SMIME_CERTIFICATE)).hasSize(15);
    }

    @Test
    void rejectedCertificatesDoNotCountTowardsTheCap() {
        List<byte[]> values = new ArrayList<>(leaves(15).stream().map(TestCertificates::der).toList());
        for (int i = 0; i < 3; i++) values.add(ca().leaf().rfc822Names("mallory@example.org").der());

        Verdict verdict = evaluate(TestUsers.alice(values, List.of()));

        assertThat(verdict.accepted()).hasSize(15);
        assertThat(verdict.rejections()).extracting(Rejection::reason)
                .containsOnly(RejectionReason.ADDRESS_MISMATCH).hasSize(3);
    }

    @Test
    void capIsConfigurableAndKeepsDirectoryOrder() {
        byte[] oldest = ca().leaf().notBefore(notBefore(3)).der();
        byte[] newest = ca().leaf().notBefore(notBefore(1)).der();
        byte[] middle = ca().leaf().notBefore(notBefore(2)).der();

        Verdict verdict = evaluate(TestSettings.defaults().maxValuesPerAttribute(2).build(),
                TestUsers.alice(oldest, newest, middle));

        assertThat(verdict.accepted()).extracting(AcceptedCertificate::der).containsExactly(newest, middle);
        assertThat(verdict.rejections()).singleElement()
                .satisfies(r -> assertThat(r.fingerprint()).isEqualTo(Fingerprints.sha256(oldest)));
    }

    @Test
    void entriesSharingAnAddressArePublishedTogetherEachCertificateOnceCappedAsOneEntry() {
        List<X509Certificate> leaves = leaves(20);
        byte[] common = TestCertificates.der(leaves.get(0));
        List<byte[]> first = new ArrayList<>(leaves.subList(0, 10).stream().map(TestCertificates::der).toList());
        List<byte[]> second = new ArrayList<>(leaves.subList(10, 20).stream().map(TestCertificates::der).toList());
        second.add(common);
        DirectoryUser a = TestUsers.alice(first, List.of());
        DirectoryUser b = new DirectoryUser("id-alice-2", "CN=Alice 2,OU=Users,DC=example,DC=org", a.mail(), null,
                List.of(), second, List.of());
        CertificatePolicy policy = new CertificatePolicy(PolicySettings.defaults(), TestCertificates.clock());

        Verdict together = policy.evaluateTogether(List.of(b, a));

        assertThat(together.accepted()).hasSize(15).extracting(AcceptedCertificate::notBefore)
                .allMatch(notBefore -> notBefore.isAfter(notBefore(16)));
        assertThat(together.rejections()).extracting(Rejection::reason).containsOnly(RejectionReason.OVER_LIMIT,
                RejectionReason.DUPLICATE).filteredOn(RejectionReason.DUPLICATE::equals).hasSize(1);
        assertThat(together.user().id()).as("the entries in the order of their ids").isEqualTo("id-alice");
        assertThat(together.user().mail()).isEqualTo(a.mail());
        assertThat(together.user().dn()).isEqualTo("2 entries: " + a.dn() + "; " + b.dn());
        assertThat(policy.evaluateTogether(List.of(a)).accepted()).extracting(AcceptedCertificate::fingerprint)
                .containsExactlyElementsOf(policy.evaluate(a).accepted().stream().map(AcceptedCertificate::fingerprint).toList());
    }
}
