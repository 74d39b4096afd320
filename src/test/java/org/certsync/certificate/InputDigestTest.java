package org.certsync.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certsync.certificate.TestCertificates.ca;

import java.nio.file.Path;
import java.util.List;

import org.certsync.directory.DirectoryUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The input digest a kept verdict is keyed by: equal for the same user under an equal policy, whichever instance
 * computes it; different as soon as anything a verdict depends on differs, the policy included, so that a policy
 * change judges everyone again.
 */
class InputDigestTest {

    private static final byte[] FIRST = ca().leaf().der();
    private static final byte[] SECOND = ca().leaf().der();
    private static final DirectoryUser ALICE = TestUsers.alice(List.of(FIRST, SECOND), List.of(FIRST));

    @TempDir
    Path directory;

    private static String digest(TestSettings settings, DirectoryUser user) {
        return new CertificatePolicy(settings.build(), TestCertificates.clock()).inputDigest(user);
    }

    @Test
    void theSameUserUnderAnEqualPolicyHasTheSameDigest() {
        assertThat(digest(TestSettings.defaults(), ALICE)).isEqualTo(digest(TestSettings.defaults(), ALICE))
                .hasSize(64);
        DirectoryUser sameValuesOtherDn = new DirectoryUser(ALICE.id(), "CN=moved,OU=Elsewhere", ALICE.mail(),
                ALICE.userPrincipalName(), ALICE.proxyAddresses(), ALICE.userCertificate(), ALICE.userSmimeCertificate());
        assertThat(digest(TestSettings.defaults(), sameValuesOtherDn)).as("the DN is no input of a verdict")
                .isEqualTo(digest(TestSettings.defaults(), ALICE));
    }

    @Test
    void everyInputOfTheUserChangesTheDigest() {
        String alice = digest(TestSettings.defaults(), ALICE);
        List<DirectoryUser> changed = List.of(
                TestUsers.alice(List.of(SECOND, FIRST), List.of(FIRST)),
                TestUsers.alice(List.of(FIRST), List.of(FIRST)),
                TestUsers.alice(List.of(FIRST, SECOND), List.of()),
                TestUsers.alice(List.of(FIRST), List.of(SECOND, FIRST)),
                TestUsers.alice(List.of(FIRST, SECOND, new byte[0]), List.of(FIRST)),
                new DirectoryUser(ALICE.id(), ALICE.dn(), "other@example.org", ALICE.userPrincipalName(),
                        ALICE.proxyAddresses(), ALICE.userCertificate(), ALICE.userSmimeCertificate()),
                new DirectoryUser(ALICE.id(), ALICE.dn(), ALICE.mail(), null,
                        ALICE.proxyAddresses(), ALICE.userCertificate(), ALICE.userSmimeCertificate()),
                new DirectoryUser(ALICE.id(), ALICE.dn(), ALICE.mail(), ALICE.userPrincipalName(),
                        ALICE.proxyAddresses().subList(1, ALICE.proxyAddresses().size()), ALICE.userCertificate(),
                        ALICE.userSmimeCertificate()));
        for (DirectoryUser user : changed) assertThat(digest(TestSettings.defaults(), user)).isNotEqualTo(alice);
    }

    @Test
    void aPolicyChangeChangesEveryDigest() {
        String defaults = digest(TestSettings.defaults(), ALICE);
        Path trustStore = TestCertificates.writePem(directory.resolve("trust.pem"), ca().certificate());
        Path otherTrustStore = TestCertificates.writePem(directory.resolve("other.pem"),
                ca().issueCa("Another Issuing CA").certificate());

        assertThat(List.of(
                digest(TestSettings.defaults().minRsaBits(3072), ALICE),
                digest(TestSettings.defaults().purposeCheck(false), ALICE),
                digest(TestSettings.defaults().maxValuesPerAttribute(1), ALICE),
                digest(TestSettings.defaults().trustStore(trustStore), ALICE),
                digest(TestSettings.defaults().trustStore(otherTrustStore), ALICE))).doesNotContain(defaults)
                .doesNotHaveDuplicates();
    }
}
