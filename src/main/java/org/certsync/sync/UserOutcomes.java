package org.certsync.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.certsync.certificate.Rejection;
import org.certsync.certificate.Verdict;
import org.certsync.state.Judgement;
import org.certsync.state.Publication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregation of the splits over users and recipients, as Camel's splitter examples aggregate: each branch's
 * verdict and {@link Outcome} are added to the run, and the recipients state-changes passed on as changed (property
 * {@value #CHANGED}) are collected, so a page's changes are published together, in $batch requests. The result is a
 * fresh exchange, so no branch's stop becomes the split's; a failure that even the user error handler could not handle
 * does, and fails the run rather than lose a user without a trace. The verdicts worth keeping are collected too
 * (property {@value #JUDGEMENTS}), for {@link org.certsync.state.JudgedRecipients#remember} to write in one commit.
 */
public class UserOutcomes implements AggregationStrategy {

    /** Exchange property state-changes sets on a publication to write. */
    public static final String CHANGED = "certsyncChanged";
    /** Exchange property certificate-filter sets to the user's verdict. */
    public static final String VERDICT = "certsyncVerdict";
    /** Exchange property of the split's result: the {@link Judgement}s of its users to keep, by recipient. */
    public static final String JUDGEMENTS = "certsyncJudgements";
    private static final Logger LOG = LoggerFactory.getLogger(UserOutcomes.class);

    @Override
    public Exchange aggregate(Exchange collected, Exchange branch) {
        Exchange result = collected;
        if (result == null) {
            result = new DefaultExchange(branch.getContext());
            result.getMessage().setBody(new ArrayList<Publication>());
            result.setProperty(JUDGEMENTS, new LinkedHashMap<String, Judgement>());
        }
        if (branch.getException() != null) {
            result.setException(branch.getException());
            return result;
        }
        Run run = Run.of(branch);
        Verdict verdict = branch.getProperty(VERDICT, Verdict.class);
        if (verdict != null) count(run, verdict);
        Outcome outcome = branch.getProperty(Outcome.PROPERTY, Outcome.class);
        if (outcome != null) outcome.addTo(run);
        // a skipped or failed user is judged again next time: its problem is reported on every run; so is one on the
        // directory path (its recipient carries nothing CertSync wrote)
        Judgement judgement = verdict == null || outcome instanceof Outcome.Skipped || outcome instanceof Outcome.Failed
                || outcome instanceof Outcome.OnDirectoryPath ? null : Judgement.of(verdict);
        if (judgement != null) {
            // one per recipient: the last of the page counts
            @SuppressWarnings("unchecked")
            Map<String, Judgement> judgements = result.getProperty(JUDGEMENTS, Map.class);
            judgements.put(judgement.recipient(), judgement);
        }
        if (branch.getProperty(CHANGED, false, Boolean.class) && branch.getMessage().getBody() instanceof Publication publication) {
            @SuppressWarnings("unchecked")
            List<Publication> changes = result.getMessage().getBody(List.class);
            changes.add(publication);
        }
        return result;
    }

    private static void count(Run run, Verdict verdict) {
        run.verdict(verdict);
        for (Rejection rejection : verdict.rejections()) {
            LOG.debug("{}: {} certificate {} rejected as {} ({})", verdict.user().displayName(),
                    rejection.attribute().ldapName(), rejection.fingerprint(), rejection.reason(), rejection.detail());
        }
    }
}
