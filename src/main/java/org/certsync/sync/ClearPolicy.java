package org.certsync.sync;

import java.util.List;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.certsync.directory.UserPages;
import org.certsync.state.ClearApprovals;
import org.certsync.state.Publication;
import org.certsync.state.PublishedState;
import org.certsync.state.RunRecipients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which clears a run may apply, after every user was read: recipients that now should carry nothing, plus the managed
 * recipients the directory no longer returns. state-clears branches on the {@link Decision}: a read that is not
 * complete clears nothing; a dry run lists the clears; above the deletion threshold only what an operator approved
 * goes through and the rest is held back for approval.
 */
public class ClearPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(ClearPolicy.class);

    private final PublishedState state;
    private final RunRecipients recipients;
    private final ClearApprovals approvals;
    private final SafetySettings safety;
    private final Outcomes outcomes;

    public ClearPolicy(PublishedState state, RunRecipients recipients, ClearApprovals approvals, SafetySettings safety,
                       Outcomes outcomes) {
        this.state = state;
        this.recipients = recipients;
        this.approvals = approvals;
        this.safety = safety;
        this.outcomes = outcomes;
    }

    /**
     * What the run's clears come to.
     *
     * @param clears         every clear the run found
     * @param exceeded       why they exceed the deletion threshold; null within it (or when approve-clears is set)
     * @param approval       the operator's approval that lets some of them through above the threshold
     * @param approved       the clears that approval covers, still gone by this read
     * @param apply          the clears to apply now
     * @param held           the clears held back for approval, and why ({@code heldReason})
     * @param readIncomplete the read dropped entries: nothing may be cleared
     */
    public record Decision(List<Publication> clears, String exceeded, Optional<ClearApprovals.Approval> approval,
                           List<Publication> approved, List<Publication> apply, List<Publication> held, String heldReason, boolean readIncomplete) {

        public boolean holdsBack() {
            return !held.isEmpty();
        }
    }

    public Decision decide(Exchange exchange) {
        UserPages<?> read = exchange.getProperty(UserPages.PROPERTY, UserPages.class);
        if (read == null || !read.reachedEnd()) {
            // defence in depth: a partial read must never look like users that left the scope
            throw new IllegalStateException("the directory read did not reach its last page: no recipient is cleared");
        }
        Run run = Run.of(exchange);
        if (!read.complete()) {
            List<Publication> waiting = run.pendingClears();
            return new Decision(waiting, null, Optional.empty(), List.of(), List.of(), waiting, null, true);
        }
        // a full read saw everyone in scope: every managed recipient it did not see is gone. A delta read shows what
        // changed, not who left: only users the directory reported deleted (AD) are gone now; the others who left
        // are cleared by the next full read
        List<PublishedState.Entry> gone = run.fullRead() ? recipients.managedUnseen(run.seen())
                : state.findByUserIds(run.deletedUserIds()).stream()
                        .filter(entry -> !run.seen().seen(entry.recipient())).toList();
        for (PublishedState.Entry entry : gone) {
            if (!Publication.EMPTY_SET.equals(entry.certificateSet())) {
                run.pendingClear(new Publication(entry.recipient(), entry.userId(), List.of(), List.of()));
            }
        }
        List<Publication> clears = run.pendingClears();
        int managed = state.managedCount();
        String exceeded = clears.isEmpty() ? null : safety.exceeded(clears.size(), managed);
        if (exceeded == null || safety.approveClears() || run.dryRun()) {
            return new Decision(clears, exceeded, Optional.empty(), List.of(), clears, List.of(), null, false);
        }
        // above the threshold: what an operator approved goes through, each recipient still gone by this read; the
        // rest only when it alone is within the threshold
        ClearApprovals.Split<Publication> split = approvals.split(clears, c -> List.of(c.recipient()),
                rest -> safety.exceeded(rest.size(), managed));
        return new Decision(clears, exceeded, split.approval(), split.approved(), split.apply(), split.held(),
                split.heldReason(), false);
    }

    /** The read dropped entries: they are failures, and a read that is not whole clears nothing. */
    public void withhold(UserPages<?> read, Decision decision, Exchange exchange) {
        Run run = Run.of(exchange);
        String withheld = "; the read is not complete, so no recipient is cleared by this run";
        read.dropped().forEach(entry -> run.failed(new RunReport.UserProblem(entry.dn(), null, "unreadable-entry",
                entry.cause() + withheld), 1));
        int unnamed = read.droppedCount() - read.dropped().size();
        if (unnamed > 0) {
            run.failed(new RunReport.UserProblem(unnamed + " more entries", null, "unreadable-entry",
                    "not named here (see the log)" + withheld), unnamed);
        }
        decision.clears().forEach(clear -> run.planned(outcomes.change(clear, null, false)));
        LOG.warn("{} directory entries could not be read: no recipient is cleared by this run ({} clears wait)",
                read.droppedCount(), decision.clears().size());
    }

    /** A dry run lists its clears, and says whether a real run would hold them back. */
    public void plan(Decision decision, Exchange exchange) {
        Run run = Run.of(exchange);
        if (decision.exceeded() != null) {
            run.holdClears(decision.clears().size(), decision.exceeded() + ": a real run would hold them back for approval");
        }
        decision.clears().forEach(clear -> run.planned(outcomes.change(clear, null, false)));
    }

    /** Above the threshold: the rest waits for an operator, who sees exactly this set before approving it. */
    public void holdBack(Decision decision, Exchange exchange) {
        Run run = Run.of(exchange);
        approvals.hold(run.runId(), decision.held());
        run.holdClears(decision.held().size(), decision.heldReason() + ": no recipient is cleared until an operator"
                + " approves this run's clears (console operation 'approve pending clears', which shows them first) or"
                + " certsync.safety.approve-clears=true");
        decision.held().forEach(clear -> run.planned(outcomes.change(clear, null, false)));
        LOG.warn("Holding back {} clears: {}", decision.held().size(), decision.heldReason());
    }

    /** The clears to publish now; an approval they use is spent, and nothing held back stays waiting when none is. */
    public List<Publication> apply(Decision decision, Exchange exchange) {
        if (decision.approval().isPresent() && !decision.approved().isEmpty()) {
            ClearApprovals.Approval approval = decision.approval().get();
            approvals.consume(approval, Run.of(exchange).runId());
            LOG.warn("{}; {} of them applied because approved by {} at {} (the clears run {} held back)",
                    decision.exceeded(), decision.approved().size(), approval.approvedBy(), approval.approvedAt(), approval.runId());
        } else if (decision.exceeded() != null && decision.approval().isEmpty()) {
            LOG.warn("{}; applied because certsync.safety.approve-clears=true", decision.exceeded());
        }
        if (!decision.holdsBack()) approvals.release();
        return decision.apply();
    }
}
