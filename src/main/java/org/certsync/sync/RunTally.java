package org.certsync.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.certsync.certificate.Rejection;
import org.certsync.certificate.Verdict;
import org.certsync.state.Publication;

/** Counts what happens to each user during one run; thread-safe so the split may run in parallel. */
class RunTally {

    private final String runId;
    private final String trigger;
    private final boolean dryRun;
    private final Instant startedAt;
    private final AtomicInteger scanned = new AtomicInteger();
    private final AtomicInteger published = new AtomicInteger();
    private final AtomicInteger unchanged = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger throttled = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();
    private final Map<String, AtomicInteger> rejected = new ConcurrentHashMap<>();
    private final List<RunReport.UserProblem> problems = new CopyOnWriteArrayList<>();
    private final List<RunReport.Change> changes = new CopyOnWriteArrayList<>();
    private final Map<String, String> revisits = new ConcurrentHashMap<>();
    private volatile ReadPlan readPlan;
    private final List<Publication> pendingClears = new CopyOnWriteArrayList<>();
    private final AtomicInteger cleared = new AtomicInteger();
    private volatile int clearsHeldBack;
    private volatile String thresholdExceeded;

    RunTally(String runId, String trigger, boolean dryRun, Instant startedAt) {
        this.runId = runId;
        this.trigger = trigger;
        this.dryRun = dryRun;
        this.startedAt = startedAt;
    }

    String runId() {
        return runId;
    }

    void scanned(int users) {
        scanned.set(users);
    }

    void verdict(Verdict verdict) {
        accepted.addAndGet(verdict.accepted().size());
        for (Rejection rejection : verdict.rejections()) {
            rejected.computeIfAbsent(rejection.reason().code(), r -> new AtomicInteger()).incrementAndGet();
        }
    }

    void readPlanned(ReadPlan plan) {
        readPlan = plan;
    }

    /** True unless the run reads only what changed; runs that never planned their read count as full. */
    boolean fullRead() {
        return readPlan == null || readPlan.full();
    }

    void revisit(String userId, String reason) {
        revisits.put(userId, reason);
    }

    Map<String, String> revisits() {
        return Map.copyOf(revisits);
    }

    /** Users the directory reported deleted since the last read (delta runs on Active Directory). */
    List<String> deletedUserIds() {
        return readPlan == null ? List.of() : readPlan.deleted();
    }

    boolean clearsHeldBack() {
        return thresholdExceeded != null;
    }

    boolean dryRun() {
        return dryRun;
    }

    void published(RunReport.Change change) {
        (RunReport.Change.CLEAR.equals(change.action()) ? cleared : published).incrementAndGet();
        changes.add(change);
    }

    /** A change a dry run would make. */
    void planned(RunReport.Change change) {
        changes.add(change);
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

    void unchanged() {
        unchanged.incrementAndGet();
    }

    void failed(RunReport.UserProblem problem) {
        failed(problem, 1);
    }

    /** One problem that stands for several users (entries not named one by one). */
    void failed(RunReport.UserProblem problem, int users) {
        failed.addAndGet(users);
        problems.add(problem);
    }

    void skipped(RunReport.UserProblem problem) {
        skipped.incrementAndGet();
        problems.add(problem);
    }

    void throttled() {
        throttled.incrementAndGet();
    }

    void retried() {
        retries.incrementAndGet();
    }

    RunReport skipped(Clock clock, String reason) {
        Instant now = clock.instant();
        return new RunReport(runId, trigger, RunStatus.SKIPPED, reason, startedAt, now,
                Duration.between(startedAt, now).toMillis(), dryRun, null, null, 0, 0, 0, 0, 0, 0, Map.of(), 0, 0, 0, 0, 0,
                List.of(), List.of());
    }

    RunReport report(Clock clock, String failure, int deadLetters) {
        Instant finishedAt = clock.instant();
        RunStatus status = failure != null ? RunStatus.FAILED
                : thresholdExceeded != null ? RunStatus.THRESHOLD_EXCEEDED
                : failed.get() > 0 ? RunStatus.COMPLETED_WITH_ERRORS : RunStatus.SUCCEEDED;
        String message = failure != null ? failure : thresholdExceeded;
        Map<String, Integer> rejections = new TreeMap<>();
        rejected.forEach((reason, count) -> rejections.put(reason, count.get()));
        return new RunReport(runId, trigger, status, message, startedAt, finishedAt,
                Duration.between(startedAt, finishedAt).toMillis(), dryRun, readPlan == null ? null : readPlan.mode(),
                readPlan == null ? null : readPlan.reason(), scanned.get(), published.get(),
                unchanged.get(), failed.get(), skipped.get(), accepted.get(), rejections, throttled.get(), retries.get(),
                deadLetters, cleared.get(), clearsHeldBack, List.copyOf(changes), List.copyOf(problems));
    }
}
