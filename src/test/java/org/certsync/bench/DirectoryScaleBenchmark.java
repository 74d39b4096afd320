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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import javax.naming.NamingException;

import org.certsync.directory.DirectoryEntries;

/**
 * The directory-scale benchmark behind {@code bench/run}: per directory size, a fresh OpenLDAP directory, a raw
 * ldapsearch dump as the baseline, then four CertSync runs against it in run-once JVMs (full, nothing changed, 1 %
 * changed, full reconcile with nothing changed) sharing one state database; then the same four in one service JVM,
 * whose full reconcile is measured three times, each beside the baselines of a full read on the same directory (an
 * ldapsearch dump, and a JNDI read in this JVM with and without the product's conversion to users); with
 * {@code --profile} one more reconcile is recorded with JFR and summarised. Prints Markdown tables. Options: see
 * {@code bench/run --help}. Not a test; {@code DirectoryScaleSmokeTest} runs it small.
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

    /**
     * The service's full reconcile with nothing changed, {@link #ROUNDS} times, and the baselines of a full read of
     * the same directory measured in the same rounds, one after the other, so that load from other work on the host
     * falls on all of them alike; each figure is the median of its rounds.
     *
     * @param reconciles  the service's full reconciles
     * @param dumps       ldapsearch dumps (C)
     * @param reads       JNDI reads in the harness's JVM, entries only
     * @param conversions JNDI reads in the harness's JVM, each page turned into users ({@code DirectoryEntries.toUsers})
     */
    record Reconciles(List<CertSyncService.Run> reconciles, List<RawDump.Result> dumps, List<JndiRead.Result> reads,
                      List<JndiRead.Result> conversions) {

        CertSyncService.Run reconcile() {
            return median(reconciles, CertSyncService.Run::syncSeconds);
        }

        RawDump.Result dump() {
            return median(dumps, RawDump.Result::seconds);
        }

        JndiRead.Result read() {
            return median(reads, JndiRead.Result::seconds);
        }

        JndiRead.Result conversion() {
            return median(conversions, JndiRead.Result::seconds);
        }
    }

    /**
     * The figures for one directory size.
     *
     * @param service   the service's runs in order: full, nothing changed, 1 % changed, the reconciles, the recorded one
     * @param recording the JFR recording of the service's last full reconcile ({@code --profile}), or null
     */
    record Series(int users, RawDump.Result dump, RunFigures full, RunFigures unchanged, RunFigures changed,
                  RunFigures reconcile, int changedUsers, List<CertSyncService.Run> service, Reconciles reconciles,
                  CertSyncService.Hygiene hygiene, Path recording) {

        List<RunFigures> runs() {
            return List.of(full, unchanged, changed, reconcile);
        }

        double fullOverDump() {
            return full.syncSeconds() / dump.seconds();
        }
    }

    /** Service reconciles, each with its baselines: the medians of three, so that one disturbed run does not decide. */
    static final int ROUNDS = 3;
    /**
     * Entries the JNDI baselines read before they are measured (one pass at 100,000 users, ten at 10,000; at most
     * {@link #WARM_UP_PASSES}), so that their JIT is about as warm as the service's after its full sync of the users.
     */
    static final int WARM_UP_ENTRIES = 100_000;
    static final int WARM_UP_PASSES = 10;

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
        // the simulated tenant's web server and scheduler would keep this JVM running
        System.exit(0);
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
        Reconciles reconciles;
        CertSyncService.Hygiene hygiene;
        Path recording = options.profile() ? out.resolve(users + "-s5-full-reconcile-recorded.jfr").toAbsolutePath() : null;
        try (Slapd slapd = Slapd.start(options.out().resolve("ldap"), directory, users);
             CertSyncService certSync = CertSyncService.start(users + "-service", setup(slapd, out.resolve("service-state"),
                     options), out)) {
            service.add(measured(certSync, users + "-s1-full", "fullSyncNow", progress));
            service.add(measured(certSync, users + "-s2-unchanged", "syncNow", progress));
            slapd.modify(changes);
            service.add(measured(certSync, users + "-s3-changed-1pct", "syncNow", progress));
            reconciles = reconciles(certSync, slapd, users, options, out, progress);
            service.addAll(reconciles.reconciles());
            hygiene = certSync.hygieneDryRun(users + "-s6-hygiene-dry-run");
            progress.printf(Locale.ROOT, "%s: %s in %.1f s (%,d users read, %,d values planned)%n", hygiene.name(),
                    hygiene.status(), hygiene.seconds(), hygiene.usersRead(), hygiene.valuesPlanned());
            if (recording != null) {
                CertSyncService.Run recorded = certSync.recorded(users + "-s5-full-reconcile-recorded", "fullSyncNow", recording);
                progress.printf(Locale.ROOT, "%s: %s (%s read) in %.1f s, recorded in %s%n", recorded.name(), recorded.status(),
                        recorded.mode(), recorded.syncSeconds(), recording);
                service.add(recorded);
            }
        }
        return new Series(users, dump, full, unchanged, changed, reconcile, BenchDirectory.changedUsers(users), service,
                reconciles, hygiene, recording);
    }

    /**
     * The service's full reconciles with nothing changed, each followed by the baselines of a full read of the same
     * directory: ldapsearch, a JNDI read, a JNDI read with the conversion to users. The JNDI reads run warm, as the
     * service's reconcile does.
     */
    private static Reconciles reconciles(CertSyncService certSync, Slapd slapd, int users, Options options, Path out,
                                         PrintStream progress) throws IOException, InterruptedException {
        try {
            for (int pass = 0; pass < Math.max(1, Math.min(WARM_UP_PASSES, WARM_UP_ENTRIES / users)); pass++) {
                JndiRead.run(slapd.url(), options.pageSize(), DirectoryEntries.RETURNED_ATTRIBUTES, false);
                JndiRead.run(slapd.url(), options.pageSize(), DirectoryEntries.RETURNED_ATTRIBUTES, true);
            }
            List<CertSyncService.Run> runs = new ArrayList<>();
            List<RawDump.Result> dumps = new ArrayList<>();
            List<JndiRead.Result> reads = new ArrayList<>();
            List<JndiRead.Result> conversions = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                runs.add(measured(certSync, users + "-s4-full-reconcile-" + round, "fullSyncNow", progress));
                dumps.add(RawDump.run(slapd.url(), options.pageSize(), DirectoryEntries.RETURNED_ATTRIBUTES,
                        out.resolve("ldapsearch-service.log")));
                reads.add(JndiRead.run(slapd.url(), options.pageSize(), DirectoryEntries.RETURNED_ATTRIBUTES, false));
                conversions.add(JndiRead.run(slapd.url(), options.pageSize(), DirectoryEntries.RETURNED_ATTRIBUTES, true));
                progress.printf(Locale.ROOT, "round %d: raw dump %.2f s, JNDI read %.2f s, JNDI read + toUsers %.2f s%n", round,
                        dumps.get(dumps.size() - 1).seconds(), reads.get(reads.size() - 1).seconds(),
                        conversions.get(conversions.size() - 1).seconds());
            }
            return new Reconciles(runs, dumps, reads, conversions);
        } catch (NamingException e) {
            throw new IOException("JNDI read of " + slapd.url() + " failed", e);
        }
    }

    /** The middle one by {@code seconds}. */
    static <T> T median(List<T> values, ToDoubleFunction<T> seconds) {
        List<T> sorted = values.stream().sorted(Comparator.comparingDouble(seconds)).toList();
        return sorted.get(sorted.size() / 2);
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
        RawDump.Result median = median(dumps, RawDump.Result::seconds);
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
                + " harness's JVM%s; raw dump: ldapsearch -E pr=%d/noprompt, same filter and attributes.%n%n",
                options.maxHeap(), String.join("", options.jvmOptions().stream().map(o -> " " + o).toList()),
                options.pageSize(), options.profile() ? "; each run recorded with JFR (settings \"profile\") from launch" : "",
                options.pageSize());
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
                + " (Jolokia exec) one after the other; the JIT is warm after the first run. CPU s: the CertSync JVM's, all"
                + " threads, from the operation's start to its answer (/proc).");
        out.println();
        out.println("| users | run (service) | mode | sync s | users/s | CPU s | Exchange calls | ÷ full sync |");
        out.println("|---:|---|---|---:|---:|---:|---:|---:|");
        for (Series series : results) {
            double fullSeconds = series.service().get(0).syncSeconds();
            for (CertSyncService.Run run : series.service()) {
                out.printf(Locale.ROOT, "| %,d | %s%s | %s | %.2f | %,.0f | %.1f | %,d | %.3f |%n", series.users(),
                        label(run.name()), "SUCCEEDED".equals(run.status()) ? "" : " (" + run.status() + ")", run.mode(),
                        run.syncSeconds(), run.usersPerSecond(), run.cpuSeconds(), run.exchangeCalls(),
                        run.syncSeconds() / fullSeconds);
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
        out.println();
        printReconciles(options, results, out);
        printHygiene(results, out);
        printFullSyncCpu(results, out);
        for (Series series : results) {
            if (series.recording() == null) continue;
            out.printf(Locale.ROOT, "Where the service's full reconcile with nothing changed spends its Java CPU, %,d users"
                    + " (one more reconcile after the rounds, recorded with JFR: execution samples only,"
                    + " bench/execution-samples.jfc):%n", series.users());
            JfrSummary.print(series.recording(), out);
            out.println();
        }
    }

    /** Issue 16: the service's full reconcile against a full read of the same directory, and CertSync's own part. */
    private static void printReconciles(Options options, List<Series> results, PrintStream out) {
        out.printf(Locale.ROOT, "Full reconcile with nothing changed, in the service (warm JIT), against a full read of the same"
                + " directory: %d rounds of [reconcile, ldapsearch dump, JNDI read, JNDI read + toUsers], the median of each."
                + " JNDI read: CertSync's client and request (JNDI, paged, page size %d, same base, filter and attributes) in"
                + " the harness's JVM after warm-up reads, nothing done with the entries; + toUsers: each page also turned into"
                + " users by the product's DirectoryEntries.toUsers. CPU s: the reconcile's from the CertSync JVM (/proc), the"
                + " JNDI reads' from the harness's JVM (idle otherwise), each of the median run; CPU time depends less on other"
                + " work on the host than wall time does. Compare the ratios, measured side by side, rather than the times:"
                + " other work on the host changes those.%n%n", ROUNDS, options.pageSize());
        out.println("| users | full reconcile s | raw dump s | JNDI read s | JNDI read + toUsers s"
                + " | **reconcile ÷ raw dump** (target ≤ 2.0) | **reconcile ÷ JNDI read** | reconcile ÷ JNDI read + toUsers"
                + " | JNDI read ÷ raw dump | reconcile CPU s | JNDI read CPU s | JNDI read + toUsers CPU s"
                + " | reconcile CPU ÷ JNDI read CPU |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Series series : results) {
            Reconciles r = series.reconciles();
            double reconcile = r.reconcile().syncSeconds();
            out.printf(Locale.ROOT, "| %,d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f | %.2f | %.2f | %.0f |%n",
                    series.users(), reconcile, r.dump().seconds(), r.read().seconds(), r.conversion().seconds(),
                    reconcile / r.dump().seconds(), reconcile / r.read().seconds(), reconcile / r.conversion().seconds(),
                    r.read().seconds() / r.dump().seconds(), r.reconcile().cpuSeconds(), r.read().cpuSeconds(),
                    r.conversion().cpuSeconds(), r.reconcile().cpuSeconds() / r.read().cpuSeconds());
        }
        out.println();
        for (Series series : results) {
            Reconciles r = series.reconciles();
            out.printf(Locale.ROOT, "- %,d users: reconciles %s s (read %s users); raw dumps %s s; JNDI reads %s s (%s entries);"
                            + " JNDI reads + toUsers %s s (%s users)%n", series.users(),
                    seconds(r.reconciles(), CertSyncService.Run::syncSeconds),
                    counts(r.reconciles(), CertSyncService.Run::usersScanned, series.users()),
                    seconds(r.dumps(), RawDump.Result::seconds),
                    seconds(r.reads(), JndiRead.Result::seconds), counts(r.reads(), JndiRead.Result::entries, series.users()),
                    seconds(r.conversions(), JndiRead.Result::seconds),
                    counts(r.conversions(), JndiRead.Result::entries, series.users()));
        }
        out.println();
    }

    /**
     * Issue 18: a directory hygiene dry run reads and judges every user of its scope (no verdict is reused: it asks
     * what is in the directory, not what changed), against the service's full reconcile and the raw dump.
     */
    private static void printHygiene(List<Series> results, PrintStream out) {
        out.println("Directory hygiene dry run in the service (dryRunHygieneNow, after the reconciles; the same scope): every"
                + " user read, judged and planned per value, nothing removed. Ratios against the medians of the rounds above.");
        out.println();
        out.println("| users | hygiene dry run s | CPU s | users read | values planned | ÷ full reconcile | ÷ raw dump"
                + " | CPU ÷ reconcile CPU |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Series series : results) {
            CertSyncService.Hygiene h = series.hygiene();
            Reconciles r = series.reconciles();
            out.printf(Locale.ROOT, "| %,d | %.2f | %.1f | %,d | %,d | %.2f | %.2f | %.1f |%n", series.users(), h.seconds(),
                    h.cpuSeconds(), h.usersRead(), h.valuesPlanned(), h.seconds() / r.reconcile().syncSeconds(),
                    h.seconds() / r.dump().seconds(), h.cpuSeconds() / r.reconcile().cpuSeconds());
        }
        out.println();
    }

    /**
     * Issue 16: the first full sync's CPU per 1,000 users, CertSync's JVM alone. The tenant simulator answers from the
     * harness's JVM, whose CPU meanwhile is shown apart (it includes the harness's sampling, a few ms a second).
     */
    private static void printFullSyncCpu(List<Series> results, PrintStream out) {
        out.println("First full sync (everything published), CPU of CertSync's JVM alone (all threads: work, JIT, GC;"
                + " /proc/<pid>/stat). The simulated Exchange Online tenant (zero latency) answers from the harness's JVM,"
                + " not CertSync's; its CPU during the sync is the last column.");
        out.println();
        out.println("| users | first full sync in | sync s | CertSync CPU s | **CertSync CPU s per 1,000 users**"
                + " | tenant simulator (harness JVM) CPU s |");
        out.println("|---:|---|---:|---:|---:|---:|");
        for (Series series : results) {
            RunFigures runOnce = series.full();
            CertSyncService.Run service = series.service().get(0);
            out.printf(Locale.ROOT, "| %,d | run-once JVM (JIT cold) | %.2f | %.1f | %.2f | %.1f |%n", series.users(),
                    runOnce.syncSeconds(), runOnce.syncCpuSeconds(), runOnce.cpuSecondsPerThousandUsers(),
                    runOnce.harnessSyncCpuSeconds());
            out.printf(Locale.ROOT, "| %,d | service JVM, its first run (JIT cold) | %.2f | %.1f | %.2f | %.1f |%n",
                    series.users(), service.syncSeconds(), service.cpuSeconds(), service.cpuSecondsPerThousandUsers(),
                    service.harnessCpuSeconds());
        }
        out.println();
    }

    private static <T> String seconds(List<T> values, ToDoubleFunction<T> seconds) {
        return String.join(", ", values.stream().map(v -> String.format(Locale.ROOT, "%.2f", seconds.applyAsDouble(v))).toList());
    }

    /** The counts, or the one count when all are the users in scope; a count that is not is marked. */
    private static <T> String counts(List<T> values, ToLongFunction<T> count, int users) {
        List<Long> all = values.stream().map(count::applyAsLong).toList();
        if (all.stream().allMatch(c -> c == users)) return String.format(Locale.ROOT, "%,d", users);
        return String.join(", ", all.stream().map(c -> String.format(Locale.ROOT, "%,d%s", c, c == users ? "" : " (MISMATCH)")).toList());
    }

    private static String label(String run) {
        if (run.endsWith("1-full")) return "full sync";
        if (run.endsWith("2-unchanged")) return "nothing changed (delta)";
        if (run.endsWith("3-changed-1pct")) return "1 % changed (delta)";
        if (run.endsWith("-recorded")) return "full reconcile, nothing changed (JFR recording)";
        int round = run.indexOf("-full-reconcile-");
        if (round > 0) return "full reconcile, nothing changed (round " + run.substring(round + "-full-reconcile-".length()) + ")";
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
