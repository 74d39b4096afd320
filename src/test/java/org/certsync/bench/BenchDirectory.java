package org.certsync.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.certsync.demo.DemoCertificateAuthority;

/**
 * The benchmark's directory as LDIF: users with on average two certificates each, about one in ten of them
 * rejectable (expired, garbage, truncated, wrong purpose, not yet valid, a CA certificate, somebody else's address,
 * SHA-1), issued by {@link DemoCertificateAuthority} with its shared leaf key. Also the change set for the "1 %
 * changed" run. Issuing costs one RSA signature per certificate (about 1 ms), so the files are kept and reused
 * for {@link #REUSE_FOR}: a smaller directory is the first N users of a larger one.
 */
final class BenchDirectory {

    static final String BASE = "dc=bench,dc=certsync,dc=example";
    static final String PEOPLE = "ou=people," + BASE;
    static final String BIND_DN = "cn=certsync,ou=services," + BASE;
    static final String BIND_PASSWORD = "bench-directory-password";
    static final String USER_FILTER = "(objectClass=inetOrgPerson)";
    static final String DOMAIN = "bench.certsync.example";
    /** Every hundredth user (number % 100 == 17) gets a new certificate in the change set. */
    static final int CHANGED_EVERY = 100;

    /** Certificates stay in their category (valid, expired, not yet valid) well beyond this age. */
    private static final Duration REUSE_FOR = Duration.ofDays(7);
    private static final int USERS_PER_TASK = 500;
    private static final String HEADER = "# CertSync benchmark directory, users: ";
    private static final long DAY = 86_400;

    private final Path users;
    private final Path changes;

    private BenchDirectory(Path users, Path changes) {
        this.users = users;
        this.changes = changes;
    }

    /** The LDIF files for at least {@code count} users under {@code directory}, generated if missing or stale. */
    static BenchDirectory atLeast(int count, Path directory) throws IOException {
        Files.createDirectories(directory);
        BenchDirectory files = new BenchDirectory(directory.resolve("users.ldif"), directory.resolve("changes.ldif"));
        if (files.generatedUsers() < count) files.generate(count);
        return files;
    }

    /** The base entries, the service account CertSync binds as, and the first {@code count} users. */
    void writeEntries(int count, Writer out) throws IOException {
        out.write("""
                dn: %1$s
                objectClass: dcObject
                objectClass: organization
                dc: bench
                o: CertSync benchmark

                dn: %2$s
                objectClass: organizationalUnit
                ou: people

                dn: ou=services,%1$s
                objectClass: organizationalUnit
                ou: services

                dn: %3$s
                objectClass: organizationalRole
                objectClass: simpleSecurityObject
                cn: certsync
                userPassword: %4$s

                """.formatted(BASE, PEOPLE, BIND_DN, BIND_PASSWORD));
        copyEntries(users, count, out);
    }

    /** The modifications of the change set that concern the first {@code count} users. */
    void writeChanges(int count, Writer out) throws IOException {
        copyEntries(changes, changedUsers(count), out);
    }

    /** How many of the first {@code count} users the change set changes: 1 %. */
    static int changedUsers(int count) {
        return count / CHANGED_EVERY + (count % CHANGED_EVERY > 17 ? 1 : 0);
    }

    static String uid(int number) {
        return "bench%06d".formatted(number);
    }

    static String mail(int number) {
        return uid(number) + "@" + DOMAIN;
    }

    private int generatedUsers() throws IOException {
        if (!Files.exists(users) || !Files.exists(changes)) return 0;
        if (Files.getLastModifiedTime(users).toInstant().isBefore(Instant.now().minus(REUSE_FOR))) return 0;
        try (BufferedReader in = Files.newBufferedReader(users, StandardCharsets.US_ASCII)) {
            String first = in.readLine();
            return first != null && first.startsWith(HEADER) ? Integer.parseInt(first.substring(HEADER.length())) : 0;
        }
    }

    private void generate(int count) throws IOException {
        System.out.printf("Generating %,d users with certificates (once; reused for %d days) ...%n", count, REUSE_FOR.toDays());
        long started = System.nanoTime();
        DemoCertificateAuthority ca = new DemoCertificateAuthority("CertSync Benchmark Issuing CA");
        Path usersPart = Files.createTempFile(users.getParent(), "users", ".part");
        Path changesPart = Files.createTempFile(changes.getParent(), "changes", ".part");
        ExecutorService workers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try (BufferedWriter userOut = Files.newBufferedWriter(usersPart, StandardCharsets.US_ASCII);
             BufferedWriter changeOut = Files.newBufferedWriter(changesPart, StandardCharsets.US_ASCII)) {
            userOut.write(HEADER + count + "\n\n");
            // tasks are written in order; only a few are in flight, so memory stays small whatever the count
            List<Future<String[]>> inFlight = new ArrayList<>();
            for (int first = 1; first <= count; first += USERS_PER_TASK) {
                int from = first;
                int to = Math.min(count, first + USERS_PER_TASK - 1);
                inFlight.add(workers.submit(() -> new UserBatch(ca).write(from, to)));
                if (inFlight.size() > 2 * Runtime.getRuntime().availableProcessors()) writeNext(inFlight, userOut, changeOut);
            }
            while (!inFlight.isEmpty()) writeNext(inFlight, userOut, changeOut);
        } finally {
            workers.shutdownNow();
        }
        Files.move(changesPart, changes, StandardCopyOption.REPLACE_EXISTING);
        Files.move(usersPart, users, StandardCopyOption.REPLACE_EXISTING);
        System.out.printf("Generated in %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    private static void writeNext(List<Future<String[]>> inFlight, Writer users, Writer changes) throws IOException {
        try {
            String[] batch = inFlight.remove(0).get();
            users.write(batch[0]);
            changes.write(batch[1]);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating the directory", e);
        } catch (ExecutionException e) {
            throw new IOException("cannot generate the directory", e.getCause());
        }
    }

    /** Copies the first {@code count} LDIF records (blank-line separated, comments skipped). */
    private static void copyEntries(Path ldif, int count, Writer out) throws IOException {
        int copied = 0;
        boolean inRecord = false;
        try (BufferedReader in = Files.newBufferedReader(ldif, StandardCharsets.US_ASCII)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("#")) continue;
                if (line.isEmpty()) {
                    if (inRecord && ++copied == count) break;
                    inRecord = false;
                } else {
                    if (!inRecord && copied == count) break;
                    inRecord = true;
                }
                out.write(line);
                out.write('\n');
            }
        }
        out.write('\n');
        if (copied < count) throw new IllegalStateException(ldif + " holds " + copied + " records, " + count + " needed");
    }

    /** The users of one task and their changes, as LDIF text. */
    private static final class UserBatch {
        private final DemoCertificateAuthority ca;
        private final StringBuilder users = new StringBuilder();
        private final StringBuilder changes = new StringBuilder();

        UserBatch(DemoCertificateAuthority ca) {
            this.ca = ca;
        }

        String[] write(int from, int to) {
            Instant now = Instant.now();
            for (int number = from; number <= to; number++) user(number, now);
            return new String[]{users.toString(), changes.toString()};
        }

        /** The mix repeats every 40 users: 80 certificates, 8 of them rejectable. */
        private void user(int number, Instant now) {
            String mail = mail(number);
            users.append("dn: uid=").append(uid(number)).append(',').append(PEOPLE).append('\n')
                    .append("objectClass: inetOrgPerson\nobjectClass: certsyncBenchMailUser\n")
                    .append("uid: ").append(uid(number)).append('\n')
                    .append("cn: Bench User ").append(number).append('\n')
                    .append("sn: User ").append(number).append('\n')
                    .append("mail: ").append(mail).append('\n')
                    .append("userPrincipalName: ").append(mail).append('\n')
                    .append("proxyAddresses: SMTP:").append(mail).append('\n');
            byte[] valid = issue(mail);
            switch (number % 40) {
                case 0 -> certificate(valid);
                case 1 -> {
                    certificate(ca.issue(ca.leaf(mail).withValidity(now.minusSeconds(400 * DAY), now.minusSeconds(DAY))));
                    certificate(valid);
                    smime(DemoCertificateAuthority.bundle(List.of(issue(mail))));
                }
                case 2 -> certificate(valid).smime("not a certificate at all".getBytes(StandardCharsets.US_ASCII));
                case 3 -> certificate(ca.issue(ca.leaf(mail).withoutEmailProtection())).smime(valid);
                case 4 -> certificate(ca.issue(ca.leaf(mail).withValidity(now.plusSeconds(30 * DAY), now.plusSeconds(400 * DAY))))
                        .smime(valid);
                case 5 -> certificate(ca.caCertificate()).smime(valid);
                case 6 -> certificate(ca.issue(ca.leaf("someone.else@" + DOMAIN))).smime(valid);
                case 7 -> certificate(ca.issue(ca.leaf(mail).signedWith("SHA1withRSA"))).smime(valid);
                case 8 -> {
                    byte[] other = issue(mail);
                    certificate(valid).smime(Arrays.copyOf(other, other.length / 2));
                }
                default -> certificate(valid).smime(number % 2 == 0 ? DemoCertificateAuthority.bundle(List.of(issue(mail))) : issue(mail));
            }
            users.append('\n');
            if (number % CHANGED_EVERY == 17) change(number);
        }

        /** A renewal added to userCertificate, or userSMIMECertificate replaced by a new bundle. */
        private void change(int number) {
            String dn = "uid=" + uid(number) + "," + PEOPLE;
            boolean add = (number / CHANGED_EVERY) % 2 == 0;
            String attribute = add ? "userCertificate;binary" : "userSMIMECertificate";
            byte[] value = add ? issue(mail(number)) : DemoCertificateAuthority.bundle(List.of(issue(mail(number))));
            changes.append("dn: ").append(dn).append("\nchangetype: modify\n")
                    .append(add ? "add: " : "replace: ").append(attribute).append('\n')
                    .append(attribute).append(":: ").append(Base64.getEncoder().encodeToString(value)).append("\n-\n\n");
        }

        private byte[] issue(String mail) {
            return ca.issue(ca.leaf(mail));
        }

        // OpenLDAP checks the certificate syntax of userCertificate, so garbage can only go to userSMIMECertificate
        private UserBatch certificate(byte[] value) {
            return value("userCertificate;binary", value);
        }

        private UserBatch smime(byte[] value) {
            return value("userSMIMECertificate", value);
        }

        private UserBatch value(String attribute, byte[] value) {
            users.append(attribute).append(":: ").append(Base64.getEncoder().encodeToString(value)).append('\n');
            return this;
        }
    }
}
