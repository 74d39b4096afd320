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
 * over the users that are settled: judged before from the same values under the same policy, no time boundary of that
 * verdict passed, and their recipient carries what it accepted. Those are unchanged, counted in the run as their
 * verdict counted them; only the others are judged.
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
        List<DirectoryUser> unsettled = new ArrayList<>(users.size());
        for (DirectoryUser user : users) {
            Optional<Judgement> settled = settled(user, page, now);
            if (settled.isPresent()) {
                run.settled(settled.get().accepted(), settled.get().rejected());
            } else {
                unsettled.add(user);
            }
        }
        return unsettled;
    }

    private Optional<Judgement> settled(DirectoryUser user, PageState page, Instant now) {
        String recipient = Publication.recipient(user.mail());
        if (recipient == null) return Optional.empty();
        return page.judged(recipient)
                .filter(judgement -> judgement.certificateSet().equals(page.carried(recipient)))
                .filter(judgement -> judgement.answers(user.id(), policy.inputDigest(user), now));
    }
}
