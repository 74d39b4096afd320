package org.certsync.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.certsync.certificate.CertificatePolicy;
import org.certsync.directory.DirectoryUser;
import org.certsync.state.Judgement;
import org.certsync.state.PageState;
import org.certsync.state.Publication;

/**
 * The page step that keeps a reconcile cheap: with the page's state (property {@value PageState#PROPERTY}) it passes
 * over the users that are settled: judged before from the same values under the same policy, and no time boundary of
 * that verdict passed (a kept judgement's recipient carries what it accepted: see
 * {@link org.certsync.state.JudgedRecipients}). Those are unchanged, counted in the run as their verdict counted them;
 * only the others are judged, and what their recipients carry is read for them in one query.
 */
public class SettledUsers {

    private final CertificatePolicy policy;
    private final Clock clock;

    public SettledUsers(CertificatePolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    /** The page's users that must be judged, in page order; the settled ones are counted in the run. */
    public List<DirectoryUser> unsettled(List<DirectoryUser> users, Exchange exchange) {
        PageState page = exchange.getProperty(PageState.PROPERTY, PageState.class);
        if (page == null) throw new IllegalStateException("no page state in this exchange: sync-run reads it first");
        Run run = Run.of(exchange);
        Instant now = clock.instant();
        // hashing the users' values is most of the work: on every core (the common pool), answers in page order
        List<Optional<Judgement>> settled = users.parallelStream().map(user -> settled(user, page, now)).toList();
        List<DirectoryUser> unsettled = new ArrayList<>(users.size());
        for (int i = 0; i < users.size(); i++) {
            if (settled.get(i).isPresent()) {
                run.settled(settled.get(i).get().accepted(), settled.get(i).get().rejected());
            } else {
                unsettled.add(users.get(i));
            }
        }
        page.need(unsettled.stream().map(user -> Publication.recipient(user.mail())).toList());
        return unsettled;
    }

    private Optional<Judgement> settled(DirectoryUser user, PageState page, Instant now) {
        String recipient = Publication.recipient(user.mail());
        if (recipient == null) return Optional.empty();
        return page.judged(recipient).filter(judgement -> judgement.answers(user.id(), policy.inputDigest(user), now));
    }
}
