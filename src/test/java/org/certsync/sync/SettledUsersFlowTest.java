package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.certsync.certificate.Fingerprints;
import org.certsync.demo.DemoUser;
import org.certsync.demo.DemoUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The daily reconcile with nothing changed: users whose values, policy and verdict time are unchanged are not judged
 * again, yet the report counts them as before; time alone still changes a verdict; a judgement is kept only once its
 * recipient carries it; and a page of settled users costs one query of its state. Demo directory over a socket, the simulator over HTTP, the H2 file.
 */
@CamelSpringBootTest
@DisableJmx(false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.demo=true",
        "certsync.demo.data-dir=",
        "certsync.scheduler.enabled=false",
        "certsync.policy.clock-skew=0s",
        "certsync.ldap.page-size=500",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/settled/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/settled/last-run.json",
        "certsync.report-dir=target/test-data/settled/history"})
class SettledUsersFlowTest extends SyncFlowSupport {

    @Autowired
    CamelContext camel;
    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void everyoneJudgedOnce() {
        syncFull();
    }

    @Test
    void aReconcileWithNothingChangedJudgesOnlyWhatItMustAndReportsTheSame() {
        RunReport first = syncFull();
        long judgedBefore = judgedUsers();

        RunReport second = syncFull();

        // users skipped for a problem are judged on every run, so that every report names the problem
        assertThat(judgedUsers() - judgedBefore).isEqualTo(second.skipped());
        assertThat(second.published()).isZero();
        assertThat(second.usersScanned()).isEqualTo(first.usersScanned());
        assertThat(second.unchanged()).isEqualTo(first.unchanged());
        assertThat(second.certificatesAccepted()).isEqualTo(first.certificatesAccepted());
        assertThat(second.certificatesRejected()).isEqualTo(first.certificatesRejected()).isNotEmpty();
    }

    @Test
    void verdictsJudgedFromOtherInputsAreJudgedAgain() {
        int kept = jdbc.queryForObject("SELECT COUNT(*) FROM judged_recipient", Integer.class);
        assertThat(kept).isPositive();
        // what a changed policy looks like to the kept verdicts: every input digest differs (see InputDigestTest)
        jdbc.update("UPDATE judged_recipient SET input_digest = ?", "0".repeat(64));
        long judgedBefore = judgedUsers();

        RunReport again = syncFull();

        assertThat(judgedUsers() - judgedBefore).isEqualTo(kept + again.skipped());
        assertThat(again.published()).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM judged_recipient WHERE input_digest = ?", Integer.class,
                "0".repeat(64))).isZero();
    }

    @Test
    void aCertificateThatExpiresBetweenTwoReconcilesIsDroppedByTheSecond() {
        String mail = DemoUsers.mail("settled-expiring");
        Instant notAfter = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        byte[] lasting = ca.issue(ca.leaf(mail));
        byte[] expiring = ca.issue(ca.leaf(mail).withValidity(Instant.now().minusSeconds(60), notAfter));
        directory.addUser(new DemoUser("settled-expiring", mail, List.of(),
                Map.of("userCertificate", List.of(lasting, expiring)), Set.of(), Set.of(), "added by a test"));
        assertThat(syncFull().published()).isEqualTo(1);
        assertThat(simulator.recipient(mail).orElseThrow().userCertificate())
                .containsExactlyInAnyOrder(Fingerprints.sha256(lasting), Fingerprints.sha256(expiring));

        // the directory entry stays as it is: only time passes
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(notAfter));
        RunReport report = syncFull();

        assertThat(report.published()).isEqualTo(1);
        assertThat(simulator.recipient(mail).orElseThrow().userCertificate()).containsExactly(Fingerprints.sha256(lasting));
    }

    @Test
    void aCompleteFullReadForgetsTheVerdictsOfUsersGoneFromTheScope() {
        String mail = DemoUsers.mail("settled-leaver");
        directory.addUser(new DemoUser("settled-leaver", mail, List.of(), Map.of(), Set.of(), Set.of(), "added by a test"));
        syncFull();
        assertThat(keptFor(mail)).isOne();

        directory.deleteUser("settled-leaver");
        sync();
        assertThat(keptFor(mail)).as("a delta read sees only part of the scope").isOne();
        syncFull();

        assertThat(keptFor(mail)).isZero();
    }

    private int keptFor(String recipient) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM judged_recipient WHERE recipient = ?", Integer.class, recipient);
    }

    @Test
    void aPageOfUsersCostsOneQueryOfItsState() {
        for (int i = 0; i < 520; i++) {
            directory.addUser(new DemoUser("settled-page-" + i, DemoUsers.mail("settled-page-" + i), List.of(), Map.of(),
                    Set.of(), Set.of(), "added by a test"));
        }
        int users = syncFull().usersScanned();
        int pages = (users + 499) / 500;
        jdbc.execute("SET QUERY_STATISTICS FALSE");
        jdbc.execute("SET QUERY_STATISTICS TRUE");

        RunReport report = syncFull();

        List<Map<String, Object>> statistics = jdbc.queryForList(
                "SELECT SQL_STATEMENT, EXECUTION_COUNT FROM INFORMATION_SCHEMA.QUERY_STATISTICS");
        jdbc.execute("SET QUERY_STATISTICS FALSE");
        assertThat(report.usersScanned()).isEqualTo(users).isGreaterThan(500);
        assertThat(pages).isEqualTo(2);
        long pageReads = executions(statistics, "JOIN judged_recipient j ON");
        long carriedReads = executions(statistics, "JOIN published_state p ON");
        long stateReads = executions(statistics, "published_state");
        assertThat(pageReads).isEqualTo(pages);
        assertThat(carriedReads).as("settled users' recipients carry their judgement: nothing to read").isZero();
        long expiryReads = executions(statistics, "last_expires_at <=");
        assertThat(expiryReads).as("the report's expiry warnings and the expiry metrics, once each per run").isEqualTo(2);
        // only the run's own: the leavers after the last page, and the like
        assertThat(stateReads - expiryReads).isLessThanOrEqualTo(3);
    }

    @Test
    void aPublishWhoseVerdictIsNotKeptDeletesTheRecipientsEarlierJudgement() {
        String mail = DemoUsers.mail("settled-merged");
        byte[] own = addUserWithMail("settled-merged", mail);
        syncFull();
        assertThat(keptFor(mail)).isOne();

        // a second entry with the address: the two are judged together, and a merged verdict is never kept
        byte[] other = addUserWithMail("settled-merged-2", mail);
        assertThat(syncFull().published()).isEqualTo(1);

        assertThat(simulator.recipient(mail).orElseThrow().userCertificate())
                .containsExactlyInAnyOrder(Fingerprints.sha256(own), Fingerprints.sha256(other));
        assertThat(keptFor(mail)).as("the first entry's judgement no longer says what the recipient carries").isZero();
    }

    @Test
    void aPublishThatFailsLeavesNoJudgementSoTheNextReconcilePublishesAgain() {
        String mail = DemoUsers.mail("settled-refused");
        byte[] certificate = ca.issue(ca.leaf(mail));
        directory.addUser(new DemoUser("settled-refused", mail, List.of(),
                Map.of("userCertificate", List.of(certificate)), Set.of(), Set.of(), "added by a test"));
        simulator.failNextCmdlet(mail, "|Microsoft.Exchange.Data.Storage.StoragePermanentException|The mailbox is on litigation hold.");

        RunReport refused = syncFull();

        assertThat(refused.failed()).isEqualTo(1);
        assertThat(keptFor(mail)).as("no judgement says the recipient carries what Exchange refused").isZero();

        // the directory entry stays as it is
        RunReport again = syncFull();

        assertThat(again.published()).isEqualTo(1);
        assertThat(simulator.recipient(mail).orElseThrow().userCertificate()).containsExactly(Fingerprints.sha256(certificate));
        assertThat(keptFor(mail)).isOne();
    }

    private static long executions(List<Map<String, Object>> statistics, String fragment) {
        return statistics.stream().filter(row -> row.get("SQL_STATEMENT").toString().contains(fragment))
                .mapToLong(row -> ((Number) row.get("EXECUTION_COUNT")).longValue()).sum();
    }

    /** How many users certificate-filter has judged since the start. */
    private long judgedUsers() {
        return camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                .getManagedRoute("certificate-filter").getExchangesTotal();
    }
}
