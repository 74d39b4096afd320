package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.certsync.demo.DemoUsers;
import org.certsync.demo.simulator.MailRecipientType;
import org.certsync.ops.SyncControl;
import org.certsync.state.DeadLetters;
import org.certsync.state.SynchronizedRecipients;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Hybrid organisations: a recipient that Entra Connect synchronizes from on-premises takes the directory path. Found by
 * Exchange Online's refusal of a write (no dead letter, no write again until certsync.hybrid.recheck-after), or by a
 * configured unit (never written); a write that goes through at the recheck puts it back on the Exchange Online path.
 * Demo directory, simulator over HTTP, H2 file.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.demo=true",
        "certsync.demo.data-dir=",
        "certsync.scheduler.enabled=false",
        // two entries of the demo's people unit stand for units Entra Connect synchronizes; written as an operator
        // might, in other case
        "certsync.hybrid.synchronized-units=UID=hybrid-configured,OU=People,DC=demo,DC=certsync,DC=example;"
                + " uid=hybrid-dry,ou=people,dc=demo,dc=certsync,dc=example",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/hybrid-paths/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/hybrid-paths/last-run.json"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HybridPathsFlowTest extends SyncFlowSupport {

    static final String REFUSED = DemoUsers.mail("hybrid-refused");
    static final String CONFIGURED = DemoUsers.mail("hybrid-configured");
    static final String DRY = DemoUsers.mail("hybrid-dry");

    @Autowired
    SynchronizedRecipients synchronizedRecipients;
    @Autowired
    DeadLetters deadLetters;
    @Autowired
    SyncControl console;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    org.certsync.state.PublishedState state;

    @Test
    @Order(1)
    void aDryRunListsTheConfiguredUnitsRecipientsOnTheDirectoryPathAndStoresNothing() {
        addUser("hybrid-refused");
        simulator.register(REFUSED, MailRecipientType.MAIL_USER, true);
        addUser("hybrid-configured");
        addUser("hybrid-dry");

        producer.sendBodyAndHeader("direct:sync-run", null, SyncRuns.DRY_RUN, true);
        RunReport report = runs.lastReport().orElseThrow();

        assertThat(report.directoryPath()).isEqualTo(2);
        assertThat(directoryPath(report)).containsExactlyInAnyOrder(CONFIGURED, DRY);
        assertThat(synchronizedRecipients.list()).isEmpty();
        assertThat(setCalls()).isEmpty();
    }

    @Test
    @Order(2)
    void aRefusedWriteFindsTheRecipientSynchronizedWithoutADeadLetter() {
        RunReport report = sync();

        assertThat(report.failed()).isZero();
        assertThat(report.directoryPath()).isEqualTo(3);
        assertThat(directoryPath(report)).containsExactlyInAnyOrder(REFUSED, CONFIGURED, DRY);
        assertThat(report.problems()).filteredOn(p -> REFUSED.equals(p.recipient())).singleElement()
                .satisfies(p -> assertThat(p.reason()).contains("refused the write").contains("directory path"));
        assertThat(deadLetters.list()).isEmpty();
        assertThat(synchronizedRecipients.find(REFUSED)).hasValueSatisfying(found ->
                assertThat(found.source()).isEqualTo(SynchronizedRecipients.REFUSED));
        assertThat(synchronizedRecipients.find(CONFIGURED)).hasValueSatisfying(found ->
                assertThat(found.source()).isEqualTo(SynchronizedRecipients.CONFIGURED));
        // the configured ones are never written, the refused one was tried once
        assertThat(setCalls()).filteredOn(call -> CONFIGURED.equals(call.identity()) || DRY.equals(call.identity())).isEmpty();
        assertThat(setCalls()).filteredOn(call -> REFUSED.equals(call.identity())).singleElement()
                .satisfies(call -> assertThat(call.status()).isEqualTo(400));
        assertThat(console.recipientPath(REFUSED)).contains("directory:").contains("refused a write");
        assertThat(console.recipientPath(CONFIGURED)).contains("directory:").contains("certsync.hybrid.synchronized-units");
        assertThat(console.recipientPath(DemoUsers.mail("user01"))).contains("exchange-online").contains("last published at");
        assertThat(console.synchronizedRecipients()).startsWith("3 on the directory path");
    }

    @Test
    @Order(3)
    void untilTheRecheckTheRecipientIsSentNoWrite() {
        long before = setCalls().size();

        RunReport report = syncFull();

        assertThat(setCalls()).hasSize((int) before);
        assertThat(report.directoryPath()).isEqualTo(3);
        assertThat(report.failed()).isZero();
        assertThat(report.summary()).contains("3 synchronized from on-premises (directory path)");
    }

    @Test
    @Order(4)
    void atTheRecheckAWriteThatGoesThroughPutsTheRecipientBackOnTheExchangeOnlinePath() {
        // eight days later, by the store's clock; meanwhile the recipient's source of authority moved to the cloud
        jdbc.update("UPDATE synchronized_recipient SET checked_at = ? WHERE recipient = ?",
                Timestamp.from(Instant.now().minus(Duration.ofDays(8))), REFUSED);
        simulator.register(REFUSED, MailRecipientType.MAIL_USER, false);

        // the daily full read reads every user: a delta run reads only changed entries
        RunReport report = syncFull();

        assertThat(report.directoryPath()).isEqualTo(2);
        assertThat(simulator.recipient(REFUSED)).hasValueSatisfying(recipient ->
                assertThat(recipient.userCertificate()).hasSize(1));
        assertThat(synchronizedRecipients.find(REFUSED)).isEmpty();
        assertThat(console.recipientPath(REFUSED)).contains("exchange-online").contains("last published at");
    }

    @Test
    @Order(5)
    void aRefusedClearOfARecipientThatLeftTheScopeIsNotSentAgain() {
        String leaver = DemoUsers.mail("hybrid-leaver");
        addUser("hybrid-leaver");
        sync();
        assertThat(state.find(leaver)).isPresent();
        // Entra Connect took the recipient over; then its user left the scope
        simulator.register(leaver, MailRecipientType.MAIL_USER, true);
        directory.deleteUser("hybrid-leaver");

        RunReport refused = syncFull();

        assertThat(directoryPath(refused)).contains(leaver);
        assertThat(refused.failed()).isZero();
        assertThat(state.find(leaver)).as("Exchange Online takes its certificates from the directory now").isEmpty();
        long before = setCalls().stream().filter(call -> leaver.equals(call.identity())).count();

        syncFull();

        assertThat(setCalls().stream().filter(call -> leaver.equals(call.identity())).count()).isEqualTo(before);
    }

    private static List<String> directoryPath(RunReport report) {
        return report.problems().stream().filter(p -> Outcomes.DIRECTORY_PATH.equals(p.kind()))
                .map(RunReport.UserProblem::recipient).toList();
    }
}
