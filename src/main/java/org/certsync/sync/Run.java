package org.certsync.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.certsync.certificate.Verdict;
import org.certsync.exchangeonline.PublishCounters;
import org.certsync.state.Publication;
import org.certsync.state.SeenRecipients;

/**
 * One sync run as it travels with the exchange (property {@value #PROPERTY}): who started it, whether it is a dry
 * run, how it reads, and the tally of what happened to its users so far. The splits' aggregation strategies add each
 * user's {@link Outcome}; every change and problem goes to the run's journal on disk as it happens, so a run of 100,000
 * users holds counters here, not their changes. Thread-safe: the publishing split runs in parallel.
 */
public final class Run implements PublishCounters {

    /** The exchange property holding the run, from sync-run's first step to its last. */
    public static final String PROPERTY = PublishCounters.PROPERTY;

    private final String runId;
    private final String trigger;
    private final boolean dryRun;
    private final Instant startedAt;
    private final RunJournal journal;
    private final AtomicInteger published = new AtomicInteger();
    private final AtomicInteger cleared = new AtomicInteger();
    private final AtomicInteger unchanged = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private final AtomicInteger onDirectoryPath = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger throttled = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();
    private final Map<String, AtomicInteger> rejected = new ConcurrentHashMap<>();
    private final Map<String, String> revisits = new ConcurrentHashMap<>();
    private final List<Publication> pendingClears = new CopyOnWriteArrayList<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final SeenRecipients seen = new SeenRecipients();
    private volatile ReadPlan plan;
    private volatile int usersScanned;
    private volatile int clearsHeldBack;
    private volatile String thresholdExceeded;

    Run(String runId, String trigger, boolean dryRun, Instant startedAt, RunJournal journal) {
        this.runId = runId;
        this.trigger = trigger;
        this.dryRun = dryRun;
        this.startedAt = startedAt;
        this.journal = journal;
    }

    /** The run this exchange belongs to. */
    public static Run of(Exchange exchange) {
        Run run = exchange.getProperty(PROPERTY, Run.class);
        if (run == null) throw new IllegalStateException("no sync run in this exchange: it starts at direct:sync-run");
        return run;
    }

    /** Who started a run: the {@code certsyncTrigger} property or header, else the route it came from. */
    public static String trigger(Exchange exchange) {
        return exchange.getProperty(SyncRuns.TRIGGER,
                exchange.getMessage().getHeader(SyncRuns.TRIGGER, exchange.getFromRouteId(), String.class), String.class);
    }

    public String runId() {
        return runId;
    }

    /** The recipients this run has seen so far, and those it defers to directory-shared. */
    public SeenRecipients seen() {
        return seen;
    }

    public boolean dryRun() {
        return dryRun;
    }

    /** The run's read, once planned (see {@link ReadPlanner}); null before. */
    public ReadPlan plan() {
        return plan;
    }

    void planned(ReadPlan plan) {
        this.plan = plan;
    }

    /** True unless the run reads only what changed; runs that never planned their read count as full. */
    public boolean fullRead() {
        return plan == null || plan.full();
    }

    /** Users the directory reported deleted since the last read (delta runs on Active Directory). */
    List<String> deletedUserIds() {
        return plan == null ? List.of() : plan.deleted();
    }

    void scanned(int users) {
        usersScanned = users;
    }

    void verdict(Verdict verdict) {
        count(verdict.accepted().size(), verdict.rejectedByReason());
    }

    /**
     * A user whose values and policy are as at its last verdict, which its recipient carries: unchanged, and its
     * certificates counted as that verdict counted them.
     */
    void settled(int acceptedCertificates, Map<String, Integer> rejections) {
        unchanged.incrementAndGet();
        count(acceptedCertificates, rejections);
    }

    private void count(int acceptedCertificates, Map<String, Integer> rejections) {
        accepted.addAndGet(acceptedCertificates);
        rejections.forEach((reason, count) -> rejected.computeIfAbsent(reason, r -> new AtomicInteger()).addAndGet(count));
    }

    void published(RunReport.Change change) {
        (RunReport.Change.CLEAR.equals(change.action()) ? cleared : published).incrementAndGet();
        journal.change(change);
    }

    /** A change a dry run would make, or a clear held back. */
    void planned(RunReport.Change change) {
        journal.change(change);
    }

    void unchanged() {
        unchanged.incrementAndGet();
    }

    void failed(RunReport.UserProblem problem, int users) {
        failed.addAndGet(users);
        journal.problem(problem);
    }

    void skipped(RunReport.UserProblem problem) {
        skipped.incrementAndGet();
        journal.problem(problem);
    }

    void onDirectoryPath(RunReport.UserProblem entry) {
        onDirectoryPath.incrementAndGet();
        journal.problem(entry);
    }

    void revisit(String userId, String reason) {
        revisits.put(userId, reason);
    }

    /** Users of this run to read again in the next delta run (undecided verdict, failed processing), with why. */
    Map<String, String> revisits() {
        return Map.copyOf(revisits);
    }

    void pendingClear(Publication clear) {
        pendingClears.add(clear);
    }

    List<Publication> pendingClears() {
        return List.copyOf(pendingClears);
    }

    void holdClears(int count, String reason) {
        clearsHeldBack = count;
        thresholdExceeded = reason;
    }

    /** True when this run held its clears back for the deletion threshold. */
    boolean clearsHeldBack() {
        return thresholdExceeded != null;
    }

    @Override
    public void throttled() {
        throttled.incrementAndGet();
    }

    @Override
    public void retried() {
        retries.incrementAndGet();
    }

    /** True the first time only: a run ends once. */
    boolean end() {
        return ended.compareAndSet(false, true);
    }

    /** The report so far, as the run ends: its changes and problems stay in the journal until the report is written. */
    RunReport report(Clock clock, String failure, int deadLetters) {
        Instant finishedAt = clock.instant();
        RunStatus status = failure != null ? RunStatus.FAILED
                : thresholdExceeded != null ? RunStatus.THRESHOLD_EXCEEDED
                : failed.get() > 0 ? RunStatus.COMPLETED_WITH_ERRORS : RunStatus.SUCCEEDED;
        Map<String, Integer> rejections = new TreeMap<>();
        rejected.forEach((reason, count) -> rejections.put(reason, count.get()));
        return RunReport.builder()
                .runId(runId).trigger(trigger).status(status).message(failure != null ? failure : thresholdExceeded)
                .startedAt(startedAt).finishedAt(finishedAt).durationMillis(Duration.between(startedAt, finishedAt).toMillis())
                .dryRun(dryRun).mode(plan == null ? null : plan.mode()).fullReadReason(plan == null ? null : plan.reason())
                .usersScanned(usersScanned).published(published.get()).unchanged(unchanged.get()).failed(failed.get())
                .skipped(skipped.get()).certificatesAccepted(accepted.get()).certificatesRejected(rejections)
                .throttled(throttled.get()).retries(retries.get()).deadLetters(deadLetters).cleared(cleared.get())
                .clearsHeldBack(clearsHeldBack).directoryPath(onDirectoryPath.get()).changes(journal.changes())
                .problems(journal.problems())
                .build();
    }

    RunJournal journal() {
        return journal;
    }
}
