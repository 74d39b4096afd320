package org.certsync.exchangeonline;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The number of requests CertSync has in flight to the tenant, bounded: a request enters before it is sent and leaves
 * when its answer is judged. Fixed, or adaptive (AIMD, as TCP does): the limit starts low, rises by one after as
 * many clean answers as it allows, and halves on an answer that says "too much" (429, 503, the concurrency refusal).
 * From just below the level where the service last refused, and above it, it rises only after ten times as many
 * clean answers, so a cap the service keeps (its limit is not published) is probed rarely. Answers to requests sent
 * before a decrease change nothing: they speak of the old level. A request never holds its place while it waits for a Retry-After: it leaves first.
 */
public class TenantConcurrency {

    /** Exchange property: how the answer of this request went, set by whoever judges it. */
    public static final String ANSWER = "certsyncAnswerLoad";
    private static final String TICKET = "certsyncConcurrencyTicket";
    private static final Logger LOG = LoggerFactory.getLogger(TenantConcurrency.class);

    /** What an answer says about the load the tenant takes. */
    public enum Load {
        /** Answered without any sign of throttling: room for more. */
        CLEAN,
        /** 429, 503 or the concurrency refusal (for a $batch: in any sub-response): too much. */
        TOO_MUCH,
        /** Anything else (a 500, a timeout, an unreadable answer): says nothing about the load. */
        UNKNOWN
    }

    private final boolean adaptive;
    private final int max;
    private int limit;
    private int ceiling;
    private int inFlight;
    private int clean;
    private long issued;
    private long lastDecrease;

    public TenantConcurrency(CallSettings settings) {
        this.adaptive = settings.adaptive();
        this.max = settings.ceiling();
        this.limit = settings.initial();
        this.ceiling = max + 1;
    }

    /** Waits for a place among the requests in flight and takes it. */
    public void enter(Exchange exchange) throws InterruptedException {
        if (exchange.getProperty(TICKET) != null) {
            throw new IllegalStateException("this exchange already holds a place among the requests in flight");
        }
        exchange.setProperty(TICKET, enter());
    }

    /** Gives the place back, learning from the answer ({@link #ANSWER}; none, e.g. after an I/O error: unknown). */
    public void leave(Exchange exchange) {
        Long ticket = exchange.getProperty(TICKET, Long.class);
        if (ticket == null) return;
        exchange.removeProperty(TICKET);
        leave(ticket, exchange.getProperty(ANSWER, Load.UNKNOWN, Load.class));
        exchange.removeProperty(ANSWER);
    }

    synchronized long enter() throws InterruptedException {
        while (inFlight >= limit) wait();
        inFlight++;
        return ++issued;
    }

    synchronized void leave(long ticket, Load load) {
        inFlight--;
        if (adaptive) adapt(ticket, load);
        notifyAll();
    }

    private void adapt(long ticket, Load load) {
        // answers to requests sent before the last decrease speak of the old level
        if (ticket <= lastDecrease) return;
        if (load == Load.TOO_MUCH) {
            ceiling = limit;
            limit = Math.max(1, limit / 2);
            clean = 0;
            lastDecrease = issued;
            LOG.info("Exchange Online asked for less: requests in flight now at most {} (refused at {})", limit, ceiling);
        } else if (load == Load.CLEAN && limit < max) {
            clean++;
            int needed = limit + 1 < ceiling ? limit : 10 * limit;
            if (clean >= needed) {
                limit++;
                clean = 0;
                if (limit >= ceiling) ceiling = limit + 1;
                LOG.debug("Clean answers from Exchange Online: requests in flight now at most {}", limit);
            }
        }
    }

    /** The current limit of requests in flight. */
    public synchronized int limit() {
        return limit;
    }

    public synchronized int inFlight() {
        return inFlight;
    }
}
