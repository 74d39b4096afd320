package org.certsync.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.certsync.state.PublishedState;

/** The recipients whose published certificates all expire within a window: what a run's report warns of. */
public class ExpiryWarnings {

    private final PublishedState state;
    private final Duration window;

    public ExpiryWarnings(PublishedState state, Duration window) {
        this.state = state;
        this.window = window;
    }

    /** The warnings as of {@code now}, soonest first, in one query of the published state. */
    public List<RunReport.ExpiryWarning> at(Instant now) {
        return state.lastExpiriesBy(now.plus(window)).stream()
                .map(e -> new RunReport.ExpiryWarning(e.recipient(), e.lastExpiry(), e.daysLeft(now)))
                .toList();
    }
}
