package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.certsync.certificate.Fingerprints;
import org.certsync.demo.DemoUsers;
import org.certsync.state.ClearApprovals;
import org.certsync.state.PublishedState;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/** Removals, the deletion threshold with operator approval, dry runs and the audit trail, end to end. */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.demo=true",
        "certsync.demo.data-dir=",
        "certsync.scheduler.enabled=false",
        "certsync.safety.max-clears=5",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/safety/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/safety/last-run.json",
        "certsync.report-dir=target/test-data/safety/history"})
class SafetyFlowTest extends SyncFlowSupport {

    @Autowired
    PublishedState state;
    @Autowired
    ClearApprovals approvals;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void recipientThatLeavesTheScopeIsClearedAndAudited() {
        byte[] certificate = addUser("leaver");
        sync();
        simulator.clearRequests();

        directory.deleteUser("leaver");
        RunReport delta = sync();
        assertThat(delta.mode()).isEqualTo("delta");
        assertThat(delta.cleared()).as("a delta read does not see who left").isZero();
        RunReport report = syncFull();

        assertThat(report.mode()).isEqualTo("full");
        assertThat(report.cleared()).isEqualTo(1);
        assertThat(setCalls()).extracting(r -> r.identity()).containsExactly(DemoUsers.mail("leaver"));
        assertThat(simulator.recipient(DemoUsers.mail("leaver")).orElseThrow().userCertificate()).isEmpty();
        assertThat(jdbc.queryForList("SELECT before_fingerprints, after_fingerprints FROM audit_change"
                + " WHERE recipient = ? AND attribute = 'userCertificate' ORDER BY id", DemoUsers.mail("leaver")))
                .extracting(row -> row.get("BEFORE_FINGERPRINTS") + " -> " + row.get("AFTER_FINGERPRINTS"))
                .containsExactly(" -> " + Fingerprints.sha256(certificate), Fingerprints.sha256(certificate) + " -> ");
    }

    @Test
    void userWhoseOnlyCertificateExpiredIsCleared() {
        addUser("expiring");
        sync();

        directory.replaceValues("expiring", "userCertificate", ca.issue(ca.leaf(DemoUsers.mail("expiring"))
                .withValidity(Instant.now().minusSeconds(400L * 86_400), Instant.now().minusSeconds(86_400))));
        RunReport report = sync();

        assertThat(report.changes()).filteredOn(c -> c.recipient().equals(DemoUsers.mail("expiring")))
                .singleElement().satisfies(c -> {
                    assertThat(c.action()).isEqualTo("clear");
                    assertThat(c.applied()).isTrue();
                });
        assertThat(simulator.recipient(DemoUsers.mail("expiring")).orElseThrow().userCertificate()).isEmpty();
    }

    @Test
    void dryRunListsTheChangesAndWritesNothing() {
        sync();
        addUser("dry");
        simulator.clearRequests();

        producer.sendBodyAndHeader("direct:sync-run", null, SyncRuns.DRY_RUN, true);
        RunReport report = runs.lastReport().orElseThrow();

        assertThat(report.dryRun()).isTrue();
        assertThat(simulator.requests()).isEmpty();
        assertThat(state.find(DemoUsers.mail("dry"))).isEmpty();
        assertThat(report.changes()).singleElement().satisfies(c -> {
            assertThat(c.recipient()).isEqualTo(DemoUsers.mail("dry"));
            assertThat(c.applied()).isFalse();
            assertThat(c.userCertificateBefore()).isEmpty();
            assertThat(c.userCertificateAfter()).hasSize(1);
        });

        directory.deleteUser("dry");
    }

    @Test
    void clearsAboveTheThresholdAreHeldBackUntilAnOperatorApproves() {
        List<String> uids = List.of("mass1", "mass2", "mass3", "mass4", "mass5", "mass6");
        uids.forEach(this::addUser);
        sync();
        uids.forEach(directory::deleteUser);
        addUser("newcomer");
        simulator.clearRequests();

        RunReport held = syncFull();

        assertThat(held.status()).isEqualTo(RunStatus.THRESHOLD_EXCEEDED);
        assertThat(held.clearsHeldBack()).isEqualTo(6);
        assertThat(held.message()).contains("certsync.safety.max-clears=5");
        // the rest is still published, nothing is cleared
        assertThat(setCalls()).extracting(r -> r.identity()).containsExactly(DemoUsers.mail("newcomer"));

        approvals.approve("test-operator");
        simulator.clearRequests();
        RunReport approved = sync();

        // a regular run, but a full read: the clears held back are found only by reading everyone again
        assertThat(approved.mode()).isEqualTo("full");
        assertThat(approved.fullReadReason()).contains("held clears back");
        assertThat(approved.cleared()).isEqualTo(6);
        assertThat(setCalls()).hasSize(6);
        assertThat(approvals.pending()).isFalse();
    }

}
