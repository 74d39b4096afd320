package org.certsync.ops;

import org.certsync.exchange.AccessToken;
import org.certsync.exchange.ExchangeAccess;
import org.certsync.sync.FailureMessages;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** {@code exchangeToken}: UP while an access token for the tenant can be had (cached, so usually no call is made). */
public class ExchangeTokenHealth implements HealthIndicator {

    private final ExchangeAccess access;

    public ExchangeTokenHealth(ExchangeAccess access) {
        this.access = access;
    }

    @Override
    public Health health() {
        try {
            AccessToken token = access.tokens().current();
            return Health.up().withDetail("tenant", access.settings().tenantId())
                    .withDetail("validUntil", token.expiresAt().toString()).build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("error", FailureMessages.describe(e)).build();
        }
    }
}
