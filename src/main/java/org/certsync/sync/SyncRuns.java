package org.certsync.sync;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.apache.camel.Exchange;
import org.certsync.certificate.Rejection;
import org.certsync.certificate.Verdict;
import org.certsync.directory.UserPages;
import org.certsync.directory.DirectoryUser;
import org.certsync.exchange.PublishFailedException;
import org.certsync.state.ClearApprovals;
import org.certsync.state.DeadLetters;
import org.certsync.state.Publication;
import org.certsync.state.PublishedState;
import org.certsync.state.RunRecipients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a sync run, called from the routes: one run at a time, a tally of what happened to
 * each user, and the report at the end.
 */
public class SyncRuns {

    /** Header that makes one run a dry run (console operation "dry-run now"). */
    public static final String DRY_RUN = "certsyncDryRun";
    /** Exchange property (or header) naming who started a run that no route started, e.g. {@code console:alice}. */
    public static final String TRIGGER = "certsyncTrigger";
    /** Exchange property naming the recipient address whose entries are being judged together. */
    public static final String RECIPIENT = "certsyncRecipient";
    private static final Logger LOG = LoggerFactory.getLogger(SyncRuns.class);

    private final Clock clock;
    private final ReportWriter reports;
    private final DeadLetters deadLetters;
    private final PublishedState state;
    private final ClearApprovals approvals;
    private final RunRecipients recipients;
    private final SafetySettings safety;
    private final boolean dryRun;
    private final List<Consumer<RunReport>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<RunTally> current = new AtomicReference<>();
    private final AtomicReference<RunReport> last = new AtomicReference<>();
    private volatile CompletableFuture<RunReport> next = new CompletableFuture<>();

    public SyncRuns(Clock clock, ReportWriter reports, DeadLetters deadLetters, PublishedState state,
                    ClearApprovals approvals, RunRecipients recipients, SafetySettings safety, boolean dryRun) {
        this.clock = clock;
        this.reports = reports;
        this.deadLetters = deadLetters;
        this.state = state;
        this.approvals = approvals;
        this.recipients = recipients;
        this.safety = safety;
        this.dryRun = dryRun;
    }

    /**
     * Starts a run, or refuses when one is in progress. A message header {@code certsyncDryRun=true} makes this
     * one run a dry run; {@code certsyncTrigger} names who started it.
     */
    public void begin(Exchange exchange) {
        String trigger = trigger(exchange);
        boolean dry = dryRun || exchange.getMessage().getHeader(DRY_RUN, false, Boolean.class);
        RunTally tally = new RunTally(UUID.randomUUID().toString(), trigger, dry, clock.instant());
        if (!current.compareAndSet(null, tally)) {
            throw new RunInProgressException(trigger, current.get().runId());
        }
        exchange.setProperty(PublishedState.RUN_ID, tally.runId());
        exchange.setProperty(DRY_RUN, dry);
        LOG.info("Sync run {} started by {}{}", tally.runId(), trigger, dry ? " (dry run: nothing is written)" : "");
    }

    /** Who started the run: the {@link #TRIGGER} property or header, else the route it came from. */
    static String trigger(Exchange exchange) {
        return exchange.getProperty(TRIGGER,
                exchange.getMessage().getHeader(TRIGGER, exchange.getFromRouteId(), String.class), String.class);
    }

    /** The run reads everything, or only what changed: see {@link ReadPlanner}. */
    public void readPlanned(ReadPlan plan) {
        tally().readPlanned(plan);
    }

    /**
     * After the last page: a full read that found nobody fails the run, so that nothing is cleared (a wrong base DN
     * or filter reads as an empty directory); an empty delta means nothing changed.
     */
    public void readEnded(Exchange exchange) {
        UserPages read = exchange.getProperty(UserPages.PROPERTY, UserPages.class);
        if (tally().fullRead() && read != null && read.usersRead() == 0) {
            throw new EmptyDirectoryReadException(exchange.getContext().resolvePropertyPlaceholders("{{certsync.ldap.base-dn}}"),
                    exchange.getContext().resolvePropertyPlaceholders("{{certsync.ldap.user-filter}}"));
        }
    }

    public void verdict(Verdict verdict) {
        tally().verdict(verdict);
        for (Rejection rejection : verdict.rejections()) {
            LOG.debug("{}: {} certificate {} rejected as {} ({})", verdict.user().displayName(),
                    rejection.attribute().ldapName(), rejection.fingerprint(), rejection.reason(), rejection.detail());
        }
    }

    /** Written to Exchange Online; called before the state records it, so the change's "before" is still there. */
    public void published(Exchange exchange) {
        Publication publication = exchange.getProperty(PublishedState.PUBLICATION, Publication.class);
        RunReport.Change change = change(publication, true);
        tally().published(change);
        deadLetters.resolve(publication.recipient());
        LOG.info("{}: {} userCertificate {} -> {}, userSMIMECertificate {} -> {}", publication.recipient(),
                publication.isEmpty() ? "cleared" : "published", change.userCertificateBefore(),
                change.userCertificateAfter(), change.userSmimeCertificateBefore(), change.userSmimeCertificateAfter());
    }

    /** A dry run: counts and lists what a real run would do, writes nothing. */
    public void plan(Exchange exchange) {
        Publication publication = exchange.getProperty(PublishedState.PUBLICATION, Publication.class);
        if (state.contains(publication.key())) {
            tally().unchanged();
        } else if (state.isClear(publication)) {
            pendingClear(publication);
        } else {
            tally().planned(change(publication, false));
        }
    }

    public void pendingClear(Publication clear) {
        tally().pendingClear(clear);
    }

    /**
     * The clears this run may apply: recipients that now should carry nothing, plus the managed recipients the
     * directory no longer returns. All of them, or none when they exceed the deletion threshold and no operator
     * approved; none in a dry run (they are listed instead).
     */
    public List<Publication> clearsToApply(Exchange exchange) {
        UserPages read = exchange.getProperty(UserPages.PROPERTY, UserPages.class);
        if (read == null || !read.reachedEnd()) {
            // defence in depth: a partial read must never look like users that left the scope
            throw new IllegalStateException("the directory read did not reach its last page: no recipient is cleared");
        }
        RunTally tally = tally();
        if (!read.complete()) return withholdClears(read, tally);
        // a full read saw everyone in scope: every managed recipient it did not see is gone. A delta read shows what
        // changed, not who left: only users the directory reported deleted (AD) are gone now; the others who left
        // are cleared by the next full read
        List<PublishedState.Entry> gone = tally.fullRead() ? recipients.managedUnseen(tally.runId())
                : state.findByUserIds(tally.deletedUserIds()).stream()
                        .filter(entry -> !recipients.wasSeen(tally.runId(), entry.recipient())).toList();
        int managed = state.managedCount();
        for (PublishedState.Entry entry : gone) {
            if (!Publication.EMPTY_SET.equals(entry.certificateSet())) {
                tally.pendingClear(new Publication(entry.recipient(), entry.userId(), List.of(), List.of()));
            }
        }
        List<Publication> clears = tally.pendingClears();
        String exceeded = clears.isEmpty() ? null : safety.exceeded(clears.size(), managed);
        if (tally.dryRun()) {
            if (exceeded != null) tally.holdClears(clears.size(), exceeded + ": a real run would hold them back for approval");
            clears.forEach(clear -> tally.planned(change(clear, false)));
            return List.of();
        }
        if (exceeded == null || safety.approveClears()) {
            if (exceeded != null) LOG.warn("{}; applied because certsync.safety.approve-clears=true", exceeded);
            approvals.release();
            return clears;
        }
        // above the threshold: only what an operator approved goes through, each recipient still gone by this read
        Optional<ClearApprovals.Approval> approval = approvals.open();
        List<Publication> approved = approval.map(a -> clears.stream().filter(c -> a.recipients().contains(c.recipient())).toList())
                .orElse(List.of());
        List<Publication> rest = clears.stream().filter(c -> !approved.contains(c)).toList();
        String restExceeded = rest.isEmpty() ? null : safety.exceeded(rest.size(), managed);
        approval.filter(a -> !approved.isEmpty()).ifPresent(a -> {
            approvals.consume(a, tally.runId());
            LOG.warn("{}; {} of them applied because approved by {} at {} (the clears run {} held back)", exceeded,
                    approved.size(), a.approvedBy(), a.approvedAt(), a.runId());
        });
        if (restExceeded == null) {
            approvals.release();
            return clears;
        }
        approvals.hold(tally.runId(), rest);
        tally.holdClears(rest.size(), restExceeded + ": no recipient is cleared until an operator approves this run's"
                + " clears (console operation 'approve pending clears', which shows them first) or"
                + " certsync.safety.approve-clears=true");
        rest.forEach(clear -> tally.planned(change(clear, false)));
        LOG.warn("Holding back {} clears: {}", rest.size(), restExceeded);
        return approved;
    }

    /** The read dropped entries: they are failures, and a read that is not whole clears nothing. */
    private List<Publication> withholdClears(UserPages read, RunTally tally) {
        String withheld = "; the read is not complete, so no recipient is cleared by this run";
        read.dropped().forEach(entry -> tally.failed(new RunReport.UserProblem(entry.dn(), null, "unreadable-entry",
                entry.cause() + withheld)));
        int unnamed = read.droppedCount() - read.dropped().size();
        if (unnamed > 0) {
            tally.failed(new RunReport.UserProblem(unnamed + " more entries", null, "unreadable-entry",
                    "not named here (see the log)" + withheld), unnamed);
        }
        tally.pendingClears().forEach(clear -> tally.planned(change(clear, false)));
        LOG.warn("{} directory entries could not be read: no recipient is cleared by this run ({} clears wait)",
                read.droppedCount(), tally.pendingClears().size());
        return List.of();
    }

    /**
     * Entries that share one recipient address, left as they are by certsync.duplicate-recipients=skip: each is
     * reported, the recipient keeps what it has.
     */
    public void duplicatesSkipped(List<DirectoryUser> entries) {
        String reason = entries.size() + " directory entries carry this address (" + String.join("; ",
                entries.stream().map(DirectoryUser::dn).toList()) + "): published certificates left as they are"
                + " (certsync.duplicate-recipients=skip)";
        for (DirectoryUser entry : entries) {
            tally().skipped(new RunReport.UserProblem(entry.dn(), entry.mail(), "duplicate-recipient", reason));
        }
        LOG.warn("{}: not published (duplicate-recipient): {}", entries.get(0).mail(), reason);
    }

    public boolean isDryRun(Exchange exchange) {
        return exchange.getProperty(DRY_RUN, false, Boolean.class);
    }

    public void unchanged() {
        tally().unchanged();
    }

    /** A user that cannot be published this run, by design (no address, undecidable policy). */
    public void skipped(Verdict verdict, String kind, String reason) {
        tally().skipped(new RunReport.UserProblem(verdict.user().displayName(), verdict.user().mail(), kind, reason));
        if (verdict.indeterminate()) tally().revisit(verdict.user().id(), reason);
        LOG.warn("{}: not published ({}): {}", verdict.user().displayName(), kind, reason);
    }

    /** Exchange Online asked to slow down; counted for the report and metrics. */
    public void throttled() {
        tally().throttled();
    }

    /** A call is about to be repeated. */
    public void retried() {
        tally().retried();
    }

    /**
     * A user whose processing failed: the recipient keeps its last published state, goes to the dead-letter
     * store with the reason, and is retried on the next run.
     */
    public void userFailed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Publication publication = exchange.getProperty(PublishedState.PUBLICATION, Publication.class);
        Object body = exchange.getMessage().getBody();
        String user = publication != null ? publication.recipient()
                : body instanceof DirectoryUser directoryUser ? directoryUser.displayName()
                : body instanceof Verdict verdict ? verdict.user().displayName()
                : exchange.getProperty(RECIPIENT, String.valueOf(body), String.class);
        String reason = FailureMessages.describe(cause);
        String kind = cause instanceof PublishFailedException failed
                ? "publish-" + failed.outcome().kind().name().toLowerCase(java.util.Locale.ROOT) : "publish-failed";
        tally().failed(new RunReport.UserProblem(user, publication == null ? null : publication.recipient(), kind, reason));
        if (publication != null) {
            deadLetters.record(publication.recipient(), publication.userId(), kind, reason);
        } else {
            // failed before it had a recipient (e.g. while judging its certificates): no dead letter, but a delta
            // run must read the user again
            String userId = userId(exchange.getMessage().getBody());
            if (userId != null) tally().revisit(userId, "processing failed: " + reason);
        }
        LOG.error("{}: publish failed, kept the last published state: {}", user, reason);
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
        String trigger = exchange.getMessage().getHeader(TRIGGER, exchange.getFromRouteId(), String.class);
        RunReport report = new RunTally(UUID.randomUUID().toString(), trigger, dryRun, clock.instant())
                .skipped(clock, reason);
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

    /** True when this run held its clears back for the deletion threshold. */
    public boolean clearsHeldBack() {
        return tally().clearsHeldBack();
    }

    /** Users of this run to read again in the next delta run (undecided verdict, failed processing), with why. */
    public java.util.Map<String, String> revisits() {
        return tally().revisits();
    }

    private static String userId(Object body) {
        if (body instanceof DirectoryUser user) return user.id();
        if (body instanceof Verdict verdict) return verdict.user().id();
        return null;
    }

    public boolean isRunning() {
        return current.get() != null;
    }

    private RunReport end(Exchange exchange, String failure) {
        RunTally tally = tally();
        UserPages read = exchange.getProperty(UserPages.PROPERTY, UserPages.class);
        if (read != null) tally.scanned(read.usersRead());
        RunReport report = tally.report(clock, failure, deadLetters.count());
        try {
            recipients.finish(tally.runId());
            reports.write(report);
            listeners.forEach(listener -> notify(listener, report));
        } finally {
            last.set(report);
            current.set(null);
            CompletableFuture<RunReport> finished = next;
            next = new CompletableFuture<>();
            finished.complete(report);
        }
        if (report.status() == RunStatus.FAILED) LOG.error("Sync {}", report.summary());
        else LOG.info("Sync {}", report.summary());
        return report;
    }

    private RunReport.Change change(Publication publication, boolean applied) {
        Optional<PublishedState.Entry> before = state.find(publication.recipient());
        return new RunReport.Change(publication.recipient(), publication.isEmpty() ? RunReport.Change.CLEAR : RunReport.Change.SET,
                applied, before.map(PublishedState.Entry::userCertificate).orElse(List.of()),
                Publication.fingerprints(publication.userCertificate()),
                before.map(PublishedState.Entry::userSmimeCertificate).orElse(List.of()),
                Publication.fingerprints(publication.userSmimeCertificate()));
    }

    private static void notify(Consumer<RunReport> listener, RunReport report) {
        try {
            listener.accept(report);
        } catch (RuntimeException e) {
            LOG.warn("A run listener failed on run {}: {}", report.runId(), FailureMessages.describe(e));
        }
    }

    private RunTally tally() {
        RunTally tally = current.get();
        if (tally == null) throw new IllegalStateException("no sync run in progress");
        return tally;
    }
}
