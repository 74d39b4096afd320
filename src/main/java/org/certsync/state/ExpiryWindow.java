package org.certsync.state;

import java.time.Duration;
import java.time.Instant;

/** How soon a recipient's last published certificate expires, for the expiry metrics and webhook warnings. */
public enum ExpiryWindow {
    WEEK("7d", Duration.ofDays(7)),
    MONTH("30d", Duration.ofDays(30));

    private final String tag;
    private final Duration length;

    ExpiryWindow(String tag, Duration length) {
        this.tag = tag;
        this.length = length;
    }

    /** The metric tag and the webhook's {@code window}. */
    public String tag() {
        return tag;
    }

    /** The end of this window, from {@code now}. */
    public Instant end(Instant now) {
        return now.plus(length);
    }

    /** The shortest window a last expiry falls in; a month's list holds only those within MONTH. */
    public static ExpiryWindow of(Instant now, Instant lastExpiry) {
        return lastExpiry.isAfter(WEEK.end(now)) ? MONTH : WEEK;
    }
}
