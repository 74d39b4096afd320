package org.certsync.ops;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.certsync.state.ExpiryWindow;
import org.certsync.state.PublishedState;
import org.certsync.sync.RunReport;

/**
 * {@code certsync_recipients_expiring{window="7d"|"30d"}}: recipients whose last published certificate expires within
 * 7 and within 30 days, counted from the state after each run of this node; 0 until the first.
 */
public class ExpiryMetrics implements Consumer<RunReport> {

    private final PublishedState state;
    private final Clock clock;
    private final AtomicInteger withinWeek;
    private final AtomicInteger withinMonth;

    public ExpiryMetrics(MeterRegistry registry, PublishedState state, Clock clock) {
        this.state = state;
        this.clock = clock;
        withinWeek = gauge(registry, ExpiryWindow.WEEK);
        withinMonth = gauge(registry, ExpiryWindow.MONTH);
    }

    /** Both windows from one query, over the longer. */
    @Override
    public void accept(RunReport report) {
        Instant now = clock.instant();
        List<PublishedState.LastExpiry> expiring = state.lastExpiriesBy(ExpiryWindow.MONTH.end(now));
        withinWeek.set((int) expiring.stream()
                .filter(e -> ExpiryWindow.of(now, e.lastExpiry()) == ExpiryWindow.WEEK).count());
        withinMonth.set(expiring.size());
    }

    private static AtomicInteger gauge(MeterRegistry registry, ExpiryWindow window) {
        AtomicInteger count = new AtomicInteger();
        Gauge.builder("certsync.recipients.expiring", count, AtomicInteger::get).tag("window", window.tag())
                .description("Recipients whose last published certificate expires within the window, after this"
                        + " node's last run").register(registry);
        return count;
    }
}
