package org.certsync.sync;

import org.certsync.FailureMessages;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.apache.camel.Exchange;
import org.certsync.cluster.RunLock;
import org.certsync.directory.UserPages;
import org.certsync.state.DeadLetters;
import org.certsync.state.PublishedState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate of sync runs: one run at a time on this node and, through the {@link RunLock}, across the cluster; begun
 * with a {@link Run} on the exchange and ended with its report, written and handed to the listeners. What happens
 * within a run travels with the exchange, not here.
 */
public class SyncRuns {

    /** Header that makes one run a dry run (console operation "dry-run now"). */
    public static final String DRY_RUN = "certsyncDryRun";
    /** Exchange property (or header) naming who started a run that no route started, e.g. {@code console:alice}. */
    public static final String TRIGGER = "certsyncTrigger";
    private static final Logger LOG = LoggerFactory.getLogger(SyncRuns.class);

    private final Clock clock;
    private final ReportWriter reports;
    private final DeadLetters deadLetters;
    private final ExpiryWarnings expiryWarnings;
    private final boolean dryRun;
    private final RunLock lock;
    private final List<Consumer<RunReport>> listeners = new CopyOnWriteArrayList<>();
    /** The id of the run in progress: the gate's only state. */
    private final AtomicReference<String> running = new AtomicReference<>();
    private final AtomicReference<RunReport> last = new AtomicReference<>();
    private volatile CompletableFuture<RunReport> next = new CompletableFuture<>();

    public SyncRuns(Clock clock, ReportWriter reports, DeadLetters deadLetters, ExpiryWarnings expiryWarnings,
                    boolean dryRun, RunLock lock) {
        this.clock = clock;
        this.reports = reports;
        this.deadLetters = deadLetters;
        this.expiryWarnings = expiryWarnings;
        this.dryRun = dryRun;
        this.lock = lock;
    }

    /**
     * Starts a run, or refuses when one is in progress. A message header {@code certsyncDryRun=true} makes this
     * one run a dry run; {@code certsyncTrigger} names who started it.
     */
    public void begin(Exchange exchange) {
        String trigger = Run.trigger(exchange);
        String runId = UUID.randomUUID().toString();
        if (!running.compareAndSet(null, runId)) {
            throw new RunInProgressException(trigger, "run " + running.get() + " is still in progress");
        }
        if (!lock.tryAcquire(runId)) {
            running.set(null);
            throw new RunInProgressException(trigger, lock.view().describeHolder());
        }
        boolean dry = dryRun || exchange.getMessage().getHeader(DRY_RUN, false, Boolean.class);
        Run run;
        try {
            run = new Run(runId, trigger, dry, clock.instant(), reports.journal(runId));
        } catch (RuntimeException e) {
            // a run that could not begin holds nothing
            lock.release(runId, null);
            running.set(null);
            throw e;
        }
        exchange.setProperty(Run.PROPERTY, run);
        exchange.setProperty(PublishedState.RUN_ID, runId);
        LOG.info("Sync run {} started by {}{}", runId, trigger, dry ? " (dry run: nothing is written)" : "");
    }

    /** Before each page: a run whose node lost the cluster's run lock stops (RunLockLostException). */
    public void confirmLock(Exchange exchange) {
        lock.confirm(Run.of(exchange).runId());
    }

    public RunReport finish(Exchange exchange) {
        return end(exchange, null);
    }

    /** Ends the run as failed with one clear line; nothing after the failure was published. */
    public RunReport fail(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return end(exchange, FailureMessages.describe(cause));
    }

    /** Runs never overlap: a trigger during a run is skipped, and its report in the history says so. */
    public RunReport skippedTrigger(Exchange exchange) {
        String reason = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class).getMessage();
        Instant now = clock.instant();
        RunReport report = RunReport.builder().runId(UUID.randomUUID().toString())
                .trigger(exchange.getMessage().getHeader(TRIGGER, exchange.getFromRouteId(), String.class))
                .node(lock.node())
                .status(RunStatus.SKIPPED).message(reason).startedAt(now).finishedAt(now)
                .durationMillis(Duration.ZERO.toMillis()).dryRun(dryRun).build();
        reports.writeHistory(report);
        LOG.warn(reason);
        return report;
    }

    public Optional<RunReport> lastReport() {
        return Optional.ofNullable(last.get());
    }

    /** Completes with the report of the next run that ends. */
    public CompletableFuture<RunReport> nextReport() {
        return next;
    }

    /** Called with every report, after it is written; for metrics and the console. */
    public void addListener(Consumer<RunReport> listener) {
        listeners.add(listener);
    }

    public boolean isRunning() {
        return running.get() != null;
    }

    private RunReport end(Exchange exchange, String failure) {
        Run run = Run.of(exchange);
        if (!run.end()) return last.get();
        UserPages<?> read = exchange.getProperty(UserPages.PROPERTY, UserPages.class);
        if (read != null) run.scanned(read.usersRead());
        RunReport ended = run.report(clock, failure, deadLetters.count());
        RunReport report = RunReport.Builder.from(ended).node(lock.node())
                .expiring(expiryWarnings.at(ended.finishedAt())).build();
        try {
            report = reports.write(report);
            for (Consumer<RunReport> listener : listeners) notify(listener, report);
        } finally {
            lock.release(run.runId(), reports.summary(report));
            run.journal().close();
            last.set(report);
            running.set(null);
            CompletableFuture<RunReport> finished = next;
            next = new CompletableFuture<>();
            finished.complete(report);
        }
        if (report.status() == RunStatus.FAILED) LOG.error("Sync {}", report.summary());
        else LOG.info("Sync {}", report.summary());
        return report;
    }

    private static void notify(Consumer<RunReport> listener, RunReport report) {
        try {
            listener.accept(report);
        } catch (RuntimeException e) {
            LOG.warn("A run listener failed on run {}: {}", report.runId(), FailureMessages.describe(e));
        }
    }
}
