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
import org.certsync.directory.DirectoryUser;
import org.certsync.exchange.PublishFailedException;
import org.certsync.state.DeadLetters;
import org.certsync.state.Publication;
import org.certsync.state.PublishedState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a sync run, called from the routes: one run at a time, a tally of what happened to
 * each user, and the report at the end.
 */
public class SyncRuns {

    private static final Logger LOG = LoggerFactory.getLogger(SyncRuns.class);
    /** Exchange property naming who started a run that no route started (e.g. {@code console:alice}). */
    public static final String TRIGGER = "certsyncTrigger";

    private final Clock clock;
    private final ReportWriter reports;
    private final DeadLetters deadLetters;
    private final boolean dryRun;
    private final List<Consumer<RunReport>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<RunTally> current = new AtomicReference<>();
    private final AtomicReference<RunReport> last = new AtomicReference<>();
    private volatile CompletableFuture<RunReport> next = new CompletableFuture<>();

    public SyncRuns(Clock clock, ReportWriter reports, DeadLetters deadLetters, boolean dryRun) {
        this.clock = clock;
        this.reports = reports;
        this.deadLetters = deadLetters;
        this.dryRun = dryRun;
    }

    /** Starts a run, or refuses when one is in progress. */
    public void begin(Exchange exchange) {
        String trigger = exchange.getProperty(TRIGGER, exchange.getFromRouteId(), String.class);
        RunTally tally = new RunTally(UUID.randomUUID().toString(), trigger, dryRun, clock.instant());
        if (!current.compareAndSet(null, tally)) {
            throw new RunInProgressException(trigger, current.get().runId());
        }
        exchange.setProperty(PublishedState.RUN_ID, tally.runId());
        LOG.info("Sync run {} started by {}", tally.runId(), trigger);
    }

    /** Counts the users read; an empty read fails the run so that nothing is changed. */
    public void scanned(List<DirectoryUser> users, Exchange exchange) {
        if (users.isEmpty()) {
            throw new EmptyDirectoryReadException(exchange.getContext().resolvePropertyPlaceholders("{{certsync.ldap.base-dn}}"),
                    exchange.getContext().resolvePropertyPlaceholders("{{certsync.ldap.user-filter}}"));
        }
        tally().scanned(users.size());
    }

    public void verdict(Verdict verdict) {
        tally().verdict(verdict);
        for (Rejection rejection : verdict.rejections()) {
            LOG.debug("{}: {} certificate {} rejected as {} ({})", verdict.user().displayName(),
                    rejection.attribute().ldapName(), rejection.fingerprint(), rejection.reason(), rejection.detail());
        }
    }

    public void published(Exchange exchange) {
        Publication publication = exchange.getProperty(PublishedState.PUBLICATION, Publication.class);
        tally().published();
        deadLetters.resolve(publication.recipient());
        LOG.info("{}: published {} userCertificate and {} userSMIMECertificate values {}", publication.recipient(),
                publication.userCertificate().size(), publication.userSmimeCertificate().size(),
                Publication.fingerprints(publication.userCertificate()));
    }

    public void unchanged() {
        tally().unchanged();
    }

    /** A user that cannot be published this run, by design (no address, undecidable policy). */
    public void skipped(Verdict verdict, String kind, String reason) {
        tally().skipped(new RunReport.UserProblem(verdict.user().displayName(), verdict.user().mail(), kind, reason));
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
        String user = publication != null ? publication.recipient() : String.valueOf(exchange.getMessage().getBody());
        String reason = FailureMessages.describe(cause);
        String kind = cause instanceof PublishFailedException failed
                ? "publish-" + failed.outcome().kind().name().toLowerCase(java.util.Locale.ROOT) : "publish-failed";
        tally().failed(new RunReport.UserProblem(user, publication == null ? null : publication.recipient(), kind, reason));
        if (publication != null) deadLetters.record(publication.recipient(), publication.userId(), kind, reason);
        LOG.error("{}: publish failed, kept the last published state: {}", user, reason);
    }

    public RunReport finish() {
        return end(null);
    }

    /** Ends the run as failed with one clear line; nothing after the failure was published. */
    public RunReport fail(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return end(FailureMessages.describe(cause));
    }

    public void skippedTrigger(Exchange exchange) {
        LOG.warn(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class).getMessage());
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
        return current.get() != null;
    }

    private RunReport end(String failure) {
        RunTally tally = tally();
        RunReport report = tally.report(clock, failure, deadLetters.count());
        try {
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
