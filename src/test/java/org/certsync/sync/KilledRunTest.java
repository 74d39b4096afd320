package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.certsync.testsupport.ChildCertSyncs;
import org.certsync.testsupport.DemoTenant;
import org.certsync.testsupport.PublishedRows;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Restart safety: a CertSync process killed with SIGKILL in the middle of a run converges on the next run. One
 * JVM plays the directory and the tenant (embedded LDAP + simulator); a second runs the sync and is killed.
 */
class KilledRunTest {

    private final ChildCertSyncs jvms = new ChildCertSyncs();

    @AfterEach
    void stopProcesses() {
        jvms.close();
    }

    @Test
    void runKilledMidwayConvergesRepeatingOnlyTheCallsInFlight() throws Exception {
        Path dir = Path.of("target/test-data/killed-run", UUID.randomUUID().toString());
        DemoTenant tenant = DemoTenant.start(jvms, dir, "--certsync.simulator.fault.slow-rate=1",
                "--certsync.simulator.fault.slow-delay=200ms");

        String stateUrl = "jdbc:h2:file:./" + dir + "/sync/certsync;WRITE_DELAY=0";
        Process killed = jvms.start(dir.resolve("sync-1.log"), syncArguments(tenant, stateUrl, dir));
        await().atMost(Duration.ofSeconds(120)).until(() -> tenant.setCalls().size() >= 10);
        killed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        List<JsonNode> callsBeforeKill = tenant.settledSetCalls();
        Map<String, String> recordedAtKill = PublishedRows.read(stateUrl, "certsync", "");

        Process second = jvms.start(dir.resolve("sync-2.log"), syncArguments(tenant, stateUrl, dir));
        assertThat(second.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).as(Files.readString(dir.resolve("sync-2.log"))).isZero();

        Map<String, String> published = PublishedRows.read(stateUrl, "certsync", "");
        PublishedRows.assertTenantHolds(tenant.recipients(), published);
        PublishedRows.assertOnlyCallsInFlightRepeated(callsBeforeKill, recordedAtKill, tenant.setCalls(), 2 * 10);
        assertThat(callsBeforeKill.size()).isLessThan(published.size());
    }

    private static String[] syncArguments(DemoTenant tenant, String stateUrl, Path dir) {
        List<String> arguments = new ArrayList<>(List.of("--certsync.run-once=true", "--server.port=0",
                "--certsync.exchange.max-concurrency=2",
                "--spring.datasource.url=" + stateUrl, "--certsync.report-file=" + dir + "/last-run.json",
                "--certsync.report-dir=" + dir + "/history"));
        arguments.addAll(tenant.syncArguments());
        return arguments.toArray(String[]::new);
    }
}
