package org.certsync.demo.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Exchange Online's per-tenant limits: a request budget per fixed window, and a cap on requests in flight. */
final class TrafficLimits {

    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    /** A held place among a tenant's requests in flight; closing it frees the place. */
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /** One tenant's current window: when it started and how many requests it admitted. */
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
            return Optional.of(ceilingSeconds(Duration.between(now, start.plus(throttle.window()))));
        }
    }

    /**
     * Counts a request against the tenant's budget.
     *
     * @return empty when admitted, else how long until the window ends (whole seconds, rounded up, at least 1)
     */
    Optional<Duration> spendBudget(String tenant, SimulatorSettings.Throttle throttle, Instant now) {
        if (throttle.requests() == 0) return Optional.empty();
        return windows.computeIfAbsent(key(tenant), k -> new Window()).admit(throttle, now);
    }

    /** A place among the tenant's requests in flight, or empty when limit (if not 0) requests already are. */
    Optional<Slot> enter(String tenant, int limit) {
        AtomicInteger count = inFlight.computeIfAbsent(key(tenant), k -> new AtomicInteger());
        if (count.incrementAndGet() > limit && limit > 0) {
            count.decrementAndGet();
            return Optional.empty();
        }
        return Optional.of(count::decrementAndGet);
    }

    private static Duration ceilingSeconds(Duration remaining) {
        long seconds = remaining.getSeconds() + (remaining.getNano() > 0 ? 1 : 0);
        return Duration.ofSeconds(Math.max(1, seconds));
    }

    private static String key(String tenant) {
        return tenant.toLowerCase(Locale.ROOT);
    }
}
