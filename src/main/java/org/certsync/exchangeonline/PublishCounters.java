package org.certsync.exchangeonline;

import org.apache.camel.Exchange;

/**
 * What a run counts of Exchange Online's answers: the run travels with the exchange as the property
 * {@value #PROPERTY} and implements this, so the publishing beans count without knowing the run.
 */
public interface PublishCounters {

    String PROPERTY = "certsyncRun";

    /** Exchange Online asked to slow down (429, 503, too many concurrent requests). */
    void throttled();

    /** A call is about to be repeated. */
    void retried();

    /** The counters of the exchange's run; outside a run (a test calling a route directly) nothing is counted. */
    static PublishCounters of(Exchange exchange) {
        PublishCounters counters = exchange.getProperty(PROPERTY, PublishCounters.class);
        return counters != null ? counters : NONE;
    }

    PublishCounters NONE = new PublishCounters() {
        @Override
        public void throttled() {
        }

        @Override
        public void retried() {
        }
    };
}
