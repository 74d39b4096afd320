package org.certsync.sync;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.certsync.state.Publication;

/**
 * The aggregation of a page's split: collects the publications state-changes passed on as changed (property
 * {@value #CHANGED}), so the page's changes are published together, in $batch requests. Unchanged, skipped and
 * failed users add nothing. The result is a fresh exchange, so no user's stop becomes the page's; a failure that
 * even the user error handler could not handle does, and fails the run. The split is sequential, so the list needs
 * no locking.
 */
public class ChangedRecipients implements AggregationStrategy {

    /** Exchange property state-changes sets on a publication to write. */
    public static final String CHANGED = "certsyncChanged";

    @Override
    public Exchange aggregate(Exchange collected, Exchange user) {
        Exchange result = collected;
        if (result == null) {
            result = new DefaultExchange(user.getContext());
            result.getMessage().setBody(new ArrayList<Publication>());
        }
        if (user.getException() != null) {
            // not handled even by user-errors (its dead-letter write failed): the page fails, and the run with it,
            // rather than lose the user without a trace
            result.setException(user.getException());
        } else if (user.getProperty(CHANGED, false, Boolean.class) && user.getMessage().getBody() instanceof Publication publication) {
            @SuppressWarnings("unchecked")
            List<Publication> changes = result.getMessage().getBody(List.class);
            changes.add(publication);
        }
        return result;
    }
}
