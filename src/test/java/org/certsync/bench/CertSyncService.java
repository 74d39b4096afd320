package org.certsync.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.certsync.testsupport.FreePort;

/**
 * CertSync as the long-running service most sites run (scheduler off here), in one JVM for several runs, each
 * started as an operator starts it: a console operation over Jolokia, which answers when the run ends. After the
 * first run the JIT is warm, as it is for every run of the 30-minute schedule; the run-once figures
 * ({@link CertSyncRun}) include a cold JVM in every run. Between operations the service is idle, so the CPU time
 * its JVM used from the operation's start to its answer (/proc) is the run's, plus the console's check of the
 * operator's password (a bcrypt hash once Spring Security has upgraded it: about 0.1 s).
 */
final class CertSyncService implements AutoCloseable {

    /**
     * One run of the service, from its report and /proc.
     *
     * @param cpuSeconds        CPU time of the CertSync JVM (all threads: work, JIT, GC) from the operation's start to
     *                          its answer
     * @param harnessCpuSeconds CPU time of the harness's JVM meanwhile: the simulated tenant's answers, apart from
     *                          CertSync's
     */
    record Run(String name, String mode, String status, double syncSeconds, long usersScanned, long published,
               long exchangeCalls, double cpuSeconds, double harnessCpuSeconds) {

        double usersPerSecond() {
            return usersScanned / syncSeconds;
        }

        /** CertSync's CPU seconds per 1,000 users read: comparable across directory sizes. */
        double cpuSecondsPerThousandUsers() {
            return 1000 * cpuSeconds / usersScanned;
        }
    }

    /**
     * A directory hygiene dry run: read, judge and plan every user of the scope, remove nothing.
     *
     * @param seconds    from the hygiene report's start to its end
     * @param cpuSeconds CPU time of the CertSync JVM from the operation's start to its answer
     */
    record Hygiene(String name, String status, double seconds, long usersRead, long valuesPlanned, double cpuSeconds) {
    }

    private static final String MBEAN = "org.certsync:type=Sync,name=certsync";
    /** The console operator the harness runs the operations as. */
    private static final String OPERATOR = "bench";
    private static final String OPERATOR_PASSWORD = "bench-operator-" + java.util.UUID.randomUUID();
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(30);
    /** The settings of {@link #recorded} runs: execution samples only; why, see the file. */
    private static final Path RECORDING_SETTINGS = Path.of("bench", "execution-samples.jfc");

    private final Process process;
    private final Path report;
    private final Path hygieneReport;
    private final String baseUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    private CertSyncService(Process process, Path report, Path hygieneReport, int port) {
        this.process = process;
        this.report = report;
        this.hygieneReport = hygieneReport;
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    static CertSyncService start(String name, CertSyncRun.Setup setup, Path out) throws IOException, InterruptedException {
        Files.createDirectories(out);
        int port = FreePort.onLoopback();
        Path report = out.resolve(name + "-last-run.json");
        Path hygieneReport = out.resolve(name + "-last-hygiene.json");
        List<String> command = CertSyncRun.command(setup.recordingOnRequest(), report, out.resolve(name + "-gc.log"),
                out.resolve(name + ".jfr"),
                List.of("--server.port=" + port, "--certsync.scheduler.enabled=false",
                        "--certsync.report-dir=" + out.resolve(name + "-history"),
                        // directory hygiene on demand only (the scheduler is off), dry: it is measured, never applied
                        "--certsync.hygiene.enabled=true",
                        // the directory's expired certificates expired a day before it was generated: planned at once
                        "--certsync.hygiene.expired-grace=P0D",
                        "--certsync.hygiene.report-file=" + hygieneReport,
                        // the operation answers when the run ends, however long it takes
                        "--certsync.console.sync-now-wait=" + RUN_TIMEOUT.toMinutes() + "m",
                        "--certsync.console.users." + OPERATOR + ".roles=operator",
                        "--certsync.console.users." + OPERATOR + ".password={noop}" + OPERATOR_PASSWORD));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(out.resolve(name + ".log").toFile());
        builder.environment().put("CERTSYNC_LDAP_PASSWORD", BenchDirectory.BIND_PASSWORD);
        CertSyncService service = new CertSyncService(builder.start(), report, hygieneReport, port);
        service.awaitLive(out.resolve(name + ".log"));
        if (setup.profile()) service.startRecorder();
        return service;
    }

    /** Runs {@code operation} of the CertSync MBean (syncNow, fullSyncNow) and reads the run's report. */
    Run run(String name, String operation) throws IOException, InterruptedException {
        Duration cpuBefore = cpu();
        Duration harnessBefore = CertSyncRun.harnessCpu();
        exec(name, operation, "run ");
        double cpuSeconds = cpu().minus(cpuBefore).toMillis() / 1e3;
        double harnessCpuSeconds = CertSyncRun.harnessCpu().minus(harnessBefore).toMillis() / 1e3;
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        return new Run(name, json.path("mode").asText(), json.path("status").asText(),
                json.path("durationMillis").asLong() / 1e3, json.path("usersScanned").asLong(),
                json.path("published").asLong(), RunFigures.exchangeCalls(json), cpuSeconds, harnessCpuSeconds);
    }

    /** Runs a directory hygiene dry run (dryRunHygieneNow) and reads its report. */
    Hygiene hygieneDryRun(String name) throws IOException, InterruptedException {
        Duration cpuBefore = cpu();
        exec(name, "dryRunHygieneNow", "Hygiene run ");
        double cpuSeconds = cpu().minus(cpuBefore).toMillis() / 1e3;
        JsonNode json = new ObjectMapper().readTree(hygieneReport.toFile());
        double seconds = Duration.between(java.time.Instant.parse(json.path("startedAt").asText()),
                java.time.Instant.parse(json.path("endedAt").asText())).toMillis() / 1e3;
        return new Hygiene(name, json.path("status").asText(), seconds, json.path("usersRead").asLong(),
                json.path("valuesPlanned").asLong(), cpuSeconds);
    }

    /** Executes an operation of the CertSync MBean as the console operator; its answer must start as expected. */
    private void exec(String name, String operation, String expectedStart) throws IOException, InterruptedException {
        String exec = "{\"type\":\"exec\",\"mbean\":\"" + MBEAN + "\",\"operation\":\"" + operation + "()\"}";
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/jolokia"))
                        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                                (OPERATOR + ":" + OPERATOR_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                        .header("Content-Type", "application/json")
                        .timeout(RUN_TIMEOUT).POST(HttpRequest.BodyPublishers.ofString(exec)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode value = new ObjectMapper().readTree(answer.body()).path("value");
        if (answer.statusCode() != 200 || !value.asText().startsWith(expectedStart)) {
            throw new IllegalStateException(name + ": " + operation + " answered " + answer.statusCode() + " " + answer.body());
        }
    }

    /**
     * {@link #run} with a JFR recording of that run alone in {@code recording}, execution samples only
     * ({@link #RECORDING_SETTINGS}): started and stopped with jcmd around the operation, so that neither the earlier runs
     * nor the start-up are in it.
     */
    Run recorded(String name, String operation, Path recording) throws IOException, InterruptedException {
        String recordingName = "name=" + name;
        if (jcmd("JFR.start", recordingName, "settings=" + RECORDING_SETTINGS.toAbsolutePath(),
                "filename=" + recording.toAbsolutePath()) != 0) {
            throw new IllegalStateException("jcmd JFR.start failed in the CertSync service (pid " + process.pid() + ")");
        }
        Run run = run(name, operation);
        if (jcmd("JFR.stop", recordingName) != 0 || !Files.exists(recording)) {
            throw new IllegalStateException("jcmd JFR.stop did not write " + recording);
        }
        return run;
    }

    /**
     * Starts the flight recorder up and stops its recording again, before the first run: starting up, it rewrites the
     * JDK's file and socket classes for its I/O events, which throws away their compiled code and the compiled code
     * that inlined them; in a recorded run that would show a JIT warming up again. Later recordings find it done.
     */
    private void startRecorder() throws IOException, InterruptedException {
        if (jcmd("JFR.start", "name=start-up", "settings=" + RECORDING_SETTINGS.toAbsolutePath()) != 0
                || jcmd("JFR.stop", "name=start-up") != 0) {
            throw new IllegalStateException("jcmd JFR.start/JFR.stop failed in the CertSync service (pid " + process.pid() + ")");
        }
    }

    private int jcmd(String... command) throws IOException, InterruptedException {
        return CertSyncRun.jcmd(process.pid(), command);
    }

    /** The CertSync JVM's CPU time so far, all threads (from /proc/<pid>/stat). */
    private Duration cpu() {
        return process.toHandle().info().totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("no CPU time for the CertSync service (pid " + process.pid() + ")"));
    }

    private void awaitLive(Path log) {
        Awaitility.await("CertSync start-up; see " + log).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsInstanceOf(IOException.class).until(() -> {
                    if (!process.isAlive()) throw new IllegalStateException("CertSync exited at start-up; see " + log);
                    return http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health/liveness"))
                            .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode() == 200;
                });
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }

}
