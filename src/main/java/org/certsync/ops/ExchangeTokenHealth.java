package org.certsync.ops;

import org.certsync.exchangeonline.AccessToken;
import org.certsync.exchangeonline.ExchangeOnlineAccess;
import org.certsync.FailureMessages;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** {@code exchangeToken}: UP while an access token for the tenant can be had (cached, so usually no call is made). */
public class ExchangeTokenHealth implements HealthIndicator {

    private final ExchangeOnlineAccess access;

    public ExchangeTokenHealth(ExchangeOnlineAccess access) {
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
