package org.certsync.state;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The state of one page's recipients, kept on the page's exchange (property {@value #PROPERTY}): the steps of each
 * user ask it instead of the database. How each recipient was last judged is read in one query as the page arrives
 * ({@link JudgedRecipients#pageState}); what a recipient carries is read only for the users that are judged again,
 * in one query for those of the page ({@link #need}): a settled user's recipient carries its judgement (see
 * {@link JudgedRecipients}), so a reconcile with nothing changed reads one table per page, not two. Only the run
 * writes these recipients (one run at a time, each recipient once per page), so the page's answer holds for the page.
 * Thread-safe: a page's users are judged in parallel.
 */
public final class PageState {

    /** The exchange property of a page, from its state read to its end. */
    public static final String PROPERTY = "certsyncPageState";

    private final Set<String> recipients;
    private final Map<String, Judgement> judged;
    private final Set<String> sharedAtLastRead;
    private final Map<String, SynchronizedRecipients.Synchronized> synchronizedRecipients;
    private final Function<Collection<String>, List<PublishedState.Entry>> records;
    private final Map<String, PublishedState.Entry> published = new HashMap<>();
    private final Set<String> read = new HashSet<>();

    /** @param records reads the records of these recipients (one query) */
    PageState(Set<String> recipients, Map<String, Judgement> judged, Set<String> sharedAtLastRead,
              Map<String, SynchronizedRecipients.Synchronized> synchronizedRecipients,
              Function<Collection<String>, List<PublishedState.Entry>> records) {
        this.recipients = Set.copyOf(recipients);
        this.judged = Map.copyOf(judged);
        this.sharedAtLastRead = Set.copyOf(sharedAtLastRead);
        this.synchronizedRecipients = Map.copyOf(synchronizedRecipients);
        this.records = records;
    }

    /** Reads what these recipients of the page carry, in one query for those not read yet. */
    public synchronized void need(Collection<String> wanted) {
        List<String> unread = wanted.stream().filter(recipient -> recipient != null && recipients.contains(recipient)
                && !read.contains(recipient)).distinct().toList();
        if (unread.isEmpty()) return;
        records.apply(unread).forEach(entry -> published.put(entry.recipient(), entry));
        read.addAll(unread);
    }

    /** Whether several entries carried the recipient at its last read again (see {@link RunRecipients#reread}). */
    boolean sharedAtLastRead(String recipient) {
        return sharedAtLastRead.contains(recipient);
    }

    /** Whether the recipient is one of the page's (else the caller asks the database). */
    boolean covers(String recipient) {
        return recipients.contains(recipient);
    }

    /** What CertSync last published to a recipient of the page; empty when nothing. */
    synchronized Optional<PublishedState.Entry> published(String recipient) {
        if (!read.contains(recipient)) need(List.of(recipient));
        return Optional.ofNullable(published.get(recipient));
    }

    /** The certificate set a recipient of the page carries; no record counts as the empty set. */
    public String carried(String recipient) {
        return published(recipient).map(PublishedState.Entry::certificateSet).orElse(Publication.EMPTY_SET);
    }

    /** Whether, and since when, the recipient is known to be synchronized from on-premises; empty when not. */
    public Optional<SynchronizedRecipients.Synchronized> synchronizedFromOnPremises(String recipient) {
        return Optional.ofNullable(synchronizedRecipients.get(recipient));
    }

    /** The recipient's last judgement; empty when none is kept. */
    public Optional<Judgement> judged(String recipient) {
        return Optional.ofNullable(judged.get(recipient));
    }
}
