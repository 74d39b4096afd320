package org.certsync.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.certsync.directory.DirectoryConnection;
import org.certsync.FailureMessages;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * {@code directory}: UP when a bound connection to the directory opens within the timeout. The answer is kept for
 * {@code certsync.health.directory-cache}, so that probes and scrapes do not bind to the directory each time (every
 * bind is a logon event on a domain controller); concurrent probes wait for one bind.
 */
public class DirectoryHealth implements HealthIndicator {

    private final DirectoryConnection connection;
    private final Duration timeout;
    private final Duration cacheFor;
    private final Clock clock;
    private Health last;
    private Instant checkedAt;

    public DirectoryHealth(DirectoryConnection connection, Duration timeout, Duration cacheFor, Clock clock) {
        this.connection = connection;
        this.timeout = timeout;
        this.cacheFor = cacheFor;
        this.clock = clock;
    }

    @Override
    public synchronized Health health() {
        Instant now = clock.instant();
        if (last == null || !now.isBefore(checkedAt.plus(cacheFor))) {
            last = bind(now);
            checkedAt = now;
        }
        return last;
    }

    private Health bind(Instant now) {
        Health.Builder health = Health.unknown().withDetail("url", connection.url()).withDetail("checkedAt", now.toString());
        try {
            // the bind succeeded, which is what counts; a failing close does not make the directory unhealthy
            DirectoryConnection.close(connection.openWithin(timeout));
            return health.up().build();
        } catch (RuntimeException e) {
            return health.down().withDetail("error", FailureMessages.describe(e)).build();
        }
    }
}
