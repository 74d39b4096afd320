package org.certsync.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.ProducerTemplate;
import org.certsync.certificate.Fingerprints;
import org.certsync.demo.DemoCertificateAuthority;
import org.certsync.demo.DemoUser;
import org.certsync.demo.DemoUsers;
import org.certsync.demo.EmbeddedDirectory;
import org.certsync.demo.simulator.ExchangeOnlineSimulator;
import org.certsync.demo.simulator.LoggedRequest;
import org.certsync.testsupport.TenantFixture;
import org.springframework.beans.factory.annotation.Autowired;

/** What flow tests share: starting a sync the way the schedule does, and reading what reached the simulator. */
abstract class SyncFlowSupport {

    @Autowired
    ProducerTemplate producer;
    @Autowired
    SyncRuns runs;
    @Autowired(required = false)
    ExchangeOnlineSimulator simulator;
    @Autowired(required = false)
    EmbeddedDirectory directory;
    @Autowired(required = false)
    DemoCertificateAuthority ca;

    RunReport sync() {
        producer.sendBody("direct:sync-run", null);
        return runs.lastReport().orElseThrow();
    }

    /** A full read, as the daily reconcile starts it: the only runs that clear users who left the scope. */
    RunReport syncFull() {
        producer.sendBodyAndHeader("direct:sync-run", null, ReadPlanner.FULL_READ, true);
        return runs.lastReport().orElseThrow();
    }

    /**
     * Waits until the clock is in the next second. Delta windows on modifyTimestamp start at a whole second (servers
     * keep seconds only): a read that starts after this reads nothing of what changed before it, so a test can count.
     */
    static void nextSecond() {
        long now = java.time.Instant.now().getEpochSecond();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(2))
                .until(() -> java.time.Instant.now().getEpochSecond() > now);
    }

    /** Adds a user with one new, valid certificate to the demo directory; returns the certificate. */
    byte[] addUser(String uid) {
        return addUser(uid, ca.leaf(DemoUsers.mail(uid)));
    }

    /** Adds a user with one certificate issued as {@code leaf} describes; returns the certificate. */
    byte[] addUser(String uid, DemoCertificateAuthority.Leaf leaf) {
        return addUser(uid, DemoUsers.mail(uid), leaf);
    }

    /** Adds a user with this mail address (another entry may carry it too) and one certificate for it. */
    byte[] addUserWithMail(String uid, String mail) {
        return addUser(uid, mail, ca.leaf(mail));
    }

    private byte[] addUser(String uid, String mail, DemoCertificateAuthority.Leaf leaf) {
        byte[] certificate = ca.issue(leaf);
        directory.addUser(new DemoUser(uid, mail, List.of(), Map.of("userCertificate", List.of(certificate)),
                Set.of(Fingerprints.sha256(certificate)), Set.of(), "added by a test"));
        return certificate;
    }

    /** A copy of ./routes in a temporary folder, for tests that edit route files while the service runs. */
    static Path copyOfRoutes() {
        try {
            Path copy = Files.createTempDirectory("certsync-routes");
            try (var files = Files.list(Path.of("routes"))) {
                for (Path file : files.toList()) Files.copy(file, copy.resolve(file.getFileName()));
            }
            return copy;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The simulated tenant: the demo's, or outside the demo the shared fixture's. */
    ExchangeOnlineSimulator simulator() {
        return simulator != null ? simulator : TenantFixture.simulator();
    }

    /** The Set-* cmdlet calls the simulator received: the writes to Exchange Online. */
    List<LoggedRequest> setCalls() {
        return simulator().requests().stream().filter(r -> r.cmdlet() != null && r.cmdlet().startsWith("Set-")).toList();
    }
}
