package org.certsync.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.certsync.testsupport.IntegrationServer;
import org.certsync.testsupport.RequiresServer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The cluster's run lock on the PostgreSQL that CI starts: one run at a time across nodes, freed when a node's session
 * ends (as when it is killed), broken when a node stops renewing its lease. Each test has a schema of its own, made
 * by the product's migrations.
 */
@RequiresServer(IntegrationServer.POSTGRESQL)
class PostgresRunLockTest {

    private static final String TENANT = "contoso.onmicrosoft.com";
    private final List<PostgresRunLock> locks = new ArrayList<>();
    private DriverManagerDataSource database;

    @BeforeEach
    void schemaOfItsOwn() {
        String schema = "certsync_lock_" + UUID.randomUUID().toString().replace("-", "");
        database = new DriverManagerDataSource(System.getenv("CERTSYNC_TEST_POSTGRES_URL") + "&currentSchema=" + schema);
        Flyway.configure().dataSource(database).schemas(schema).placeholders(java.util.Map.of("tenant", TENANT))
                .locations("classpath:db/migration", "classpath:db/vendor/postgresql").load().migrate();
    }

    @AfterEach
    void closeLocks() {
        locks.forEach(PostgresRunLock::close);
    }

    @Test
    void oneRunAtATimeAcrossNodesAndTheViewSaysWho() {
        PostgresRunLock a = node("node-a", Duration.ofMinutes(2));
        PostgresRunLock b = node("node-b", Duration.ofMinutes(2));

        assertThat(a.tryAcquire("run-1")).isTrue();
        assertThat(b.tryAcquire("run-2")).isFalse();
        assertThat(b.view()).satisfies(view -> {
            assertThat(view.holdsLock()).isFalse();
            assertThat(view.describeHolder()).isEqualTo("run run-1 on node node-a is still in progress");
        });
        assertThat(a.view().holdsLock()).isTrue();

        a.release("run-1", "{}");

        assertThat(b.tryAcquire("run-2")).isTrue();
        assertThat(b.view().lastRunNode()).isEqualTo("node-a");
        assertThat(a.view().holdsLock()).isFalse();
        assertThat(a.view().holder()).isEqualTo("node-b");
    }

    @Test
    void aDeadNodesLockIsFreedWithItsSessionAndItsRunStops() throws Exception {
        PostgresRunLock a = node("node-a", Duration.ofSeconds(2));
        PostgresRunLock b = node("node-b", Duration.ofSeconds(2));
        assertThat(a.tryAcquire("run-1")).isTrue();

        // what PostgreSQL sees of a node killed with SIGKILL: its session ends
        try (Connection c = database.getConnection()) {
            c.createStatement().executeQuery("SELECT pg_terminate_backend(holder_pid) FROM run_lease").close();
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> b.tryAcquire("run-2"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(() -> a.confirm("run-1"))
                .isInstanceOf(RunLockLostException.class)
                .hasMessageContaining("node node-a lost the cluster's run lock during run run-1")
                .hasMessageContaining("two nodes never publish at once"));
        b.confirm("run-2");
        a.release("run-1", "{}");
        assertThat(b.view().holder()).as("a lost run's release leaves the new holder alone").isEqualTo("node-b");
    }

    @Test
    void aNodeThatStopsRenewingLosesTheLockAfterTheLeaseTimeout() throws Exception {
        // node-a renews every 2.5 minutes: within this test, it is frozen
        PostgresRunLock a = node("node-a", Duration.ofMinutes(10));
        PostgresRunLock b = node("node-b", Duration.ofSeconds(1));
        assertThat(a.tryAcquire("run-1")).isTrue();
        assertThat(b.tryAcquire("run-2")).as("the lease is fresh").isFalse();

        await().atMost(Duration.ofSeconds(20)).until(() -> b.tryAcquire("run-2"));

        assertThat(b.view().holderRunId()).isEqualTo("run-2");
        try (Connection c = database.getConnection();
             ResultSet sessions = c.createStatement().executeQuery(
                     "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")) {
            sessions.next();
            assertThat(sessions.getInt(1)).as("only node-b's session holds an advisory lock").isEqualTo(1);
        }
    }

    @Test
    void aStartUpRunIsDueOnlyWhenNoNodeRanRecently() {
        PostgresRunLock a = node("node-a", Duration.ofMinutes(2));
        assertThat(a.startupRunDue()).as("nobody ran yet").isTrue();
        assertThat(a.tryAcquire("run-1")).isTrue();
        PostgresRunLock b = node("node-b", Duration.ofMinutes(2));
        assertThat(b.startupRunDue()).as("a run is going").isFalse();

        a.release("run-1", "{}");

        assertThat(b.startupRunDue()).as("node-a ran a moment ago").isFalse();
        PostgresRunLock restarted = new PostgresRunLock(database, database, TENANT, "node-c", Duration.ofMinutes(2), Duration.ZERO);
        locks.add(restarted);
        assertThat(restarted.startupRunDue()).as("with startup-run-after=0").isTrue();
    }

    private PostgresRunLock node(String name, Duration leaseTimeout) {
        PostgresRunLock lock = new PostgresRunLock(database, database, TENANT, name, leaseTimeout, Duration.ofMinutes(30));
        locks.add(lock);
        return lock;
    }

    @Test
    void oneIssuingCaUploadAtATimeAcrossNodesApartFromTheRunLock() {
        ExclusiveTaskLock a = new PostgresExclusiveTaskLock(database, PostgresExclusiveTaskLock.ISSUING_CA_UPLOAD, TENANT);
        ExclusiveTaskLock b = new PostgresExclusiveTaskLock(database, PostgresExclusiveTaskLock.ISSUING_CA_UPLOAD, TENANT);
        PostgresRunLock runs = node("node-b", Duration.ofMinutes(2));

        ExclusiveTaskLock.Held held = a.tryTake().orElseThrow();
        assertThat(b.tryTake()).as("another node's upload").isEmpty();
        assertThat(runs.tryAcquire("run-1")).as("a sync run is not held up by an upload").isTrue();
        held.close();

        ExclusiveTaskLock.Held next = b.tryTake().orElseThrow();
        next.close();
        runs.release("run-1", "{}");
    }

    @Test
    void oneHygieneRunOfADirectoryAtATimeAcrossNodesApartFromUploads() {
        String directory = "ldap://dc1.corp.example OU=Staff,DC=corp,DC=example";
        ExclusiveTaskLock a = new PostgresExclusiveTaskLock(database, PostgresExclusiveTaskLock.HYGIENE, directory);
        ExclusiveTaskLock b = new PostgresExclusiveTaskLock(database, PostgresExclusiveTaskLock.HYGIENE, directory);
        ExclusiveTaskLock otherDirectory = new PostgresExclusiveTaskLock(database, PostgresExclusiveTaskLock.HYGIENE,
                "ldap://dc1.lab.example DC=lab,DC=example");
        ExclusiveTaskLock upload = new PostgresExclusiveTaskLock(database, PostgresExclusiveTaskLock.ISSUING_CA_UPLOAD, directory);

        try (ExclusiveTaskLock.Held held = a.tryTake().orElseThrow()) {
            assertThat(b.tryTake()).as("another node's hygiene run of the directory").isEmpty();
            otherDirectory.tryTake().orElseThrow().close();
            upload.tryTake().orElseThrow().close();
        }
        b.tryTake().orElseThrow().close();
    }
}
