package org.certsync.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.certsync.testsupport.ChildCertSyncs;
import org.certsync.testsupport.DemoTenant;
import org.certsync.testsupport.FreePort;
import org.certsync.testsupport.IntegrationServer;
import org.certsync.testsupport.PublishedRows;
import org.certsync.testsupport.RequiresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two CertSync nodes (child JVMs) on the PostgreSQL that CI starts, one directory of 2,000 users and one tenant (a
 * third JVM, slowed to 300 ms a request): a run on one node refuses the console of the other; the node in a run is
 * killed with SIGKILL and the other's next scheduled run converges; with both up again, each trigger runs once and no
 * two runs overlap.
 */
@RequiresServer(IntegrationServer.POSTGRESQL)
class ClusterFailoverTest {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterFailoverTest.class);
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final Duration PERIOD = Duration.ofSeconds(15);
    private static final String OPERATOR = "olivia";
    private static final String PASSWORD = "operator-secret";
    private final ChildCertSyncs jvms = new ChildCertSyncs();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Path dir = Path.of("target/test-data/cluster", UUID.randomUUID().toString());
    private final String schema = "certsync_cluster_" + UUID.randomUUID().toString().replace("-", "");
    private final String stateUrl = System.getenv("CERTSYNC_TEST_POSTGRES_URL") + "&currentSchema=" + schema;
    private DemoTenant tenant;

    @AfterEach
    void stopProcesses() {
        jvms.close();
    }

    @Test
    void oneRunAtATimeAndTheSurvivorConvergesAfterAKill() throws Exception {
        tenant = DemoTenant.start(jvms, dir, "--certsync.demo.extra-users=1950",
                "--certsync.simulator.fault.slow-rate=1", "--certsync.simulator.fault.slow-delay=300ms");
        // both at once, as a Deployment starts its replicas on an empty database: one schema, one set of triggers
        Node a = start("node-a");
        Node b = start("node-b");
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> a.health().path("status").asText().equals("UP"));
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> b.health().path("status").asText().equals("UP"));

        // the first node's start-up run reads and publishes the 2,000 users
        String holder = await().atMost(Duration.ofSeconds(60)).until(this::lockHolder, Optional::isPresent).orElseThrow();
        Node running = holder.equals(a.name) ? a : b;
        Node idle = running == a ? b : a;

        // (c) the console of the idle node refuses to start a second run
        assertThat(idle.syncNow()).startsWith("not started: run ").endsWith(" on node " + running.name + " is still in progress");
        JsonNode cluster = idle.health().path("components").path("cluster").path("details");
        assertThat(cluster.path("node").asText()).isEqualTo(idle.name);
        assertThat(cluster.path("holdsRunLock").asBoolean()).isFalse();
        assertThat(cluster.path("runningOn").asText()).isEqualTo(running.name);
        assertThat(running.metrics()).contains("certsync_run_lock_held{node=\"" + running.name + "\"} 1.0");

        // (b) the node in the run is killed
        await().atMost(Duration.ofSeconds(120)).until(() -> tenant.setCalls().size() >= 10);
        Instant killedAt = Instant.now();
        running.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        List<JsonNode> callsAtKill = tenant.settledSetCalls();
        Map<String, String> recordedAtKill = PublishedRows.read(stateUrl, null, null);

        JsonNode takeover = await().atMost(Duration.ofSeconds(240)).until(
                () -> idle.reports().filter(r -> r.path("status").asText().equals("SUCCEEDED"))
                        .filter(r -> Instant.parse(r.path("startedAt").asText()).isAfter(killedAt)).findFirst(),
                Optional::isPresent).orElseThrow();
        Duration failover = Duration.between(killedAt, Instant.parse(takeover.path("startedAt").asText()));
        LOG.info("Failover: {} ms from the kill to the next run's start on {} (schedule every {} s, check-in 2 s)",
                failover.toMillis(), idle.name, PERIOD.toSeconds());
        assertThat(takeover.path("trigger").asText()).isEqualTo("schedule-cron");
        assertThat(takeover.path("node").asText()).isEqualTo(idle.name);
        assertThat(failover).isLessThan(PERIOD.plusSeconds(10));
        Map<String, String> published = PublishedRows.read(stateUrl, null, null);
        PublishedRows.assertTenantHolds(tenant.recipients(), published);
        PublishedRows.assertOnlyCallsInFlightRepeated(callsAtKill, recordedAtKill, tenant.setCalls(), 2 * 10);
        assertThat(published).hasSizeGreaterThan(1950);

        // (a) the killed node back: no start-up run of its own (the other ran a moment ago); every trigger runs once
        Node restarted = start(running.name);
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions()
                .until(() -> restarted.health().path("status").asText().equals("UP"));
        Instant bothUp = Instant.now();
        int setCallsBefore = tenant.setCalls().size();
        await().atMost(PERIOD.multipliedBy(6)).until(() -> scheduledRunsSince(bothUp, idle, restarted).size() >= 3);

        List<JsonNode> runs = Stream.concat(idle.reports(), restarted.reports())
                .filter(r -> !r.path("status").asText().equals("SKIPPED"))
                .sorted(Comparator.comparing(r -> r.path("startedAt").asText())).toList();
        for (int i = 1; i < runs.size(); i++) {
            assertThat(Instant.parse(runs.get(i).path("startedAt").asText()))
                    .as("run %s starts after run %s ended", runs.get(i).path("runId"), runs.get(i - 1).path("runId"))
                    .isAfterOrEqualTo(Instant.parse(runs.get(i - 1).path("finishedAt").asText()));
        }
        List<JsonNode> scheduled = scheduledRunsSince(bothUp, idle, restarted);
        assertThat(scheduled).extracting(r -> r.path("status").asText()).containsOnly("SUCCEEDED");
        assertThat(scheduled).extracting(r -> Instant.parse(r.path("startedAt").asText()).getEpochSecond() / PERIOD.toSeconds())
                .as("one run per trigger").doesNotHaveDuplicates();
        assertThat(Stream.concat(idle.reports(), restarted.reports()).filter(r -> r.path("trigger").asText().equals("schedule-cron"))
                .filter(r -> Instant.parse(r.path("startedAt").asText()).isAfter(bothUp))
                .filter(r -> r.path("status").asText().equals("SKIPPED"))).as("no trigger fired on both nodes").isEmpty();
        assertThat(restarted.reports()).noneMatch(r -> r.path("trigger").asText().equals("schedule-startup"));
        // every node shows the cluster's last run, whichever node ran it
        JsonNode newest = runs.get(runs.size() - 1);
        for (Node node : List.of(idle, restarted)) {
            JsonNode lastRun = node.health().path("components").path("lastRun");
            assertThat(lastRun.path("status").asText()).as("lastRun on %s", node.name).isEqualTo("UP");
            assertThat(lastRun.path("details").path("node").asText()).isEqualTo(newest.path("node").asText());
            assertThat(node.health().path("components").path("cluster").path("details").path("lastRunNode").asText())
                    .isEqualTo(newest.path("node").asText());
            assertThat(node.metrics()).contains("certsync_last_run_on_this_node{node=\"" + node.name + "\"} "
                    + (node.name.equals(newest.path("node").asText()) ? "1.0" : "0.0"));
        }
        assertThat(tenant.setCalls()).as("nothing changed: nothing written").hasSize(setCallsBefore);
    }

    private List<JsonNode> scheduledRunsSince(Instant since, Node... nodes) {
        return Stream.of(nodes).flatMap(Node::reports).filter(r -> r.path("trigger").asText().equals("schedule-cron"))
                .filter(r -> Instant.parse(r.path("startedAt").asText()).isAfter(since)).toList();
    }

    private Optional<String> lockHolder() throws Exception {
        try (Connection c = DriverManager.getConnection(stateUrl);
             ResultSet row = c.createStatement().executeQuery("SELECT holder_node FROM run_lease")) {
            return row.next() ? Optional.ofNullable(row.getString(1)) : Optional.empty();
        }
    }

    private Node start(String name) throws IOException {
        int port = FreePort.onLoopback();
        Path home = dir.resolve(name);
        List<String> arguments = new ArrayList<>(List.of("--server.port=" + port,
                "--certsync.cluster.enabled=true", "--certsync.cluster.node-id=" + name,
                "--certsync.cluster.check-in-interval=2s", "--certsync.cluster.lease-timeout=20s",
                "--certsync.schedule=0/" + PERIOD.toSeconds() + " * * * * ?", "--certsync.initial-delay=1s",
                "--certsync.exchange.max-concurrency=2",
                "--spring.datasource.url=" + stateUrl, "--spring.datasource.username=", "--spring.flyway.schemas=" + schema,
                "--certsync.report-file=" + home + "/last-run.json", "--certsync.report-dir=" + home + "/history",
                "--certsync.report-keep=500",
                "--certsync.console.users." + OPERATOR + ".roles=operator",
                "--certsync.console.users." + OPERATOR + ".password={noop}" + PASSWORD));
        arguments.addAll(tenant.syncArguments());
        return new Node(name, port, home, jvms.start(dir.resolve(name + "-" + Instant.now().toEpochMilli() + ".log"),
                arguments.toArray(String[]::new)));
    }

    /** One CertSync node: its process, its HTTP port (console, health, metrics) and its report history. */
    private final class Node {
        final String name;
        final int port;
        final Path home;
        final Process process;

        Node(String name, int port, Path home, Process process) {
            this.name = name;
            this.port = port;
            this.home = home;
            this.process = process;
        }

        JsonNode health() throws Exception {
            return JSON.readTree(send(HttpRequest.newBuilder(uri("/actuator/health")).header("Authorization", basic()).build()));
        }

        String metrics() throws Exception {
            return send(HttpRequest.newBuilder(uri("/actuator/prometheus")).header("Authorization", basic()).build());
        }

        /** The console's "sync now", as an operator calls it through Jolokia. */
        String syncNow() throws Exception {
            String request = JSON.writeValueAsString(Map.of("type", "exec", "mbean", "org.certsync:type=Sync,name=certsync",
                    "operation", "syncNow()"));
            return JSON.readTree(send(HttpRequest.newBuilder(uri("/actuator/jolokia")).header("Authorization", basic())
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request)).build()))
                    .path("value").asText();
        }

        /** The reports this node wrote, in no particular order. */
        Stream<JsonNode> reports() {
            Path history = home.resolve("history");
            if (!Files.isDirectory(history)) return Stream.empty();
            try (Stream<Path> files = Files.list(history)) {
                List<JsonNode> reports = new ArrayList<>();
                // run-<start>-<id>.json; a report being written is a hidden temporary file until it is complete
                for (Path file : files.filter(f -> f.getFileName().toString().startsWith("run-")).toList()) {
                    reports.add(JSON.readTree(file.toFile()));
                }
                return reports.stream();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        private String send(HttpRequest request) throws Exception {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) throw new IllegalStateException(name + " answered HTTP " + response.statusCode());
            return response.body();
        }

        private static String basic() {
            return "Basic " + Base64.getEncoder().encodeToString((OPERATOR + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        }
    }
}
