package org.certsync.bench;

import java.io.IOException;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.certsync.demo.EmbeddedDirectory;
import org.certsync.testsupport.FreePort;

/**
 * Publish throughput against a slow tenant: the simulator answers every request after {@code latency} plus
 * {@code latency-per-cmdlet} for each cmdlet it carries, and refuses more than 4 requests in flight with Exchange's
 * concurrency answer. Per scenario, a fresh tenant JVM (the demo's embedded directory with extra users, and the
 * simulator) and a CertSync run-once JVM against it, each with its own state; measured from the simulator: recipients
 * per second over the publish phase (first to last cmdlet answered), HTTP requests, refusals, and whether every
 * recipient CertSync decided to write ended with exactly the certificates CertSync recorded (else lost).
 *
 * <p>Usage: {@code bench/publish-throughput [budget R calls/s = 40] [extra users = 400]}. In the budget scenario the
 * tenant admits R × 10 cmdlets per fixed 10 s window and CertSync is set to 97 % of R, as the docs advise.
 */
public final class PublishThroughputBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String LATENCY = "300ms";
    private static final String LATENCY_PER_CMDLET = "20ms";
    private static final int TENANT_CONCURRENCY = 4;
    private static final double CLIENT_SHARE_OF_BUDGET = 0.97;
    /**
     * The tenant's budget is R × 10 cmdlets per fixed 10 s window. A window of 1 s would cost batching dearly: a $batch
     * counts its 10 cmdlets at once, so no client can fill a 1 s window it cannot see the start of with more than
     * R − 10 of them (R − 1 with 10 s windows; legacy Exchange budgets ran per 5 s and per minute).
     */
    private static final int BUDGET_WINDOW_SECONDS = 10;

    private record Scenario(String name, List<String> tenantArguments, List<String> certsyncArguments) {
    }

    private record Result(Scenario scenario, long decided, long published, long failed, long lost, SimulatorFigures simulator,
                          long throttled, long retries) {
        double phaseSeconds() {
            return Duration.between(simulator.first, simulator.last).toMillis() / 1e3;
        }

        double recipientsPerSecond() {
            return published / phaseSeconds();
        }

        double refusedShare() {
            return simulator.httpRequests == 0 ? 0 : (double) simulator.concurrencyRefusals / simulator.httpRequests;
        }
    }

    private record SimulatorFigures(long httpRequests, long batchRequests, long cmdlets, long concurrencyRefusals,
                                    long budgetRefusals, int mostInFlight, Instant first, Instant last) {
    }

    private PublishThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int budget = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int extraUsers = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        Path out = Path.of("bench/out/publish-throughput");
        Files.createDirectories(out);
        List<Scenario> scenarios = List.of(
                new Scenario("one at a time", List.of(),
                        List.of("--certsync.exchange.batch-size=1", "--certsync.exchange.concurrency=1")),
                new Scenario("batches only", List.of(),
                        List.of("--certsync.exchange.batch-size=10", "--certsync.exchange.concurrency=1")),
                new Scenario("defaults", List.of(), List.of()),
                // the documented advice: a client budget a few % below the tenant's (their windows do not line up)
                new Scenario("budget " + budget + "/s", List.of("--certsync.simulator.throttle.requests=" + budget * BUDGET_WINDOW_SECONDS,
                        "--certsync.simulator.throttle.window=" + BUDGET_WINDOW_SECONDS + "s"),
                        List.of("--certsync.exchange.calls-per-second=" + CLIENT_SHARE_OF_BUDGET * budget)));
        System.out.printf("Tenant: %s per request + %s per cmdlet, at most %d requests in flight; %d extra users; load %s%n",
                LATENCY, LATENCY_PER_CMDLET, TENANT_CONCURRENCY, extraUsers, load());
        List<Result> results = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            Result result = run(scenario, extraUsers, out.resolve(scenario.name().replaceAll("\\W+", "-")));
            results.add(result);
            System.out.printf("%s: %d published in %.1f s%n", scenario.name(), result.published(), result.phaseSeconds());
        }
        double baseline = results.get(0).recipientsPerSecond();
        System.out.println();
        System.out.println("| scenario | recipients published | lost | failed | publish phase s | recipients/s | × one at a time"
                + " | HTTP requests | of them $batch | refused for concurrency | cmdlets refused for budget | 429 in report | retries |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            System.out.printf("| %s | %d | %d | %d | %.1f | %.1f | %.1f | %d | %d | %d (%.1f%%) | %d | %d | %d |%n",
                    r.scenario().name(), r.published(), r.lost(), r.failed(), r.phaseSeconds(), r.recipientsPerSecond(),
                    r.recipientsPerSecond() / baseline, r.simulator().httpRequests(), r.simulator().batchRequests(),
                    r.simulator().concurrencyRefusals(), 100 * r.refusedShare(), r.simulator().budgetRefusals(),
                    r.throttled(), r.retries());
        }
        Result budgeted = results.get(3);
        System.out.printf("%nBudget scenario: %.1f%% of R = %d cmdlets/s (recipients published per second over the publish"
                        + " phase; %d cmdlets answered, %d refused for the budget)%n",
                100 * budgeted.recipientsPerSecond() / budget, budget, budgeted.simulator().cmdlets(),
                budgeted.simulator().budgetRefusals());
    }

    private static Result run(Scenario scenario, int extraUsers, Path dir) throws Exception {
        deleteRecursively(dir);
        Files.createDirectories(dir);
        int tenantPort = FreePort.onLoopback();
        int ldapPort = FreePort.onLoopback();
        List<String> tenant = new ArrayList<>(List.of("--certsync.demo=true", "--certsync.demo.data-dir=",
                "--server.port=" + tenantPort, "--certsync.scheduler.enabled=false",
                "--certsync.demo.ldap-port=" + ldapPort, "--certsync.demo.extra-users=" + extraUsers,
                "--certsync.simulator.latency=" + LATENCY, "--certsync.simulator.latency-per-cmdlet=" + LATENCY_PER_CMDLET,
                "--certsync.simulator.concurrent-limit=" + TENANT_CONCURRENCY,
                "--logging.level.org.certsync.demo.simulator=WARN",
                "--spring.datasource.url=jdbc:h2:file:" + dir.toAbsolutePath().resolve("tenant/certsync")));
        tenant.addAll(scenario.tenantArguments());
        Process tenantProcess = start(dir.resolve("tenant.log"), tenant);
        try {
            waitFor(() -> get(tenantPort, "/simulator/statistics") != null, Duration.ofMinutes(3));
            String stateUrl = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("sync/certsync");
            String api = "http://localhost:" + tenantPort + "/simulator";
            List<String> certsync = new ArrayList<>(List.of("--certsync.run-once=true", "--server.port=0",
                    "--certsync.ldap.url=ldap://127.0.0.1:" + ldapPort, "--certsync.ldap.bind-dn=" + EmbeddedDirectory.BIND_DN,
                    "--certsync.ldap.password=" + EmbeddedDirectory.BIND_PASSWORD,
                    "--certsync.ldap.base-dn=" + EmbeddedDirectory.PEOPLE_DN,
                    "--certsync.ldap.user-filter=(objectClass=inetOrgPerson)",
                    "--certsync.exchange.tenant-id=demo-tenant", "--certsync.exchange.client-id=certsync-demo",
                    "--certsync.exchange.client-secret=demo-client-secret",
                    "--certsync.exchange.login-url=" + api + "/login", "--certsync.exchange.api-url=" + api + "/exchange",
                    "--spring.datasource.url=" + stateUrl, "--certsync.report-file=" + dir.resolve("report.json"),
                    "--certsync.report-dir=" + dir.resolve("history")));
            certsync.addAll(scenario.certsyncArguments());
            Process run = start(dir.resolve("certsync.log"), certsync);
            if (!run.waitFor(30, TimeUnit.MINUTES)) throw new IllegalStateException(scenario.name() + " did not end");
            JsonNode report = JSON.readTree(dir.resolve("report.json").toFile());
            JsonNode statistics = get(tenantPort, "/simulator/statistics");
            Map<String, String> simulated = new HashMap<>();
            for (JsonNode recipient : get(tenantPort, "/simulator/recipients")) {
                List<String> values = new ArrayList<>();
                recipient.path("userCertificate").forEach(v -> values.add(v.asText()));
                values.sort(null);
                simulated.put(recipient.path("identity").asText().toLowerCase(), String.join(",", values));
            }
            long matched = 0;
            for (Map.Entry<String, String> recorded : recorded(stateUrl).entrySet()) {
                if (recorded.getValue().equals(simulated.get(recorded.getKey()))) matched++;
            }
            long decided = report.path("usersScanned").asLong() - report.path("unchanged").asLong() - report.path("skipped").asLong();
            long failed = report.path("failed").asLong();
            return new Result(scenario, decided, report.path("published").asLong(), failed, decided - failed - matched,
                    new SimulatorFigures(statistics.path("httpRequests").asLong(), statistics.path("batchRequests").asLong(),
                            statistics.path("cmdlets").asLong(), statistics.path("concurrencyRefusals").asLong(),
                            statistics.path("budgetRefusals").asLong(), statistics.path("mostInFlight").asInt(),
                            Instant.parse(statistics.path("firstAnswer").asText()), Instant.parse(statistics.path("lastAnswer").asText())),
                    report.path("throttled").asLong(), report.path("retries").asLong());
        } finally {
            tenantProcess.destroy();
            tenantProcess.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** CertSync's record per recipient: the sorted userCertificate fingerprints it published. */
    private static Map<String, String> recorded(String url) throws Exception {
        Map<String, String> state = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(url, "certsync", "");
             ResultSet rows = connection.createStatement().executeQuery("SELECT recipient, user_certificate FROM published_state")) {
            while (rows.next()) {
                List<String> values = new ArrayList<>(List.of(rows.getString(2).isEmpty() ? new String[0] : rows.getString(2).split(",")));
                values.sort(null);
                state.put(rows.getString(1), String.join(",", values));
            }
        }
        return state;
    }

    private static Process start(Path log, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "org.certsync.CertSyncApplication"));
        command.addAll(arguments);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static JsonNode get(int port, String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("the tenant JVM did not start within " + timeout);
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }

    private static String load() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }


    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(path);
        }
    }
}
