package org.certsync.state;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The state of one page's recipients, read in one query as the page arrives ({@link JudgedRecipients#pageState}) and kept
 * on the page's exchange (property {@value #PROPERTY}): the steps of each user ask it instead of the database. Only
 * the run writes these recipients (one run at a time, each recipient once per page), so the page's answer holds for
 * the page.
 */
public final class PageState {

    /** The exchange property of a page, from its state read to its end. */
    public static final String PROPERTY = "certsyncPageState";

    private final Set<String> recipients;
    private final Map<String, PublishedState.Entry> published;
    private final Map<String, Judgement> judged;
    private final Set<String> sharedAtLastRead;

    PageState(Set<String> recipients, Map<String, PublishedState.Entry> published, Map<String, Judgement> judged,
              Set<String> sharedAtLastRead) {
        this.recipients = Set.copyOf(recipients);
        this.published = Map.copyOf(published);
        this.judged = Map.copyOf(judged);
        this.sharedAtLastRead = Set.copyOf(sharedAtLastRead);
    }

    /** Whether several entries carried the recipient at its last read again (see {@link RunRecipients#reread}). */
    boolean sharedAtLastRead(String recipient) {
        return sharedAtLastRead.contains(recipient);
    }

    /** Whether the page's read covered this recipient (else the caller asks the database). */
    boolean covers(String recipient) {
        return recipients.contains(recipient);
    }

    /** What CertSync last published to a recipient of the page; empty when nothing. */
    Optional<PublishedState.Entry> published(String recipient) {
        return Optional.ofNullable(published.get(recipient));
    }

    /** The certificate set a recipient of the page carries; no record counts as the empty set. */
    public String carried(String recipient) {
        return published(recipient).map(PublishedState.Entry::certificateSet).orElse(Publication.EMPTY_SET);
    }

    /** The recipient's last judgement; empty when none is kept. */
    public Optional<Judgement> judged(String recipient) {
        return Optional.ofNullable(judged.get(recipient));
    }
}
