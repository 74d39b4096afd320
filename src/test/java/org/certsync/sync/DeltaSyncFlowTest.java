package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.certsync.demo.DemoUsers;
import org.certsync.ops.SyncControl;
import org.certsync.state.DeadLetters;
import org.certsync.state.PublishedState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Delta sync on the demo directory (modifyTimestamp tracking): after a complete read, a run asks the directory only
 * for the changed entries, plus the users that must be read again; the directory's own count of entries sent shows
 * what was read.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.demo=true",
        "certsync.demo.data-dir=",
        "certsync.scheduler.enabled=false",
        "certsync.policy.clock-skew=0s",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/delta/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/delta/last-run.json",
        "certsync.report-dir=target/test-data/delta/history"})
class DeltaSyncFlowTest extends SyncFlowSupport {

    @Autowired
    PublishedState state;
    @Autowired
    DeadLetters deadLetters;
    @Autowired
    SyncControl control;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;
    @Autowired
    org.apache.camel.CamelContext camel;

    @BeforeEach
    void completeReadBefore() {
        // the last test's changes must lie in an earlier second than this read's start
        nextSecond();
        syncFull();
        simulator.clearRequests();
    }

    @Test
    void aDeltaRunReadsOnlyTheChangedEntries() {
        addUser("delta-new");
        String renewed = directory.users().stream().filter(u -> !u.expectedUserCertificate().isEmpty())
                .findFirst().orElseThrow().uid();
        directory.addValue(renewed, "userCertificate", ca.issue(ca.leaf(DemoUsers.mail(renewed))));
        long sentBefore = directory.entriesSent();

        RunReport report = sync();

        assertThat(report.mode()).isEqualTo("delta");
        assertThat(report.fullReadReason()).isNull();
        assertThat(directory.entriesSent() - sentBefore).isEqualTo(2);
        assertThat(report.usersScanned()).isEqualTo(2);
        assertThat(report.published()).isEqualTo(2);
        assertThat(setCalls()).extracting(r -> r.identity())
                .containsExactlyInAnyOrder(DemoUsers.mail("delta-new"), DemoUsers.mail(renewed));
    }

    @Test
    void nothingChangedReadsNothingAndSucceeds() {
        long sentBefore = directory.entriesSent();

        RunReport report = sync();

        assertThat(report.mode()).isEqualTo("delta");
        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(report.usersScanned()).isZero();
        assertThat(directory.entriesSent()).isEqualTo(sentBefore);
        assertThat(simulator.requests()).isEmpty();
    }

    @Test
    void aFailedPublishIsReadAgainByTheNextDeltaRun() {
        String mail = DemoUsers.mail("delta-refused");
        simulator.failNextCmdlet(mail, "|Microsoft.Exchange.Data.Storage.StoragePermanentException|The mailbox is on litigation hold.");
        addUser("delta-refused");
        assertThat(sync().failed()).isEqualTo(1);
        assertThat(deadLetters.list()).extracting(DeadLetters.DeadLetter::recipient).contains(mail);

        // the hold was lifted; the user's directory entry did not change
        simulator.clearRequests();
        long sentBefore = directory.entriesSent();
        RunReport report = sync();

        assertThat(report.mode()).isEqualTo("delta");
        assertThat(directory.entriesSent() - sentBefore).isEqualTo(1);
        assertThat(report.published()).isEqualTo(1);
        assertThat(deadLetters.list()).extracting(DeadLetters.DeadLetter::recipient).doesNotContain(mail);
    }

    @Test
    void aConsoleResyncIsReadAgainByTheNextDeltaRun() {
        String mail = directory.users().stream().filter(u -> !u.expectedUserCertificate().isEmpty())
                .findFirst().orElseThrow().mail();

        assertThat(control.resyncUser(mail)).contains("the next run reads the user again");
        long sentBefore = directory.entriesSent();
        RunReport report = sync();

        assertThat(report.mode()).isEqualTo("delta");
        assertThat(directory.entriesSent() - sentBefore).isEqualTo(1);
        assertThat(setCalls()).extracting(r -> r.identity()).containsExactly(mail);
    }

    @Test
    void aPublishedCertificateThatExpiresIsReadAgainAndCleared() {
        Instant notAfter = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
        addUser("delta-expiring",
                ca.leaf(DemoUsers.mail("delta-expiring")).withValidity(Instant.now().minusSeconds(60), notAfter));
        assertThat(sync().published()).isEqualTo(1);
        assertThat(state.find(DemoUsers.mail("delta-expiring"))).isPresent();

        // the certificate's end is the only thing that changes: the directory entry stays as it is
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(notAfter));
        simulator.clearRequests();
        long sentBefore = directory.entriesSent();
        RunReport report = sync();

        assertThat(report.mode()).isEqualTo("delta");
        assertThat(directory.entriesSent() - sentBefore).isEqualTo(1);
        assertThat(report.cleared()).isEqualTo(1);
        assertThat(simulator.recipient(DemoUsers.mail("delta-expiring")).orElseThrow().userCertificate()).isEmpty();
    }

    @Test
    void aRunReadsEverythingWhenNothingIsRecordedAsPublished() {
        state.clear();
        long sentBefore = directory.entriesSent();

        RunReport report = sync();

        assertThat(report.mode()).isEqualTo("full");
        assertThat(report.fullReadReason()).isEqualTo("nothing is recorded as published yet");
        assertThat(report.usersScanned()).isGreaterThanOrEqualTo(directory.users().size());
        assertThat(directory.entriesSent() - sentBefore).isEqualTo(report.usersScanned());
    }

    @Test
    void aRunReadsEverythingWhenTheScopeOrPolicyChangedSinceTheLastRead() {
        jdbc.update("UPDATE directory_cursor SET scope_hash = ?", "0".repeat(64));

        RunReport report = sync();

        assertThat(report.mode()).isEqualTo("full");
        assertThat(report.fullReadReason()).contains("certsync.ldap.url, base-dn, user-filter").contains("certsync.policy");
    }

    @Test
    void aRunReadsEverythingWhenTheLastFullReadIsTooOld() {
        jdbc.update("UPDATE directory_cursor SET last_full_read_at = ?",
                java.sql.Timestamp.from(Instant.now().minus(Duration.ofHours(26))));

        RunReport report = sync();

        assertThat(report.mode()).isEqualTo("full");
        assertThat(report.fullReadReason()).contains("longer ago than certsync.delta.full-max-age=PT25H");
        assertThat(sync().mode()).as("the full read began a moment ago").isEqualTo("delta");
    }

    @Test
    void aFullReconcileSkippedDuringAnotherRunMakesTheNextRunAFullRead() {
        org.apache.camel.Exchange busy = new org.apache.camel.support.DefaultExchange(camel);
        runs.begin(busy);
        try {
            producer.sendBodyAndHeader("direct:sync-run", null, ReadPlanner.FULL_READ, true);
        } finally {
            runs.finish(busy);
        }
        assertThat(runs.lastReport().orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);

        RunReport next = sync();

        assertThat(next.mode()).isEqualTo("full");
        assertThat(next.fullReadReason()).contains("full read at").contains("was skipped while another run was in progress");
        assertThat(sync().mode()).isEqualTo("delta");
    }

    @Test
    void aDryRunLeavesTheCursorWhereItWas() {
        addUser("delta-dry");
        producer.sendBodyAndHeader("direct:sync-run", null, SyncRuns.DRY_RUN, true);
        assertThat(runs.lastReport().orElseThrow().usersScanned()).isEqualTo(1);

        RunReport report = sync();

        assertThat(report.mode()).isEqualTo("delta");
        assertThat(report.published()).isEqualTo(1);
        assertThat(setCalls()).extracting(r -> r.identity()).containsExactly(DemoUsers.mail("delta-dry"));
    }
}
