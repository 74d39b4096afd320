package org.certsync.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.certsync.exchangeonline.ExchangeOnlineAccess;
import org.certsync.exchangeonline.ExchangeOnlineAuthenticationException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

class ExchangeTokenHealthTest {

    @Test
    void downWithTheMessageNamingTheSettingWhenNoTokenCanBeHad() {
        ExchangeOnlineAccess access = new ExchangeOnlineAccess(() -> {
            throw new ExchangeOnlineAuthenticationException("certsync.exchange.tenant-id is not set: set it to the Entra ID tenant id");
        });

        Health health = new ExchangeTokenHealth(access).health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("error",
                "certsync.exchange.tenant-id is not set: set it to the Entra ID tenant id");
    }
}
