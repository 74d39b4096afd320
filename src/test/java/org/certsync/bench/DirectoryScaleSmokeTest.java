package org.certsync.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.certsync.testsupport.IntegrationServer;
import org.certsync.testsupport.RequiresServer;
import org.junit.jupiter.api.Test;

/** bench/run --profile with 200 users, so that the script keeps working: the tables come out and the runs behave. */
class DirectoryScaleSmokeTest {

    @Test
    @RequiresServer(IntegrationServer.OPENLDAP)
    void smallBenchmarkPrintsEveryFigureAndTheNoChangeRunMakesNoExchangeCall() throws Exception {
        // C1 only: the figures do not matter here, and it halves the start-up of the three CertSync JVMs
        DirectoryScaleBenchmark.Options options = DirectoryScaleBenchmark.Options.parse(new String[]{
                "--users", "200", "--out", "target/bench-smoke", "--jvm-option", "-XX:TieredStopAtLevel=1", "--profile"});

        List<DirectoryScaleBenchmark.Series> results = DirectoryScaleBenchmark.run(options, System.out);
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        DirectoryScaleBenchmark.print(options, results, new PrintStream(table, true, StandardCharsets.UTF_8));

        DirectoryScaleBenchmark.Series series = results.get(0);
        assertThat(series.dump().entries()).isEqualTo(200);
        assertThat(series.runs()).allSatisfy(run -> {
            assertThat(run.exitCode()).isZero();
            assertThat(run.rssPeakMb()).isPositive();
            assertThat(run.gc().peakUsedMb()).isPositive();
        });
        assertThat(List.of(series.full(), series.reconcile())).allSatisfy(run -> {
            assertThat(run.usersScanned()).isEqualTo(200);
            assertThat(run.rejected()).isEqualTo(40);
        });
        assertThat(series.full().exchangeCalls()).isEqualTo(200);
        // delta runs read only what changed
        assertThat(series.unchanged().usersScanned()).isZero();
        assertThat(series.unchanged().exchangeCalls()).isZero();
        assertThat(series.changed().usersScanned()).isEqualTo(series.changedUsers()).isEqualTo(2);
        assertThat(series.changed().published()).isEqualTo(2);
        assertThat(series.reconcile().exchangeCalls()).isZero();
        // the same four runs in one service JVM, started over Jolokia, the full reconcile in rounds, one more recorded
        assertThat(series.service()).extracting(CertSyncService.Run::name, CertSyncService.Run::status,
                        CertSyncService.Run::mode, CertSyncService.Run::usersScanned, CertSyncService.Run::published)
                .containsExactly(
                        tuple("200-s1-full", "SUCCEEDED", "full", 200L, 200L),
                        tuple("200-s2-unchanged", "SUCCEEDED", "delta", 0L, 0L),
                        tuple("200-s3-changed-1pct", "SUCCEEDED", "delta", 2L, 2L),
                        tuple("200-s4-full-reconcile-1", "SUCCEEDED", "full", 200L, 0L),
                        tuple("200-s4-full-reconcile-2", "SUCCEEDED", "full", 200L, 0L),
                        tuple("200-s4-full-reconcile-3", "SUCCEEDED", "full", 200L, 0L),
                        tuple("200-s5-full-reconcile-recorded", "SUCCEEDED", "full", 200L, 0L));
        assertThat(series.service().get(0).cpuSeconds()).isPositive();
        // the baselines of the reconcile read every user, in every round
        DirectoryScaleBenchmark.Reconciles reconciles = series.reconciles();
        assertThat(reconciles.dumps()).hasSize(3).allSatisfy(dump -> assertThat(dump.entries()).isEqualTo(200));
        assertThat(reconciles.reads()).hasSize(3).allSatisfy(read -> assertThat(read.entries()).isEqualTo(200));
        assertThat(reconciles.conversions()).hasSize(3).allSatisfy(read -> assertThat(read.entries()).isEqualTo(200));
        assertThat(series.recording()).exists();
        // the hygiene dry run read every user and planned the expired values (the bench's grace is none)
        assertThat(series.hygiene().status()).isEqualTo("DRY_RUN");
        assertThat(series.hygiene().usersRead()).isEqualTo(200);
        assertThat(series.hygiene().valuesPlanned()).isPositive();
        assertThat(table.toString(StandardCharsets.UTF_8))
                .contains("| 200 | raw dump (ldapsearch) |", "| 200 | full sync |", "| 200 | nothing changed (delta) |",
                        "| 200 | 1 % changed (delta) |", "| users | run (service) |", "| 200 | full reconcile, nothing changed |",
                        "sync ÷ raw dump", "live heap", "RSS peak", "load average",
                        "**reconcile ÷ raw dump** (target ≤ 2.0)", "**reconcile ÷ JNDI read**", "| 200 | run-once JVM (JIT cold) |",
                        "| 200 | service JVM, its first run (JIT cold) |", "**CertSync CPU s per 1,000 users**",
                        "reconcile CPU ÷ JNDI read CPU", "Hottest methods", "| org.certsync.* |", "| org.apache.camel.* |",
                        "Our code with all it called", "| users | hygiene dry run s |");
    }
}
