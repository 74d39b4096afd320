package org.certsync.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.certsync.state.PublishedState;
import org.certsync.sync.RunReport;

/**
 * {@code certsync_recipients_expiring{window="7d"|"30d"}}: recipients whose last published certificate expires within
 * 7 and within 30 days, counted from the state after each run of this node; 0 until the first.
 */
public class ExpiryMetrics implements Consumer<RunReport> {

    private static final Duration WEEK = Duration.ofDays(7);
    private static final Duration MONTH = Duration.ofDays(30);

    private final PublishedState state;
    private final Clock clock;
    private final AtomicInteger withinWeek;
    private final AtomicInteger withinMonth;

    public ExpiryMetrics(MeterRegistry registry, PublishedState state, Clock clock) {
        this.state = state;
        this.clock = clock;
        withinWeek = gauge(registry, "7d");
        withinMonth = gauge(registry, "30d");
    }

    /** Both windows from one query, over the longer. */
    @Override
    public void accept(RunReport report) {
        Instant now = clock.instant();
        List<PublishedState.LastExpiry> expiring = state.lastExpiriesBy(now.plus(MONTH));
        Instant weekEnd = now.plus(WEEK);
        withinWeek.set((int) expiring.stream().filter(e -> !e.lastExpiry().isAfter(weekEnd)).count());
        withinMonth.set(expiring.size());
    }

    private static AtomicInteger gauge(MeterRegistry registry, String window) {
        AtomicInteger count = new AtomicInteger();
        Gauge.builder("certsync.recipients.expiring", count, AtomicInteger::get).tag("window", window)
                .description("Recipients whose last published certificate expires within the window, after this"
                        + " node's last run").register(registry);
        return count;
    }
}
