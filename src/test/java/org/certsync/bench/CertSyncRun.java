package org.certsync.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.certsync.testsupport.TenantFixture;

/**
 * One CertSync sync in run-once mode in its own JVM, as operators run it, measured from outside: wall and start-up
 * time, CPU time of the sync itself (from /proc samples around the report's start and end), peak RSS (VmHWM), heap
 * from the GC log, counts from the run report. The simulated tenant answers from the harness's JVM ({@link TenantFixture}),
 * so the CertSync JVM's CPU time is CertSync's alone; the harness's own CPU time during the sync (the tenant's
 * answers) is sampled beside it and reported apart.
 * Every {@link #LIVE_HEAP_EVERY} a full collection is requested ({@code jcmd GC.run}), so that the GC log shows the
 * live heap; each costs the run a pause of 0.1 to 0.5 s.
 */
final class CertSyncRun {

    /**
     * How a run is started; the state database below {@code stateDirectory} is kept between runs.
     *
     * @param profile    record a JFR profile of the run next to its log
     * @param jvmOptions further options of the CertSync JVM
     */
    record Setup(String ldapUrl, int pageSize, Path stateDirectory, String classpath, String maxHeap, boolean profile,
                 List<String> jvmOptions) {

        /**
         * Without a recording from launch: the service records single runs ({@link CertSyncService#recorded}). The
         * recorder's stack depth can only be set at launch, so it is.
         */
        Setup recordingOnRequest() {
            List<String> options = new ArrayList<>(jvmOptions);
            if (profile) options.add(RECORDER_STACK_DEPTH);
            return new Setup(ldapUrl, pageSize, stateDirectory, classpath, maxHeap, false, List.copyOf(options));
        }
    }

    /**
     * Camel's routes run deep: with JFR's default of 64 frames most samples lose the frames that say which route and
     * library called, which the summary's "on the stack" shares count.
     */
    private static final String RECORDER_STACK_DEPTH = "-XX:FlightRecorderOptions=stackdepth=256";
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(100);
    private static final Duration LIVE_HEAP_EVERY = Duration.ofSeconds(10);
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private CertSyncRun() {
    }

    /** Runs CertSync once; {@code arguments} are further properties of this run, e.g. --certsync.delta.enabled=false. */
    static RunFigures run(String name, int users, Setup setup, Path out, String... arguments)
            throws IOException, InterruptedException {
        Files.createDirectories(out);
        Path report = out.resolve(name + "-report.json");
        Path gcLog = out.resolve(name + "-gc.log");
        Files.deleteIfExists(report);
        List<String> runOnce = new ArrayList<>(List.of("--certsync.run-once=true", "--server.port=0"));
        runOnce.addAll(List.of(arguments));
        List<String> command = command(setup, report, gcLog, out.resolve(name + ".jfr"), runOnce);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(out.resolve(name + ".log").toFile());
        builder.environment().put("CERTSYNC_LDAP_PASSWORD", BenchDirectory.BIND_PASSWORD);

        Instant launched = Instant.now();
        long startedNanos = System.nanoTime();
        Process process = builder.start();
        Samples samples = sample(process);
        double wall = (System.nanoTime() - startedNanos) / 1e9;
        if (!Files.exists(report)) {
            throw new IllegalStateException("run " + name + " exited with " + process.exitValue() + " and no report; see "
                    + out.resolve(name + ".log"));
        }
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        Instant syncStart = Instant.parse(json.path("startedAt").asText());
        Instant syncEnd = Instant.parse(json.path("finishedAt").asText());
        long rejected = 0;
        for (JsonNode count : json.path("certificatesRejected")) rejected += count.asLong();
        return new RunFigures(name, users, process.exitValue(), json.path("status").asText(), wall,
                Duration.between(launched, syncStart).toMillis() / 1e3, json.path("durationMillis").asLong() / 1e3,
                samples.cpuSecondsBetween(syncStart, syncEnd), samples.harnessCpuSecondsBetween(syncStart, syncEnd),
                samples.cpuSeconds(), samples.rssPeakMb,
                GcLog.read(gcLog), json.path("usersScanned").asLong(),
                json.path("certificatesAccepted").asLong() + rejected, rejected,
                RunFigures.exchangeCalls(json), json.path("published").asLong());
    }

    /**
     * The product's default state URL (application.properties) with its file in {@code directory}: H2 with the options
     * operators get (WRITE_DELAY, CACHE_SIZE).
     */
    static String stateUrl(Path directory) {
        Properties defaults = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("application.properties"))) {
            defaults.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String url = defaults.getProperty("spring.datasource.url");
        int options = url.indexOf(';');
        return "jdbc:h2:file:" + directory.toAbsolutePath().resolve("certsync") + (options < 0 ? "" : url.substring(options));
    }

    /**
     * The CertSync JVM's command line: the bench directory, the state under the setup's state directory, the simulated
     * tenant of the harness; {@code arguments} are the further properties (each once: a repeated property would be joined).
     */
    static List<String> command(Setup setup, Path report, Path gcLog, Path profile, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + setup.maxHeap(), "-Xlog:gc:file=" + gcLog));
        if (setup.profile()) {
            command.addAll(List.of(RECORDER_STACK_DEPTH, "-XX:StartFlightRecording=settings=profile,filename=" + profile));
        }
        command.addAll(setup.jvmOptions());
        command.addAll(List.of("-cp", setup.classpath(), "org.certsync.CertSyncApplication",
                "--certsync.ldap.url=" + setup.ldapUrl(),
                "--certsync.ldap.bind-dn=" + BenchDirectory.BIND_DN,
                "--certsync.ldap.base-dn=" + BenchDirectory.PEOPLE,
                "--certsync.ldap.user-filter=" + BenchDirectory.USER_FILTER,
                "--certsync.ldap.page-size=" + setup.pageSize(),
                "--spring.datasource.url=" + stateUrl(setup.stateDirectory()),
                "--certsync.report-file=" + report,
                // slapd runs on this host: its modifyTimestamp comes from the same clock
                "--certsync.delta.timestamp-margin=0s"));
        command.addAll(TenantFixture.arguments());
        command.addAll(arguments);
        return command;
    }

    /** Polls CPU time and VmHWM until the process exits; the last sample is at most one interval before the end. */
    private static Samples sample(Process process) throws IOException, InterruptedException {
        Samples samples = new Samples();
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long nextFullCollection = System.nanoTime() + LIVE_HEAP_EVERY.toNanos();
        while (process.isAlive()) {
            if (System.nanoTime() > nextFullCollection) {
                fullCollection(process.pid());
                nextFullCollection = System.nanoTime() + LIVE_HEAP_EVERY.toNanos();
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("CertSync run did not end within " + TIMEOUT);
            }
            Duration harness = harnessCpu();
            process.toHandle().info().totalCpuDuration().ifPresent(cpu -> samples.add(Instant.now(), cpu, harness));
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmHWM:")) samples.rss(Long.parseLong(line.replaceAll("\\D", "")) / 1024);
                }
            } catch (IOException ended) {
                // the process exited between isAlive and the read
            }
            process.waitFor(SAMPLE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }
        return samples;
    }

    private static void fullCollection(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
    }

    /** Runs a diagnostic command in the JVM {@code pid}; its answer is discarded, its exit code returned. */
    static int jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        line.addAll(List.of(command));
        return new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                .waitFor();
    }

    /**
     * The harness JVM's CPU time so far (from /proc, as the CertSync JVM's): the simulated tenant answers here, so its
     * share during a sync is this figure's growth, less the harness's own sampling (a few milliseconds a second).
     */
    static Duration harnessCpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private static final class Samples {
        private final List<Instant> times = new ArrayList<>();
        private final List<Duration> cpu = new ArrayList<>();
        private final List<Duration> harnessCpu = new ArrayList<>();
        private long rssPeakMb;

        void add(Instant time, Duration used, Duration harnessUsed) {
            times.add(time);
            cpu.add(used);
            harnessCpu.add(harnessUsed);
        }

        void rss(long megabytes) {
            rssPeakMb = Math.max(rssPeakMb, megabytes);
        }

        double cpuSeconds() {
            return cpu.isEmpty() ? 0 : cpu.get(cpu.size() - 1).toMillis() / 1e3;
        }

        double cpuSecondsBetween(Instant from, Instant to) {
            return at(cpu, to) - at(cpu, from);
        }

        double harnessCpuSecondsBetween(Instant from, Instant to) {
            return at(harnessCpu, to) - at(harnessCpu, from);
        }

        /** Linear between the samples around the instant. */
        private double at(List<Duration> series, Instant instant) {
            for (int i = 1; i < times.size(); i++) {
                if (!times.get(i).isBefore(instant)) {
                    double span = Duration.between(times.get(i - 1), times.get(i)).toNanos();
                    double into = Duration.between(times.get(i - 1), instant).toNanos();
                    double share = span <= 0 ? 1 : Math.max(0, Math.min(1, into / span));
                    return (series.get(i - 1).toMillis() + share * (series.get(i).toMillis() - series.get(i - 1).toMillis())) / 1e3;
                }
            }
            return series.isEmpty() ? 0 : series.get(series.size() - 1).toMillis() / 1e3;
        }
    }
}
