package org.certsync.hygiene;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.certsync.FailureMessages;
import org.certsync.directory.UserPages;
import org.certsync.cluster.ExclusiveTaskLock;
import org.certsync.state.ClearApprovals;
import org.certsync.sync.RecipientPaths;
import org.certsync.sync.ReportWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hygiene run's course: its start, the decision after a complete read (hygiene-run branches on it: a read that is
 * not complete removes nothing, a dry run lists, above the threshold only what an operator approved goes through),
 * and its report.
 */
public class HygieneRuns {

    /** Exchange property: what started the run (a schedule route, console:&lt;user&gt;). */
    public static final String TRIGGER = "certsyncHygieneTrigger";
    /** Message header: true makes this run a dry run whatever certsync.hygiene.apply says. */
    public static final String DRY_RUN = "certsyncHygieneDryRun";
    /** Exchange property: why a hygiene run did not start (off, another run of the directory going, …). */
    public static final String NOT_STARTED = "certsyncHygieneNotStarted";

    private static final Logger LOG = LoggerFactory.getLogger(HygieneRuns.class);

    /**
     * What the run's removals come to.
     *
     * @param exceeded       why they exceed the threshold; null within it
     * @param approval       the operator's approval that lets some of them through above the threshold
     * @param approved       the users it lets through: every planned removal of theirs is in the approved set
     * @param apply          the users whose removals go ahead now: the approved ones, and the others when they alone
     *                       are within the threshold
     * @param held           the users held back for approval, and why ({@code heldReason})
     * @param readIncomplete the read dropped entries: nothing may be removed
     */
    public record Decision(String exceeded, Optional<ClearApprovals.Approval> approval, List<HygienePlan> approved,
                           List<HygienePlan> apply, List<HygienePlan> held, String heldReason, boolean readIncomplete) {

        public boolean holdsBack() {
            return !held.isEmpty();
        }
    }

    private final HygieneSettings settings;
    private final HygieneRemovals removals;
    private final ClearApprovals approvals;
    private final Clock clock;
    private final RecipientPaths paths;
    private final ObjectMapper json;
    private final Path reportFile;
    private final Counter valuesRemoved;
    private final ExclusiveTaskLock lock;
    private final AtomicReference<String> running = new AtomicReference<>();

    /** @param lock one hygiene run of the directory at a time, on every node */
    public HygieneRuns(HygieneSettings settings, HygieneRemovals removals, ClearApprovals approvals, Clock clock,
                       RecipientPaths paths, ExclusiveTaskLock lock, ObjectMapper json, MeterRegistry registry) {
        this.lock = lock;
        this.settings = settings;
        this.removals = removals;
        this.approvals = approvals;
        this.clock = clock;
        this.paths = paths;
        this.json = json.copy().enable(SerializationFeature.INDENT_OUTPUT).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        this.reportFile = Path.of(settings.reportFile()).toAbsolutePath();
        this.valuesRemoved = Counter.builder("certsync.hygiene.values.removed")
                .description("Certificate values directory hygiene removed from the directory").register(registry);
    }

    /** Whether a hygiene run of this node is going. */
    public boolean isRunning() {
        return running.get() != null;
    }

    /**
     * Puts the run on the exchange. What can fail (the database read of the restored values) is read before the run
     * takes the lock, and the lock is given back when the exchange completes, however it ends.
     *
     * @throws HygieneRunInProgressException when another hygiene run of the directory is going, on this node or another
     */
    public void begin(Exchange exchange) {
        String trigger = exchange.getProperty(TRIGGER, exchange.getFromRouteId(), String.class);
        if (!settings.enabled()) {
            throw new IllegalStateException("directory hygiene is off (certsync.hygiene.enabled=false): nothing read, nothing removed");
        }
        String runId = UUID.randomUUID().toString();
        boolean dryRun = !settings.apply() || Boolean.TRUE.equals(exchange.getMessage().getHeader(DRY_RUN, Boolean.class));
        HygieneRun run = new HygieneRun(runId, trigger, dryRun, clock.instant(), removals.directory(), removals.restoredByUser());
        String other = running.compareAndExchange(null, runId);
        if (other != null) throw new HygieneRunInProgressException(trigger, "run " + other + " is still in progress");
        ExclusiveTaskLock.Held held;
        try {
            held = lock.tryTake().orElseThrow(() -> new HygieneRunInProgressException(trigger,
                    "a hygiene run of this directory is in progress on another node"));
        } catch (RuntimeException e) {
            running.compareAndSet(runId, null);
            throw e;
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                held.close();
                running.compareAndSet(runId, null);
            }
        });
        exchange.setProperty(HygieneRun.PROPERTY, run);
        exchange.getMessage().setBody(settings.filter());
        LOG.info("Hygiene run {} started by {}{}", runId, trigger, dryRun ? " (dry run: nothing is removed)" : "");
    }

    /**
     * Approval items: a user's value, by fingerprint and attribute (the same certificate may go from both attributes),
     * each once.
     */
    private static List<ClearApprovals.Item> items(List<HygienePlan> plans) {
        return plans.stream().flatMap(plan -> plan.removals().stream()
                .map(r -> new ClearApprovals.Item(r.fingerprint() + " " + r.attribute() + " " + plan.userId(), plan.userId())))
                .distinct().toList();
    }

    public Decision decide(Exchange exchange) {
        UserPages<?> read = exchange.getProperty(UserPages.PROPERTY, UserPages.class);
        if (read == null || !read.reachedEnd()) {
            throw new IllegalStateException("the hygiene read did not reach its last page: nothing is removed");
        }
        HygieneRun run = HygieneRun.of(exchange);
        List<HygienePlan> removing = run.removing();
        if (!read.complete()) return new Decision(null, Optional.empty(), List.of(), List.of(), removing, null, true);
        String exceeded = removing.isEmpty() ? null : settings.exceeded(removing.size(), values(removing));
        if (exceeded == null || run.dryRun()) {
            return new Decision(exceeded, Optional.empty(), List.of(), removing, List.of(), null, false);
        }
        // above the threshold: the users whose every removal an operator approved go through; the others only when
        // they alone are within the threshold
        ClearApprovals.Split<HygienePlan> split = approvals.split(removing,
                plan -> items(List.of(plan)).stream().map(ClearApprovals.Item::key).toList(),
                rest -> settings.exceeded(rest.size(), values(rest)));
        return new Decision(exceeded, split.approval(), split.approved(), split.apply(), split.held(), split.heldReason(), false);
    }

    private static int values(List<HygienePlan> plans) {
        return plans.stream().mapToInt(plan -> plan.removals().size()).sum();
    }

    /** The read dropped entries: a user missing from it may hold anything, and the threshold would count wrong. */
    public void withhold(Decision decision, Exchange exchange) {
        UserPages<?> read = exchange.getProperty(UserPages.PROPERTY, UserPages.class);
        HygieneRun run = HygieneRun.of(exchange);
        String cause = read.droppedCount() + " directory entries could not be read (" + read.dropped().stream()
                .map(d -> d.dn() + ": " + d.cause()).limit(10).collect(Collectors.joining("; "))
                + "): the read is not complete, so this run removes nothing";
        decision.held().forEach(plan -> run.outcome(plan, HygieneRun.Outcome.NOT_APPLIED, cause));
        run.readIncomplete(cause);
        LOG.warn("Hygiene run {}: {}", run.runId(), cause);
    }

    /** A dry run lists what it would remove, and says whether a real run would hold it back. */
    public void dryRun(Decision decision, Exchange exchange) {
        HygieneRun run = HygieneRun.of(exchange);
        String cause = decision.exceeded() == null ? "dry run" : "dry run; " + decision.exceeded()
                + ": a real run would hold them back for approval";
        decision.apply().forEach(plan -> run.outcome(plan, HygieneRun.Outcome.WOULD_REMOVE, cause));
    }

    /** Above the threshold: the rest waits for an operator, who sees exactly this set before approving it. */
    public void holdBack(Decision decision, Exchange exchange) {
        HygieneRun run = HygieneRun.of(exchange);
        approvals.holdItems(run.runId(), items(decision.held()));
        String cause = decision.heldReason() + ": nothing of these users is removed until an operator approves this"
                + " run's removals (console operation approveHygiene, which PendingHygiene shows first)";
        decision.held().forEach(plan -> run.outcome(plan, HygieneRun.Outcome.HELD, cause));
        run.held(cause);
        LOG.warn("Hygiene run {} holds back the removals of {} users: {}", run.runId(), decision.held().size(),
                decision.heldReason());
    }

    /**
     * The users whose removals go ahead; an approval they use is spent. Above the threshold each user's line says why
     * it went through: approved, or not in the approved set but within the threshold with the other such users.
     */
    public List<HygienePlan> apply(Decision decision, Exchange exchange) {
        HygieneRun run = HygieneRun.of(exchange);
        if (decision.approval().isPresent() && !decision.approved().isEmpty()) {
            ClearApprovals.Approval approval = decision.approval().get();
            approvals.consume(approval, run.runId());
            String approved = "approved by " + approval.approvedBy() + " at " + approval.approvedAt() + " (held back by run "
                    + approval.runId() + ")";
            java.util.Set<HygienePlan> approvedPlans = new java.util.HashSet<>(decision.approved());
            List<HygienePlan> others = decision.apply().stream().filter(plan -> !approvedPlans.contains(plan)).toList();
            decision.approved().forEach(plan -> run.cause(plan, approved));
            others.forEach(plan -> run.cause(plan, "not in the approved set; these " + others.size() + " users alone are"
                    + " within the threshold"));
            LOG.warn("Hygiene run {}: {}; the removals of {} users applied as {}, of {} more users within the threshold on"
                    + " their own", run.runId(), decision.exceeded(), decision.approved().size(), approved, others.size());
        }
        if (!decision.holdsBack()) approvals.release();
        return decision.apply();
    }

    /** The run's report, written and logged as one line; the body becomes the report. */
    public HygieneReport finish(Exchange exchange) {
        HygieneRun run = HygieneRun.of(exchange);
        List<HygieneRun.UserResult> users = withPaths(run.users());
        int errors = run.count(HygieneRun.Outcome.REFUSED) + run.count(HygieneRun.Outcome.UNCERTAIN);
        String status = run.readIncomplete() ? "READ_INCOMPLETE"
                : run.dryRun() ? "DRY_RUN"
                : run.held() != null ? "HELD_FOR_APPROVAL"
                : errors > 0 ? "COMPLETED_WITH_ERRORS" : "SUCCEEDED";
        return report(run, status, run.held(), users, exchange);
    }

    /**
     * The run could not go on (directory unreadable, database down): nothing more is removed, one line says why. When
     * the users' paths cannot be looked up either, the report goes without them.
     */
    public HygieneReport fail(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String cause = FailureMessages.describe(failure);
        HygieneRun run = HygieneRun.of(exchange);
        if (run == null) {
            // refused at the start (hygiene off, another run going, the database unreadable): no run to report; the
            // cause goes to whoever started it
            LOG.warn("{}", cause);
            exchange.getMessage().setBody(null);
            exchange.setProperty(NOT_STARTED, cause);
            return null;
        }
        List<HygieneRun.UserResult> users = run.users();
        try {
            users = withPaths(users);
        } catch (RuntimeException e) {
            cause += "; the recipients' paths are not in this report (" + FailureMessages.describe(e) + ")";
        }
        return report(run, "FAILED", cause, users, exchange);
    }

    private HygieneReport report(HygieneRun run, String status, String message, List<HygieneRun.UserResult> users,
                                 Exchange exchange) {
        List<HygienePlan> removing = run.removing();
        int skipped = (int) users.stream().filter(u -> HygieneRun.Outcome.SKIPPED.code().equals(u.outcome())).count();
        HygieneReport report = new HygieneReport(run.runId(), run.trigger(), status, message, run.dryRun(),
                run.directory(), run.startedAt(), clock.instant(), run.usersRead(),
                run.count(HygieneRun.Outcome.REMOVED), run.valuesRemoved(), removing.size(), values(removing),
                run.count(HygieneRun.Outcome.HELD), skipped, run.count(HygieneRun.Outcome.REFUSED),
                run.count(HygieneRun.Outcome.UNCERTAIN), users);
        valuesRemoved.increment(report.valuesRemoved());
        ReportWriter.writeAtomically(json, report, reportFile, "certsync.hygiene.report-file");
        if ("SUCCEEDED".equals(status) || "DRY_RUN".equals(status)) LOG.info("{}", report.summary());
        else LOG.warn("{}", report.summary());
        exchange.getMessage().setBody(report);
        return report;
    }

    /** Each user's path, so the report tells whose cleaned values Entra Connect carries to Exchange Online. */
    private List<HygieneRun.UserResult> withPaths(List<HygieneRun.UserResult> users) {
        return users.stream().map(user -> user.withPath(paths.pathOf(user.recipient(), user.dn()))).toList();
    }
}
