package org.certsync.demo.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Exchange Online's per-tenant limits: a budget of cmdlets per fixed window (a $batch spends one per sub-request), and
 * a cap on HTTP requests in flight (a $batch is one request). Counts what it admits and refuses.
 */
final class TrafficLimits {

    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong concurrencyRefusals = new AtomicLong();
    private final AtomicLong budgetRefusals = new AtomicLong();
    private final AtomicInteger mostInFlight = new AtomicInteger();

    /** A held place among a tenant's requests in flight; closing it frees the place. */
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /** One tenant's current window: when it started and how many cmdlets it admitted. */
    private static final class Window {
        private Instant start;
        private int admitted;

        synchronized Optional<Duration> admit(SimulatorSettings.Throttle throttle, Instant now) {
            if (start == null || !now.isBefore(start.plus(throttle.window()))) {
                start = now;
                admitted = 0;
            }
            if (admitted < throttle.requests()) {
                admitted++;
                return Optional.empty();
            }
            return Optional.of(Duration.between(now, start.plus(throttle.window())));
        }
    }

    /**
     * Counts a cmdlet against the tenant's budget.
     *
     * @return empty when admitted, else how long until the window ends (to the millisecond, at least 1 ms)
     */
    Optional<Duration> spendBudget(String tenant, SimulatorSettings.Throttle throttle, Instant now) {
        if (throttle.requests() == 0) return Optional.empty();
        Optional<Duration> wait = windows.computeIfAbsent(key(tenant), k -> new Window()).admit(throttle, now)
                .map(d -> d.truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
                .map(d -> d.isZero() ? Duration.ofMillis(1) : d);
        if (wait.isPresent()) budgetRefusals.incrementAndGet();
        return wait;
    }

    /** A place among the tenant's requests in flight, or empty when limit (if not 0) requests already are. */
    Optional<Slot> enter(String tenant, int limit) {
        AtomicInteger count = inFlight.computeIfAbsent(key(tenant), k -> new AtomicInteger());
        int now = count.incrementAndGet();
        if (now > limit && limit > 0) {
            count.decrementAndGet();
            concurrencyRefusals.incrementAndGet();
            return Optional.empty();
        }
        mostInFlight.accumulateAndGet(now, Math::max);
        return Optional.of(count::decrementAndGet);
    }

    long concurrencyRefusals() {
        return concurrencyRefusals.get();
    }

    long budgetRefusals() {
        return budgetRefusals.get();
    }

    int mostInFlight() {
        return mostInFlight.get();
    }

    private static String key(String tenant) {
        return tenant.toLowerCase(Locale.ROOT);
    }
}
