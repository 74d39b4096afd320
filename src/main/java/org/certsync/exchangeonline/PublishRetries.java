package org.certsync.exchangeonline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a failed InvokeCommand call is repeated (the {@code retryWhile} of the publish error handler)
 * and how long to wait: Exchange's Retry-After when it sent one, else Camel's exponential back-off with jitter.
 * Bounded by a number of attempts and a total time per recipient; a refused token is renewed and retried once.
 */
public class PublishRetries {

    /** Header Camel's redelivery reads to override the computed delay. */
    static final String REDELIVERY_DELAY = "CamelRedeliveryDelay";
    private static final String FIRST_FAILURE = "certsyncFirstFailure";
    private static final String TOKEN_RENEWED = "certsyncTokenRenewed";
    private static final Logger LOG = LoggerFactory.getLogger(PublishRetries.class);

    /**
     * {@code certsync.exchange.retry.*}
     *
     * @param maxRetries   repeated calls per recipient and run, at most
     * @param maxTotalTime time from the first failure after which no retry starts
     */
    public record Limits(int maxRetries, Duration maxTotalTime) {
    }

    private final Limits limits;
    private final Clock clock;

    public PublishRetries(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** Clears one exchange's retry bookkeeping, e.g. for a recipient split off a $batch that was retried. */
    public static void forget(Exchange exchange) {
        exchange.removeProperty(FIRST_FAILURE);
        exchange.removeProperty(TOKEN_RENEWED);
        exchange.getMessage().removeHeader(Exchange.REDELIVERY_COUNTER);
        exchange.getMessage().removeHeader(Exchange.REDELIVERED);
        exchange.getMessage().removeHeader(Exchange.REDELIVERY_MAX_COUNTER);
        exchange.getMessage().removeHeader(REDELIVERY_DELAY);
    }

    public boolean shouldRetry(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause == null) cause = exchange.getException();
        // Camel counts the redelivery it is deciding about: 1 after the first failure
        int redelivery = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 1, Integer.class);
        Instant now = clock.instant();
        Instant first = exchange.getProperty(FIRST_FAILURE, Instant.class);
        if (first == null) {
            first = now;
            exchange.setProperty(FIRST_FAILURE, first);
        }
        Optional<InvokeCommandOutcome> outcome = cause instanceof PublishFailedException failed
                ? Optional.of(failed.outcome()) : Optional.empty();
        boolean unauthorized = outcome.map(o -> o.kind() == InvokeCommandOutcome.Kind.UNAUTHORIZED).orElse(false);
        if (unauthorized && exchange.getProperty(TOKEN_RENEWED, false, Boolean.class)) return false;
        Optional<Duration> retryAfter = outcome.flatMap(InvokeCommandOutcome::retryAfter);
        Duration remaining = limits.maxTotalTime().minus(Duration.between(first, now));
        if (redelivery > limits.maxRetries() || remaining.isNegative()
                || retryAfter.map(delay -> delay.compareTo(remaining) > 0).orElse(false)) {
            return false;
        }
        if (unauthorized) exchange.setProperty(TOKEN_RENEWED, true);
        if (retryAfter.isPresent()) {
            // a little jitter, so that calls throttled together do not return together
            long jitter = ThreadLocalRandom.current().nextLong(0, 250);
            exchange.getMessage().setHeader(REDELIVERY_DELAY, retryAfter.get().toMillis() + jitter);
        } else {
            exchange.getMessage().removeHeader(REDELIVERY_DELAY);
        }
        LOG.warn("Retrying (at most {} retries) after: {}", limits.maxRetries(),
                cause == null ? "unknown failure" : cause.getMessage());
        PublishCounters.of(exchange).retried();
        return true;
    }
}
