package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.certsync.demo.EmbeddedDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Restart safety: a CertSync process killed with SIGKILL in the middle of a run converges on the next run. One
 * JVM plays the directory and the tenant (embedded LDAP + simulator); a second runs the sync and is killed.
 */
class KilledRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stopProcesses() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void runKilledMidwayConvergesRepeatingOnlyTheCallsInFlight() throws Exception {
        Path dir = Path.of("target/test-data/killed-run", UUID.randomUUID().toString());
        int tenantPort = freePort();
        int ldapPort = freePort();
        start(dir.resolve("tenant.log"), "--certsync.demo=true", "--certsync.demo.data-dir=",
                "--server.port=" + tenantPort, "--certsync.scheduler.enabled=false",
                "--certsync.demo.ldap-port=" + ldapPort, "--certsync.simulator.fault.slow-rate=1",
                "--certsync.simulator.fault.slow-delay=200ms",
                "--spring.datasource.url=jdbc:h2:file:./" + dir + "/tenant/certsync");
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> setCalls(tenantPort).size() >= 0);

        String stateUrl = "jdbc:h2:file:./" + dir + "/sync/certsync;WRITE_DELAY=0";
        Process killed = start(dir.resolve("sync-1.log"), syncArguments(tenantPort, ldapPort, stateUrl, dir));
        await().atMost(Duration.ofSeconds(120)).until(() -> setCalls(tenantPort).size() >= 10);
        killed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        // what the tenant wrote (including the requests in flight at the kill, which it finishes) and what was recorded
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> setCalls(tenantPort).size(), new java.util.function.Predicate<Integer>() {
                    private int last = -1;

                    @Override
                    public boolean test(Integer size) {
                        boolean stable = size == last;
                        last = size;
                        return stable;
                    }
                });
        List<JsonNode> callsBeforeKill = setCalls(tenantPort);
        Map<String, String> recordedAtKill = publishedState(stateUrl);

        Process second = start(dir.resolve("sync-2.log"), syncArguments(tenantPort, ldapPort, stateUrl, dir));
        assertThat(second.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).as(Files.readString(dir.resolve("sync-2.log"))).isZero();

        Map<String, Integer> writes = new HashMap<>();
        for (JsonNode call : setCalls(tenantPort)) writes.merge(call.path("identity").asText(), 1, Integer::sum);
        Map<String, String> published = publishedState(stateUrl);
        JsonNode recipients = get(tenantPort, "/simulator/recipients");
        assertThat(recipients.size()).isEqualTo(published.size());
        for (JsonNode recipient : recipients) {
            String identity = recipient.path("identity").asText();
            assertThat(published).as("state of %s", identity).containsKey(identity);
            assertThat(String.join(",", sorted(recipient.path("userCertificate"))))
                    .as("userCertificate of %s", identity).isEqualTo(published.get(identity));
        }
        // only the calls in flight at the kill are repeated: written by the tenant, not yet recorded by the killed run;
        // at most max-concurrency requests of batch-size cmdlets
        List<String> repeated = writes.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        List<String> writtenNotRecorded = callsBeforeKill.stream().map(call -> call.path("identity").asText())
                .filter(identity -> !recordedAtKill.containsKey(identity)).toList();
        assertThat(writtenNotRecorded).containsAll(repeated);
        assertThat(repeated).hasSizeLessThanOrEqualTo(2 * 10);
        assertThat(writes.values()).allMatch(count -> count <= 2);
        assertThat(callsBeforeKill.size()).isLessThan(published.size());
    }

    private String[] syncArguments(int tenantPort, int ldapPort, String stateUrl, Path dir) {
        String tenant = "http://localhost:" + tenantPort + "/simulator";
        return new String[]{"--certsync.run-once=true", "--server.port=0",
                "--certsync.ldap.url=ldap://127.0.0.1:" + ldapPort,
                "--certsync.ldap.bind-dn=" + EmbeddedDirectory.BIND_DN,
                "--certsync.ldap.password=" + EmbeddedDirectory.BIND_PASSWORD,
                "--certsync.ldap.base-dn=" + EmbeddedDirectory.PEOPLE_DN,
                "--certsync.ldap.user-filter=(objectClass=inetOrgPerson)",
                "--certsync.exchange.tenant-id=demo-tenant", "--certsync.exchange.client-id=certsync-demo",
                "--certsync.exchange.client-secret=demo-client-secret",
                "--certsync.exchange.login-url=" + tenant + "/login", "--certsync.exchange.api-url=" + tenant + "/exchange",
                "--certsync.exchange.max-concurrency=2",
                "--spring.datasource.url=" + stateUrl, "--certsync.report-file=" + dir + "/last-run.json",
                "--certsync.report-dir=" + dir + "/history"};
    }

    private Process start(Path log, String... arguments) throws IOException {
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.certsync.CertSyncApplication"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        return process;
    }

    private List<JsonNode> setCalls(int port) throws Exception {
        List<JsonNode> calls = new ArrayList<>();
        for (JsonNode request : get(port, "/simulator/requests")) {
            if (request.path("cmdlet").asText().startsWith("Set-")) calls.add(request);
        }
        return calls;
    }

    private JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static Map<String, String> publishedState(String url) throws Exception {
        Map<String, String> state = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(url, "certsync", "");
             ResultSet rows = connection.createStatement().executeQuery("SELECT recipient, user_certificate FROM published_state")) {
            while (rows.next()) state.put(rows.getString(1), rows.getString(2));
        }
        return state;
    }

    private static List<String> sorted(JsonNode values) {
        List<String> list = new ArrayList<>();
        values.forEach(v -> list.add(v.asText()));
        list.sort(null);
        return list;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
