package org.certsync.sync;

import org.certsync.FailureMessages;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.certsync.certificate.Verdict;
import org.certsync.directory.DirectoryUser;
import org.certsync.exchangeonline.PublishFailedException;
import org.certsync.state.DeadLetters;
import org.certsync.state.PageState;
import org.certsync.state.Publication;
import org.certsync.state.PublishedState;
import org.certsync.state.SynchronizedRecipients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes' way of ending a user's branch: each method decides one {@link Outcome}, sets it on the exchange and
 * does what goes with it (the dead-letter store, the log line). Holds no state of its own.
 */
public class Outcomes {

    /** Exchange property naming the recipient address whose entries are being judged together. */
    public static final String RECIPIENT = "certsyncRecipient";
    /** The problem kind of a user on the directory path. */
    public static final String DIRECTORY_PATH = "directory-path";
    private static final Logger LOG = LoggerFactory.getLogger(Outcomes.class);

    private final PublishedState state;
    private final DeadLetters deadLetters;
    private final RecipientPaths paths;
    private final SynchronizedRecipients synchronizedRecipients;

    public Outcomes(PublishedState state, DeadLetters deadLetters, RecipientPaths paths,
                    SynchronizedRecipients synchronizedRecipients) {
        this.state = state;
        this.deadLetters = deadLetters;
        this.paths = paths;
        this.synchronizedRecipients = synchronizedRecipients;
    }

    /** A user that cannot be published this run, by design (no address, undecidable policy). */
    public void skipped(Verdict verdict, String kind, String reason, Exchange exchange) {
        RunReport.UserProblem problem = new RunReport.UserProblem(verdict.user().displayName(), verdict.user().mail(), kind, reason);
        set(exchange, new Outcome.Skipped(List.of(problem), verdict.indeterminate() ? verdict.user().id() : null, reason));
        LOG.warn("{}: not published ({}): {}", verdict.user().displayName(), kind, reason);
    }

    /**
     * Entries that share one recipient address, left as they are by certsync.duplicate-recipients=skip: each is
     * reported, the recipient keeps what it has.
     */
    public void duplicatesSkipped(List<DirectoryUser> entries, Exchange exchange) {
        String reason = entries.size() + " directory entries carry this address (" + String.join("; ",
                entries.stream().map(DirectoryUser::dn).toList()) + "): published certificates left as they are"
                + " (certsync.duplicate-recipients=skip)";
        set(exchange, new Outcome.Skipped(entries.stream().map(entry ->
                new RunReport.UserProblem(entry.dn(), entry.mail(), "duplicate-recipient", reason)).toList(), null, null));
        LOG.warn("{}: not published (duplicate-recipient): {}", entries.get(0).mail(), reason);
    }

    /**
     * A user whose recipient is synchronized from on-premises AD (see {@link RecipientPaths}): nothing is sent to
     * Exchange Online, which would refuse it. A recipient first found in a configured unit is stored as such, so that
     * the console and later runs know it too (not by a dry run, which writes nothing).
     */
    public void onDirectoryPath(DirectoryUser user, PageState page, Exchange exchange) {
        RecipientPaths.DirectoryPath path = paths.directoryPath(user, page).orElseThrow();
        boolean stored = (page == null ? synchronizedRecipients.find(path.recipient())
                : page.synchronizedFromOnPremises(path.recipient())).filter(s -> s.source().equals(path.source())).isPresent();
        if (!stored && !Run.of(exchange).dryRun()) {
            synchronizedRecipients.found(path.recipient(), user.id(), path.source());
        }
        set(exchange, new Outcome.OnDirectoryPath(new RunReport.UserProblem(user.displayName(), path.recipient(),
                DIRECTORY_PATH, "synchronized from on-premises AD: " + path.detail() + "; not written to Exchange"
                + " Online, its certificates take the directory path")));
        LOG.debug("{}: on the directory path: {}", path.recipient(), path.detail());
    }

    public void unchanged(Exchange exchange) {
        set(exchange, new Outcome.Unchanged());
    }

    /** Should carry nothing any more: the clear waits for the end of the read and the deletion threshold. */
    public void pendingClear(Publication clear, Exchange exchange) {
        set(exchange, new Outcome.PendingClear(clear));
    }

    /** A dry run: what a real run would do, writing nothing. */
    public void plan(Publication publication, Exchange exchange) {
        PageState page = exchange.getProperty(PageState.PROPERTY, PageState.class);
        if (state.carries(publication, page)) {
            unchanged(exchange);
        } else if (state.isClear(publication, page)) {
            pendingClear(publication, exchange);
        } else {
            set(exchange, new Outcome.Planned(change(publication, page, false)));
        }
    }

    /** Written to Exchange Online; called before the state records it, so the change's "before" is still there. */
    public void published(Exchange exchange) {
        Publication publication = exchange.getProperty(PublishedState.PUBLICATION, Publication.class);
        PageState page = exchange.getProperty(PageState.PROPERTY, PageState.class);
        RunReport.Change change = change(publication, page, true);
        set(exchange, new Outcome.Published(change));
        deadLetters.resolve(publication.recipient());
        if (page == null || page.synchronizedFromOnPremises(publication.recipient()).isPresent()) {
            // Exchange Online took the write: it masters the recipient now
            synchronizedRecipients.forget(publication.recipient());
        }
        LOG.info("{}: {} userCertificate {} -> {}, userSMIMECertificate {} -> {}", publication.recipient(),
                publication.isEmpty() ? "cleared" : "published", change.userCertificateBefore(),
                change.userCertificateAfter(), change.userSmimeCertificateBefore(), change.userSmimeCertificateAfter());
    }

    /**
     * A user whose processing failed: the recipient keeps its last published state, goes to the dead-letter store
     * with the reason, and is retried on the next run.
     */
    public void failed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Publication publication = exchange.getProperty(PublishedState.PUBLICATION, Publication.class);
        if (publication != null && cause instanceof PublishFailedException failure
                && failure.outcome().synchronizedFromOnPremises()) {
            refusedAsSynchronized(publication, exchange);
            return;
        }
        Object body = exchange.getMessage().getBody();
        String user = publication != null ? publication.recipient()
                : body instanceof DirectoryUser directoryUser ? directoryUser.displayName()
                : body instanceof Verdict verdict ? verdict.user().displayName()
                : exchange.getProperty(RECIPIENT, String.valueOf(body), String.class);
        String reason = FailureMessages.describe(cause);
        String kind = cause instanceof PublishFailedException failure
                ? "publish-" + failure.outcome().kind().name().toLowerCase(Locale.ROOT) : "publish-failed";
        RunReport.UserProblem problem = new RunReport.UserProblem(user, publication == null ? null : publication.recipient(),
                kind, reason);
        if (publication != null) {
            deadLetters.record(publication.recipient(), publication.userId(), kind, reason);
            set(exchange, new Outcome.Failed(problem, null, null));
        } else {
            // failed before it had a recipient (e.g. while judging its certificates): no dead letter, but a delta
            // run must read the user again
            set(exchange, new Outcome.Failed(problem, userId(body), "processing failed: " + reason));
        }
        LOG.error("{}: publish failed, kept the last published state: {}", user, reason);
    }

    /**
     * Exchange Online refused the write because Entra Connect synchronizes the recipient from on-premises AD: not a
     * failure to retry (no dead letter) but the directory path, until certsync.hybrid.recheck-after has passed. What
     * CertSync once published to it is forgotten: Exchange Online takes the recipient's certificates from the
     * directory now, so there is nothing left for CertSync to clear (a refused clear of a recipient that left the
     * scope would otherwise be sent again on every full read), and a write at the recheck starts afresh.
     */
    private void refusedAsSynchronized(Publication publication, Exchange exchange) {
        synchronizedRecipients.found(publication.recipient(), publication.userId(), SynchronizedRecipients.REFUSED);
        state.forget(publication.recipient());
        deadLetters.resolve(publication.recipient());
        String reason = "synchronized from on-premises AD: Exchange Online refused the write (out of the current user's"
                + " write scope); its certificates take the directory path, and a write is tried again after"
                + " certsync.hybrid.recheck-after";
        set(exchange, new Outcome.OnDirectoryPath(new RunReport.UserProblem(publication.recipient(), publication.recipient(),
                DIRECTORY_PATH, reason)));
        LOG.warn("{}: {}", publication.recipient(), reason);
    }

    /** A recipient's change by fingerprints, before (from the page's state when it covers the recipient) and after. */
    RunReport.Change change(Publication publication, PageState page, boolean applied) {
        Optional<PublishedState.Entry> before = state.find(publication.recipient(), page);
        return new RunReport.Change(publication.recipient(), publication.isEmpty() ? RunReport.Change.CLEAR : RunReport.Change.SET,
                applied, before.map(PublishedState.Entry::userCertificate).orElse(List.of()),
                Publication.fingerprints(publication.userCertificate()),
                before.map(PublishedState.Entry::userSmimeCertificate).orElse(List.of()),
                Publication.fingerprints(publication.userSmimeCertificate()));
    }

    private static String userId(Object body) {
        if (body instanceof DirectoryUser user) return user.id();
        if (body instanceof Verdict verdict) return verdict.user().id();
        return null;
    }

    private static void set(Exchange exchange, Outcome outcome) {
        exchange.setProperty(Outcome.PROPERTY, outcome);
    }
}
