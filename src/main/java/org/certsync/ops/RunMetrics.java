package org.certsync.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.certsync.certificate.RejectionReason;
import org.certsync.sync.RunReport;
import org.certsync.sync.RunStatus;

/**
 * The Prometheus metrics of sync runs ({@code certsync_*}), fed with each run's report. Counters add up the runs'
 * numbers; gauges show the last run.
 */
public class RunMetrics implements Consumer<RunReport> {

    private final MeterRegistry registry;
    private final Counter usersScanned;
    private final Counter certificatesAccepted;
    private final Counter publishes;
    private final Counter publishFailures;
    private final Counter throttled;
    private final Counter retries;
    private final Counter clears;
    private final Timer duration;
    /** The last run that ended, on this node or another of the cluster. */
    private final Supplier<Optional<RunReport>> last;
    private final AtomicReference<Instant> lastFullRead;

    /**
     * @param startedAt what the last-run timestamp shows before the first run, so "no run for 2h" alerts fire
     * @param last      the last run that ended, on any node ({@code LastRuns::latest}): the gauges show the cluster's
     *                  last run on every node; the counters count this node's runs (sum them over the nodes)
     */
    public RunMetrics(MeterRegistry registry, Instant startedAt, Supplier<Optional<RunReport>> last) {
        this.registry = registry;
        this.last = last;
        this.lastFullRead = new AtomicReference<>(startedAt);
        usersScanned = counter("certsync.users.scanned", "Users read from the directory");
        certificatesAccepted = counter("certsync.certificates.accepted", "Certificate values the policy accepted");
        publishes = counter("certsync.publishes", "Recipients written to Exchange Online");
        publishFailures = counter("certsync.publish.failures", "Recipients whose publish failed");
        throttled = counter("certsync.throttled", "Answers from Exchange Online that asked CertSync to slow down");
        retries = counter("certsync.retries", "Calls repeated after a throttled, transient or unauthorized answer");
        clears = counter("certsync.clears", "Recipients whose certificates were removed");
        Gauge.builder("certsync.clears.held.back", last, l -> l.get().map(RunReport::clearsHeldBack).orElse(0))
                .description("Clears the last run held back for approval (deletion threshold)").register(registry);
        duration = Timer.builder("certsync.run.duration").description("How long sync runs take").register(registry);
        // every reason and status from the start, so alert expressions find a series before it first moves
        for (RejectionReason reason : RejectionReason.values()) rejected(reason.code());
        for (RunStatus status : RunStatus.values()) runs(status);
        Gauge.builder("certsync.dead.letters", last, l -> l.get().map(RunReport::deadLetters).orElse(0))
                .description("Recipients in the dead-letter store at the end of the last run").register(registry);
        Gauge.builder("certsync.last.run.timestamp", last,
                        l -> l.get().map(RunReport::finishedAt).orElse(startedAt).toEpochMilli() / 1000.0)
                .baseUnit("seconds").description("When the last run finished (before the first run: start-up)")
                .register(registry);
        Gauge.builder("certsync.last.full.read.timestamp", lastFullRead, l -> l.get().toEpochMilli() / 1000.0)
                .baseUnit("seconds").description("When the last full read (every user in scope) finished, dry runs"
                        + " aside (before the first: start-up); only full reads clear users who left the scope")
                .register(registry);
        for (RunStatus status : RunStatus.values()) {
            Gauge.builder("certsync.last.run.status", last,
                            l -> l.get().filter(report -> report.status() == status).isPresent() ? 1 : 0)
                    .tag("status", status.name()).description("1 for the status of the last run, 0 for the others")
                    .register(registry);
        }
    }

    @Override
    public void accept(RunReport report) {
        usersScanned.increment(report.usersScanned());
        certificatesAccepted.increment(report.certificatesAccepted());
        report.certificatesRejected().forEach((reason, count) -> rejected(reason).increment(count));
        publishes.increment(report.published());
        publishFailures.increment(report.failed());
        throttled.increment(report.throttled());
        retries.increment(report.retries());
        clears.increment(report.cleared());
        runs(report.status()).increment();
        duration.record(Duration.ofMillis(report.durationMillis()));
        if ("full".equals(report.mode()) && !report.dryRun() && report.status() != RunStatus.FAILED) {
            lastFullRead.set(report.finishedAt());
        }
    }

    private Counter rejected(String reason) {
        return Counter.builder("certsync.certificates.rejected").tag("reason", reason)
                .description("Certificate values the policy rejected, by reason").register(registry);
    }

    private Counter runs(RunStatus status) {
        return Counter.builder("certsync.runs").tag("status", status.name())
                .description("Sync runs, by how they ended").register(registry);
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }
}
