package org.certsync.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.certsync.directory.DirectoryEntries;

/**
 * The directory-scale benchmark behind {@code bench/run}: per directory size, a fresh OpenLDAP directory, a raw
 * ldapsearch dump as the baseline, then three CertSync runs against it (full, nothing changed, 1 % changed) sharing
 * one state database; prints a Markdown table. Options: see {@code bench/run --help}. Not a test;
 * {@code DirectoryScaleSmokeTest} runs it small.
 */
public final class DirectoryScaleBenchmark {

    /** Options of one benchmark invocation. */
    record Options(List<Integer> users, int pageSize, String maxHeap, Path out, boolean profile, List<String> jvmOptions,
                   String classpath) {
        static Options parse(String[] args) {
            List<Integer> users = List.of(10_000, 50_000, 100_000);
            int pageSize = 500;
            String heap = "512m";
            Path out = Path.of("bench/out");
            boolean profile = false;
            List<String> jvmOptions = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : "";
                switch (args[i]) {
                    case "--profile" -> {
                        profile = true;
                        continue;
                    }
                    case "--users" -> users = Arrays.stream(value.split(",")).map(s -> Integer.parseInt(s.replace("_", ""))).toList();
                    case "--page-size" -> pageSize = Integer.parseInt(value);
                    case "--heap" -> heap = value;
                    case "--out" -> out = Path.of(value);
                    case "--jvm-option" -> jvmOptions.add(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see bench/run --help");
                }
                i++;
            }
            return new Options(users, pageSize, heap, out, profile, List.copyOf(jvmOptions), System.getProperty("java.class.path"));
        }
    }

    /** The figures for one directory size. */
    record Series(int users, RawDump.Result dump, RunFigures full, RunFigures unchanged, RunFigures changed,
                  RunFigures reconcile, int changedUsers, List<CertSyncService.Run> service) {

        List<RunFigures> runs() {
            return List.of(full, unchanged, changed, reconcile);
        }

        double fullOverDump() {
            return full.syncSeconds() / dump.seconds();
        }
    }

    private DirectoryScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // the simulated tenant answers in this JVM: a log line per cmdlet is noise at this scale
        System.setProperty("logging.level.org.certsync.demo.simulator", "WARN");
        Options options = Options.parse(args);
        if (!Slapd.installed()) {
            System.err.println("bench/run needs OpenLDAP: apt-get install slapd ldap-utils");
            System.exit(2);
        }
        List<Series> results = run(options, System.out);
        print(options, results, System.out);
    }

    static List<Series> run(Options options, PrintStream progress) throws IOException, InterruptedException {
        BenchDirectory directory = BenchDirectory.atLeast(options.users().stream().max(Integer::compare).orElseThrow(),
                options.out().resolve("directory"));
        List<Series> results = new ArrayList<>();
        for (int users : options.users()) results.add(series(users, directory, options, progress));
        return results;
    }

    private static Series series(int users, BenchDirectory directory, Options options, PrintStream progress)
            throws IOException, InterruptedException {
        Path out = options.out().resolve("runs").resolve(Integer.toString(users));
        Path state = out.resolve("state");
        Slapd.deleteRecursively(out);
        Files.createDirectories(out);
        progress.printf("%n== %,d users: loading slapd ...%n", users);
        Path changes = out.resolve("changes.ldif");
        try (BufferedWriter writer = Files.newBufferedWriter(changes, StandardCharsets.US_ASCII)) {
            directory.writeChanges(users, writer);
        }
        RawDump.Result dump;
        RunFigures full, unchanged, changed, reconcile;
        try (Slapd slapd = Slapd.start(options.out().resolve("ldap"), directory, users)) {
            dump = dumps(slapd, options.pageSize(), out, progress);
            CertSyncRun.Setup setup = setup(slapd, state, options);
            full = measured(users + "-1-full", users, setup, out, progress);
            unchanged = measured(users + "-2-unchanged", users, setup, out, progress);
            slapd.modify(changes);
            changed = measured(users + "-3-changed-1pct", users, setup, out, progress);
            // what every run cost before delta sync, and what the daily reconcile costs: all users read, none changed
            reconcile = measured(users + "-4-full-reconcile", users, setup, out, progress, "--certsync.delta.enabled=false");
        }
        progress.printf("%n== %,d users, service (one JVM): loading slapd again ...%n", users);
        List<CertSyncService.Run> service = new ArrayList<>();
        try (Slapd slapd = Slapd.start(options.out().resolve("ldap"), directory, users);
             CertSyncService certSync = CertSyncService.start(users + "-service", setup(slapd, out.resolve("service-state"),
                     options), out)) {
            service.add(measured(certSync, users + "-s1-full", "fullSyncNow", progress));
            service.add(measured(certSync, users + "-s2-unchanged", "syncNow", progress));
            slapd.modify(changes);
            service.add(measured(certSync, users + "-s3-changed-1pct", "syncNow", progress));
            service.add(measured(certSync, users + "-s4-full-reconcile", "fullSyncNow", progress));
        }
        return new Series(users, dump, full, unchanged, changed, reconcile, BenchDirectory.changedUsers(users), service);
    }

    private static CertSyncRun.Setup setup(Slapd slapd, Path state, Options options) {
        return new CertSyncRun.Setup(slapd.url(), options.pageSize(), state, options.classpath(), options.maxHeap(),
                options.profile(), options.jvmOptions());
    }

    private static CertSyncService.Run measured(CertSyncService service, String name, String operation,
                                                PrintStream progress) throws IOException, InterruptedException {
        CertSyncService.Run run = service.run(name, operation);
        progress.printf(Locale.ROOT, "%s: %s (%s read) in %.1f s%n", name, run.status(), run.mode(), run.syncSeconds());
        return run;
    }

    /** Three dumps; the median, so that one disturbed by the shared host does not decide. */
    private static RawDump.Result dumps(Slapd slapd, int pageSize, Path out, PrintStream progress)
            throws IOException, InterruptedException {
        List<RawDump.Result> dumps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            dumps.add(RawDump.run(slapd.url(), pageSize, DirectoryEntries.RETURNED_ATTRIBUTES, out.resolve("ldapsearch.log")));
        }
        dumps.sort((a, b) -> Double.compare(a.seconds(), b.seconds()));
        RawDump.Result median = dumps.get(1);
        progress.printf(Locale.ROOT, "raw dump: %d entries in %.2f s (median of 3)%n", median.entries(), median.seconds());
        return median;
    }

    private static RunFigures measured(String name, int users, CertSyncRun.Setup setup, Path out, PrintStream progress,
                                       String... arguments) throws IOException, InterruptedException {
        double load = loadAverage();
        RunFigures run = CertSyncRun.run(name, users, setup, out, arguments);
        progress.printf(Locale.ROOT, "%s: %s in %.1f s (load average before: %.2f)%n", name, run.status(), run.syncSeconds(), load);
        return run;
    }

    static void print(Options options, List<Series> results, PrintStream out) throws IOException {
        out.printf(Locale.ROOT, "%nMachine: %d cores, %s RAM; Java %s (%s); load average now %.2f; %s; commit %s%n",
                Runtime.getRuntime().availableProcessors(), memory(), System.getProperty("java.vm.version"),
                System.getProperty("java.vm.name"), loadAverage(), Instant.now().truncatedTo(ChronoUnit.MINUTES),
                commit());
        out.printf("CertSync: run-once JVM, -Xmx%s%s, page size %d, the simulated Exchange Online tenant (zero latency) in the"
                + " harness's JVM; raw dump: ldapsearch -E pr=%d/noprompt, same filter and attributes.%n%n",
                options.maxHeap(), String.join("", options.jvmOptions().stream().map(o -> " " + o).toList()),
                options.pageSize(), options.pageSize());
        out.println("| users | run | sync s | users/s | certificates/s | CPU s (sync) | start-up s | heap peak, MB"
                + " | live heap, MB | RSS peak, MB | Exchange calls | rejected | sync ÷ raw dump |");
        out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Series series : results) {
            out.printf(Locale.ROOT, "| %,d | raw dump (ldapsearch) | %.2f | %,.0f | | | | | | | | | 1.0 |%n",
                    series.users(), series.dump().seconds(), series.dump().entries() / series.dump().seconds());
            for (RunFigures run : series.runs()) {
                out.printf(Locale.ROOT, "| %,d | %s%s | %.2f | %,.0f | %,.0f | %.1f | %.1f | %d | %d | %d | %,d | %,d | %.1f |%n",
                        series.users(), label(run.name()), run.exitCode() == 0 ? "" : " (" + run.status() + ")",
                        run.syncSeconds(), run.usersPerSecond(), run.certificatesPerSecond(), run.syncCpuSeconds(),
                        run.startupSeconds(), run.gc().peakUsedMb(), run.gc().liveMaxMb(), run.rssPeakMb(),
                        run.exchangeCalls(), run.rejected(), run.syncSeconds() / series.dump().seconds());
            }
        }
        out.println();
        out.println("Service: one CertSync JVM per size (fresh state, slapd loaded again), runs started from the console"
                + " (Jolokia exec) one after the other; the JIT is warm after the first run.");
        out.println();
        out.println("| users | run (service) | mode | sync s | users/s | Exchange calls | ÷ full sync |");
        out.println("|---:|---|---|---:|---:|---:|---:|");
        for (Series series : results) {
            double fullSeconds = series.service().get(0).syncSeconds();
            for (CertSyncService.Run run : series.service()) {
                out.printf(Locale.ROOT, "| %,d | %s%s | %s | %.2f | %,.0f | %,d | %.3f |%n", series.users(), label(run.name()),
                        "SUCCEEDED".equals(run.status()) ? "" : " (" + run.status() + ")", run.mode(), run.syncSeconds(),
                        run.usersPerSecond(), run.exchangeCalls(), run.syncSeconds() / fullSeconds);
            }
        }
        out.println();
        for (Series series : results) {
            out.printf(Locale.ROOT, "- %,d users: raw dump returned %,d entries%s; full sync %.1f× the raw dump;"
                            + " no-change run made %d Exchange calls%s and read %,d users; 1 %% run read %,d and published %,d"
                            + " of %,d changed users in %.1f %% of the full sync's time (%.1f %% of the full reconcile's);"
                            + " in the service: %.1f %% of its full sync's time;"
                            + " live heap of the full run %d MB above the no-change run's%n",
                    series.users(), series.dump().entries(), series.dump().entries() == series.users() ? "" : " (MISMATCH)",
                    series.fullOverDump(),
                    series.unchanged().exchangeCalls(), series.unchanged().exchangeCalls() == 0 ? "" : " (EXPECTED 0)",
                    series.unchanged().usersScanned(), series.changed().usersScanned(),
                    series.changed().published(), series.changedUsers(),
                    100 * series.changed().syncSeconds() / series.full().syncSeconds(),
                    100 * series.changed().syncSeconds() / series.reconcile().syncSeconds(),
                    100 * series.service().get(2).syncSeconds() / series.service().get(0).syncSeconds(),
                    series.full().gc().liveMaxMb() - series.unchanged().gc().liveMaxMb());
        }
    }

    private static String label(String run) {
        if (run.endsWith("1-full")) return "full sync";
        if (run.endsWith("2-unchanged")) return "nothing changed (delta)";
        if (run.endsWith("3-changed-1pct")) return "1 % changed (delta)";
        return "full reconcile, nothing changed";
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String memory() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                return "%.0f GB".formatted(Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0);
            }
        }
        return "unknown";
    }

    private static String commit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String hash = new String(git.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            return git.waitFor() == 0 ? hash : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
