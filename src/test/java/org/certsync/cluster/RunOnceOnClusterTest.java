package org.certsync.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.certsync.testsupport.ChildCertSyncs;
import org.certsync.testsupport.DemoTenant;
import org.certsync.testsupport.IntegrationServer;
import org.certsync.testsupport.RequiresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A run-once JVM with the cluster's settings (a Kubernetes CronJob beside the cluster's database) takes the run lock
 * but never joins the schedule: Quartz's scheduler is not started, so it never checks in.
 */
@RequiresServer(IntegrationServer.POSTGRESQL)
class RunOnceOnClusterTest {

    private final ChildCertSyncs jvms = new ChildCertSyncs();

    @AfterEach
    void stopProcesses() {
        jvms.close();
    }

    @Test
    void aRunOnceTakesTheRunLockButNeverJoinsTheSchedule() throws Exception {
        Path dir = Path.of("target/test-data/run-once-cluster", UUID.randomUUID().toString());
        String schema = "certsync_once_" + UUID.randomUUID().toString().replace("-", "");
        String stateUrl = System.getenv("CERTSYNC_TEST_POSTGRES_URL") + "&currentSchema=" + schema;
        DemoTenant tenant = DemoTenant.start(jvms, dir);
        List<String> arguments = new ArrayList<>(List.of("--certsync.run-once=true", "--server.port=0",
                "--certsync.cluster.enabled=true", "--certsync.cluster.node-id=cron-1",
                "--spring.datasource.url=" + stateUrl, "--spring.datasource.username=", "--spring.flyway.schemas=" + schema,
                "--certsync.report-file=" + dir + "/last-run.json", "--certsync.report-dir=" + dir + "/history"));
        arguments.addAll(tenant.syncArguments());

        Process once = jvms.start(dir.resolve("run-once.log"), arguments.toArray(String[]::new));

        assertThat(once.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(once.exitValue()).as(Files.readString(dir.resolve("run-once.log"))).isZero();
        assertThat(Files.readString(dir.resolve("last-run.json"))).contains("\"node\" : \"cron-1\"");
        try (Connection c = DriverManager.getConnection(stateUrl)) {
            assertThat(single(c, "SELECT last_node FROM run_lease")).isEqualTo("cron-1");
            assertThat(single(c, "SELECT count(*) FROM qrtz_scheduler_state")).as("no node checked in").isEqualTo("0");
            assertThat(single(c, "SELECT count(*) FROM qrtz_triggers")).as("no trigger registered").isEqualTo("0");
        }
    }

    private static String single(Connection c, String query) throws Exception {
        try (ResultSet row = c.createStatement().executeQuery(query)) {
            row.next();
            return row.getString(1);
        }
    }
}
