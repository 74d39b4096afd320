package org.certsync.ops;

import java.time.Duration;


import org.certsync.directory.DirectoryConnection;
import org.certsync.sync.FailureMessages;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** {@code directory}: UP when a bound connection to the directory opens within the timeout. */
public class DirectoryHealth implements HealthIndicator {

    private final DirectoryConnection connection;
    private final Duration timeout;

    public DirectoryHealth(DirectoryConnection connection, Duration timeout) {
        this.connection = connection;
        this.timeout = timeout;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.unknown().withDetail("url", connection.url());
        try {
            // the bind succeeded, which is what counts; a failing close does not make the directory unhealthy
            DirectoryConnection.close(connection.openWithin(timeout));
            return health.up().build();
        } catch (RuntimeException e) {
            return health.down().withDetail("error", FailureMessages.describe(e)).build();
        }
    }
}
