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
        assertThat(approvals.held()).isEmpty();
        assertThat(approvals.open()).isEmpty();
    }

    @Test
    void anApprovalMeansTheHeldBackSetOnlyAndEachRecipientStillGone() {
        List<String> first = List.of("set1", "set2", "set3", "set4", "set5", "set6");
        List<String> second = List.of("later1", "later2", "later3", "later4", "later5", "later6");
        first.forEach(this::addUser);
        second.forEach(this::addUser);
        syncFull();
        first.forEach(directory::deleteUser);
        assertThat(syncFull().clearsHeldBack()).isEqualTo(6);
        ClearApprovals.Approval approval = approvals.approve("test-operator");
        assertThat(approval.recipients()).hasSize(6);

        // before the next run one of the approved comes back, and six others leave: more than the threshold again
        addUser("set1");
        second.forEach(directory::deleteUser);
        simulator.clearRequests();
        RunReport next = syncFull();

        // the approved set goes through, less the one who came back; the new leavers wait for their own approval
        assertThat(next.cleared()).isEqualTo(5);
        assertThat(next.changes()).filteredOn(c -> c.action().equals(RunReport.Change.CLEAR) && c.applied())
                .extracting(RunReport.Change::recipient)
                .containsExactlyInAnyOrderElementsOf(first.subList(1, 6).stream().map(DemoUsers::mail).toList());
        assertThat(next.status()).isEqualTo(RunStatus.THRESHOLD_EXCEEDED);
        assertThat(next.clearsHeldBack()).isEqualTo(6);
        assertThat(approvals.held().orElseThrow().recipients())
                .containsExactlyElementsOf(second.stream().map(DemoUsers::mail).sorted().toList());
        assertThat(approvals.open()).isEmpty();
        assertThat(jdbc.queryForObject("SELECT consumed_by_run FROM clear_approval WHERE id = ?", String.class, approval.id()))
                .isEqualTo(next.runId());

        // leave nothing held back for the other tests
        directory.deleteUser("set1");
        approvals.approve("test-operator");
        assertThat(syncFull().cleared()).isEqualTo(7);
        assertThat(approvals.held()).isEmpty();
    }

    @Test
    void anApprovalIsRefusedWhenNothingIsHeldBack() {
        syncFull();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> approvals.approve("test-operator"))
                .hasMessageStartingWith("nothing is held back");
    }

}
