package org.certsync.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certsync.certificate.TestCertificates.NOW;
import static org.certsync.certificate.TestCertificates.ca;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.certsync.directory.DirectoryUser;
import org.certsync.state.Judgement;
import org.certsync.testsupport.MutableClock;

/**
 * A kept verdict is reused only when a fresh one would be the same. Each try is a history of one user under a policy
 * with every rule on, chain and revocation included (CRLs from a directory): the values change, the addresses change,
 * time passes (certificates expire or become valid, CRLs are read again), certificates are revoked, the CRL goes
 * missing and comes back. At every step the
 * user is handled as a reconcile handles it: when the kept judgement still {@link Judgement#answers answers} for the
 * user, a fresh verdict must count exactly as the kept one (same published set, accepted and rejected counts);
 * otherwise the fresh verdict is kept.
 */
class VerdictReuseProperties {

    private static final String OTHER_MAIL = "bob@example.org";
    private static final Duration CRL_CACHE_AGE = Duration.ofHours(1);
    private static final List<X509Certificate> POOL = pool();
    private static final byte[] GARBAGE = {0x30, 0x03, 0x02, 0x01, 0x07};

    /** Alice's certificates, each of them reaching a time boundary or a rule within the histories' days. */
    private static List<X509Certificate> pool() {
        return List.of(
                ca().leaf().build(),
                ca().leaf().validity(NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofHours(2))).build(),
                ca().leaf().validity(NOW.plus(Duration.ofHours(3)), NOW.plus(Duration.ofDays(100))).build(),
                ca().leaf().validity(NOW.minus(Duration.ofDays(100)), NOW.minus(Duration.ofDays(1))).build(),
                ca().leaf().validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofMinutes(30))).build(),
                ca().leaf().extendedKeyUsage(KeyPurposeId.id_kp_clientAuth).build(),
                ca().leaf().rfc822Names(OTHER_MAIL).build(),
                ca().leaf().build(),
                ca().leaf().build());
    }

    /** One change between two reconciles. */
    sealed interface Step {
        record Wait(Duration duration) implements Step {
        }

        record Values(List<Integer> userCertificate, List<Integer> userSmimeCertificate) implements Step {
        }

        record Mail(boolean alice) implements Step {
        }

        record Revoke(int certificate) implements Step {
        }

        /** The CRL file taken away (no CRL: revocation unknown) or put back. */
        record CrlPublished(boolean published) implements Step {
        }
    }

    @Property(tries = 300)
    void aKeptVerdictIsReusedOnlyWhenAFreshOneIsTheSame(@ForAll("initialValues") Step.Values initial,
                                                         @ForAll("histories") List<Step> history) throws IOException {
        Path directory = Files.createTempDirectory("certsync-reuse");
        try {
            History user = new History(directory, initial);
            user.reconcile();
            for (Step step : history) {
                user.apply(step);
                user.reconcile();
            }
            // not vacuous: verdicts are both reused and judged again over the tries
            Statistics.label("reused").coverage(coverage -> {
                coverage.check(true).percentage(p -> p > 20);
                coverage.check(false).percentage(p -> p > 20);
            });
        } finally {
            try (var files = Files.walk(directory)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** One user's history: its values, the clock, the CRL on disk, and the judgement kept from the last verdict. */
    private static final class History {
        private final MutableClock clock = new MutableClock(NOW);
        private final Path crls;
        private final CertificatePolicy policy;
        private final List<X509Certificate> revoked = new ArrayList<>();
        private Step.Values values;
        private boolean alice = true;
        private boolean crlPublished = true;
        private Judgement kept;

        History(Path directory, Step.Values values) throws IOException {
            this.values = values;
            this.crls = Files.createDirectory(directory.resolve("crls"));
            writeCrl();
            Path trustStore = TestCertificates.writePem(directory.resolve("trust.pem"), ca().certificate());
            this.policy = new CertificatePolicy(TestSettings.defaults().trustStore(trustStore).revocationCheck(true)
                    .crlDirectory(crls).crlMaxCacheAge(CRL_CACHE_AGE).build(), clock);
        }

        void apply(Step step) throws IOException {
            if (step instanceof Step.Wait wait) {
                clock.advance(wait.duration());
            } else if (step instanceof Step.Values changed) {
                values = changed;
            } else if (step instanceof Step.Mail mail) {
                alice = mail.alice();
            } else if (step instanceof Step.Revoke revoke) {
                revoked.add(POOL.get(revoke.certificate()));
                writeCrl();
            } else if (step instanceof Step.CrlPublished crl) {
                crlPublished = crl.published();
                writeCrl();
            }
        }

        /** As a reconcile does: reuse the kept judgement when it answers, else judge and keep the new one. */
        void reconcile() {
            DirectoryUser user = user();
            Verdict fresh = policy.evaluate(user);
            Judgement now = Judgement.of(fresh);
            boolean reused = kept != null && kept.answers(user.id(), policy.inputDigest(user), clock.instant());
            Statistics.label("reused").collect(reused);
            if (reused) {
                assertThat(now).as("a reused verdict's fresh counterpart is reusable too").isNotNull();
                assertThat(now.certificateSet()).as("published set").isEqualTo(kept.certificateSet());
                assertThat(now.accepted()).as("accepted").isEqualTo(kept.accepted());
                assertThat(now.rejected()).as("rejected by reason").isEqualTo(kept.rejected());
            } else {
                kept = now;
            }
        }

        private DirectoryUser user() {
            DirectoryUser alice = TestUsers.alice(values(values.userCertificate()), values(values.userSmimeCertificate()));
            return this.alice ? alice : new DirectoryUser(alice.id(), alice.dn(), OTHER_MAIL, null, List.of("SMTP:" + OTHER_MAIL),
                    alice.userCertificate(), alice.userSmimeCertificate());
        }

        private static List<byte[]> values(List<Integer> indexes) {
            return indexes.stream().map(i -> i < POOL.size() ? TestCertificates.der(POOL.get(i)) : GARBAGE).toList();
        }

        /** The CA's CRL as of now, revoking what the history revoked; read by the policy once its cache expires. */
        private void writeCrl() throws IOException {
            if (!crlPublished) {
                Files.deleteIfExists(crls.resolve("ca.crl"));
                return;
            }
            Files.write(crls.resolve("ca.crl"), ca().crl().thisUpdate(clock.instant().minusSeconds(1))
                    .nextUpdate(clock.instant().plus(Duration.ofDays(30)))
                    .revoke(revoked.toArray(X509Certificate[]::new)).der());
        }
    }

    @Provide
    Arbitrary<Step.Values> initialValues() {
        Arbitrary<List<Integer>> attribute = Arbitraries.integers().between(0, POOL.size()).list().ofMaxSize(4);
        return Combinators.combine(attribute, attribute).as(Step.Values::new);
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Step> wait = Arbitraries.of(Duration.ZERO, Duration.ofMinutes(1), Duration.ofMinutes(20),
                Duration.ofMinutes(61), Duration.ofHours(2), Duration.ofHours(4), Duration.ofDays(1)).map(Step.Wait::new);
        Arbitrary<Step> revoke = Arbitraries.integers().between(0, POOL.size() - 1).map(Step.Revoke::new);
        Arbitrary<Step> mail = Arbitraries.of(true, false).map(Step.Mail::new);
        Arbitrary<Step> crl = Arbitraries.of(true, false).map(Step.CrlPublished::new);
        Arbitrary<Step> values = initialValues().map(Step.class::cast);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, wait), net.jqwik.api.Tuple.of(2, revoke),
                net.jqwik.api.Tuple.of(1, mail), net.jqwik.api.Tuple.of(1, crl), net.jqwik.api.Tuple.of(2, values)).list().ofMinSize(1).ofMaxSize(12);
    }
}
