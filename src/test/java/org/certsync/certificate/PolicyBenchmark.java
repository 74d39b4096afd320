package org.certsync.certificate;

import static org.certsync.certificate.TestCertificates.ca;

import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.certsync.directory.DirectoryUser;

/**
 * Certificates per second through parse + the full policy, on one thread (so: per core). Not a test: run it with
 * {@code bench/policy-benchmark [seconds per round]}; the results go to docs/benchmarks.md.
 * <p>
 * Each user has two distinct certificates, a bare DER one in userCertificate and a PKCS#7 bundle of one in
 * userSMIMECertificate, as Outlook publishes them. 2,000 distinct certificates are cycled through: more than the
 * JDK's internal cache of parsed certificates holds (750), so that every evaluation really parses.
 */
public final class PolicyBenchmark {

    private static final int USERS = 1000;
    private static final int CERTIFICATES_PER_USER = 2;
    private static final int REVOKED_SERIALS = 1000;
    private static final Duration WARM_UP = Duration.ofSeconds(3);
    /** Several rounds, reported as median and best: on a shared host the best round is the least disturbed. */
    private static final int ROUNDS = 3;

    private record Scenario(String name, PolicySettings settings) {
    }

    private record Result(String scenario, double median, double best) {
    }

    private PolicyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Duration measure = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 5);
        List<DirectoryUser> users = users();
        Path directory = Files.createTempDirectory("certsync-benchmark");
        Path trustStore = TestCertificates.writePem(directory.resolve("trust.pem"), ca().certificate());
        Path crls = Files.createDirectory(directory.resolve("crls"));
        Files.write(crls.resolve("test-ca.crl"), revokedElsewhere());

        List<Scenario> scenarios = List.of(
                new Scenario("parse + rules, no chain, no CRL", PolicySettings.defaults()),
                new Scenario("+ chain (PKIX to trust store)", TestSettings.defaults().trustStore(trustStore).build()),
                new Scenario("+ chain + CRL from crl-directory (cached, " + REVOKED_SERIALS + " entries)",
                        TestSettings.defaults().trustStore(trustStore).revocationCheck(true).crlDirectory(crls).build()));
        List<Result> results = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            CertificatePolicy policy = new CertificatePolicy(scenario.settings(), TestCertificates.clock());
            run(policy, users, WARM_UP);
            double[] rates = new double[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                rates[round] = run(policy, users, measure) / (measure.toNanos() / 1e9);
            }
            Arrays.sort(rates);
            results.add(new Result(scenario.name(), rates[ROUNDS / 2], rates[ROUNDS - 1]));
        }
        print(results, measure);
    }

    private static List<DirectoryUser> users() {
        List<DirectoryUser> users = new ArrayList<>(USERS);
        for (int i = 0; i < USERS; i++) {
            X509Certificate smime = ca().leaf().build();
            users.add(TestUsers.alice(List.of(ca().leaf().der()), List.of(TestCertificates.pkcs7(smime))));
        }
        return users;
    }

    /** A realistic CRL: many entries, none of them the benchmark's certificates. */
    private static byte[] revokedElsewhere() {
        TestCertificates.CrlBuilder crl = ca().crl();
        for (int i = 0; i < REVOKED_SERIALS; i++) crl.revoke(BigInteger.valueOf(1_000_000_000L + i));
        return crl.der();
    }

    /** @return certificates evaluated within the duration; fails if any was not accepted (a broken setup). */
    private static long run(CertificatePolicy policy, List<DirectoryUser> users, Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        long certificates = 0;
        int next = 0;
        while (System.nanoTime() < end) {
            Verdict verdict = policy.evaluate(users.get(next));
            if (verdict.accepted().size() != CERTIFICATES_PER_USER) {
                throw new IllegalStateException("benchmark certificate rejected: " + verdict.rejections());
            }
            certificates += CERTIFICATES_PER_USER;
            next = (next + 1) % users.size();
        }
        return certificates;
    }

    private static void print(List<Result> results, Duration measure) {
        System.out.println();
        System.out.printf(Locale.ROOT, "Single thread; %d s warm-up, then %d rounds of %d s per scenario; "
                        + "%d distinct certificates; system load average at the end: %.2f%n%n",
                WARM_UP.toSeconds(), ROUNDS, measure.toSeconds(), USERS * CERTIFICATES_PER_USER,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("| Scenario | certificates/s, median | certificates/s, best | µs per certificate (best) |");
        System.out.println("|---|---:|---:|---:|");
        for (Result result : results) {
            System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f | %.1f |%n", result.scenario(), result.median(),
                    result.best(), 1e6 / result.best());
        }
    }
}
