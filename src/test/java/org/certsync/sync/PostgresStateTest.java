package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.certsync.certificate.Fingerprints;
import org.certsync.demo.DemoUsers;
import org.certsync.hygiene.HygienePlan;
import org.certsync.hygiene.HygieneRemovals;
import org.certsync.state.ClearApprovals;
import org.certsync.state.PublishedState;
import org.junit.jupiter.api.Test;
import org.certsync.testsupport.IntegrationServer;
import org.certsync.testsupport.RequiresServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The state in PostgreSQL instead of the H2 file: schema created by Flyway, idempotency, clears and audit trail.
 * Runs where CERTSYNC_TEST_POSTGRES_URL names a database (.ci/run starts one), e.g.
 * {@code jdbc:postgresql://127.0.0.1:5432/certsync?user=certsync&password=…}; each run gets a schema of its own.
 */
@RequiresServer(IntegrationServer.POSTGRESQL)
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.demo=true",
        "certsync.demo.data-dir=",
        "certsync.scheduler.enabled=false",
        "spring.datasource.url=${CERTSYNC_TEST_POSTGRES_URL}&currentSchema=${certsync.test.schema}",
        "spring.datasource.username=",
        "spring.flyway.schemas=${certsync.test.schema}",
        "certsync.report-file=target/test-data/postgres/last-run.json",
        "certsync.report-dir=target/test-data/postgres/history"})
class PostgresStateTest extends SyncFlowSupport {

    static {
        System.setProperty("certsync.test.schema", "certsync_test_" + UUID.randomUUID().toString().replace("-", ""));
    }

    @Autowired
    PublishedState state;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void stateLivesInPostgresAndKeepsSyncIdempotent() {
        RunReport first = sync();
        simulator.clearRequests();
        RunReport second = sync();

        assertThat(jdbc.queryForObject("SELECT current_schema()", String.class)).isEqualTo(System.getProperty("certsync.test.schema"));
        assertThat(first.published() + first.unchanged()).isEqualTo(first.usersScanned());
        assertThat(state.find(DemoUsers.mail("user01")).orElseThrow().userCertificate()).hasSize(1);
        assertThat(second.published()).isZero();
        assertThat(setCalls()).isEmpty();
    }

    @Test
    void clearOfARecipientThatLeftIsRecordedInPostgres() {
        String uid = "pg-leaver";
        addUser(uid);
        sync();
        directory.deleteUser(uid);

        RunReport report = syncFull();

        assertThat(report.cleared()).isEqualTo(1);
        assertThat(state.find(DemoUsers.mail(uid)).orElseThrow().userCertificate()).isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_change WHERE recipient = ?", Integer.class,
                DemoUsers.mail(uid))).isEqualTo(2);
    }

    @Test
    void aDeltaRunContinuesFromThePositionStoredInPostgres() {
        nextSecond();
        sync();
        addUser("pg-delta");

        RunReport report = sync();

        assertThat(report.mode()).isEqualTo("delta");
        assertThat(report.usersScanned()).isEqualTo(1);
        assertThat(report.published()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT tracking FROM directory_cursor", String.class)).isEqualTo("MODIFY_TIMESTAMP");
        assertThat(jdbc.queryForObject("SELECT expires_at FROM published_state WHERE recipient = ?", java.sql.Timestamp.class,
                DemoUsers.mail("pg-delta"))).isNotNull();
    }

    @Autowired
    HygieneRemovals hygieneRemovals;
    @Autowired
    @Qualifier("hygieneApprovals")
    ClearApprovals hygieneApprovals;

    @Test
    void removedValuesAreKeptWholeInPostgresAndARestoreIsRemembered() {
        byte[] value = new byte[3000];
        new Random(18).nextBytes(value);
        String fingerprint = Fingerprints.sha256(value);
        HygienePlan plan = new HygienePlan("pg-guid", "CN=pg,DC=corp", "pg@corp.example",
                List.of(new HygienePlan.Removal("userCertificate;binary", value, fingerprint,
                        "expired")), List.of(), null);

        hygieneRemovals.record("hygiene-run-1", plan);
        List<HygieneRemovals.Row> rows = hygieneRemovals.removedFromUser("pg-guid");
        hygieneRemovals.restored(rows, "console:test");
        hygieneApprovals.holdItems("hygiene-run-1", List.of(
                new ClearApprovals.Item(fingerprint + " pg-guid", "pg-guid")));

        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.value()).isEqualTo(value);
            assertThat(row.attribute()).isEqualTo("userCertificate;binary");
            assertThat(row.fingerprint()).isEqualTo(fingerprint);
        });
        assertThat(hygieneRemovals.removedByRun("hygiene-run-1")).isEmpty();
        assertThat(hygieneRemovals.restoredByUser()).containsEntry("pg-guid", Set.of(fingerprint));
        assertThat(hygieneApprovals.held().orElseThrow().recipients()).containsExactly(fingerprint + " pg-guid");
    }
}
