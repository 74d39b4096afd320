package org.certsync.exchangeonline;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What AccessTokens checks before any request; the token requests themselves run against the simulator. */
class AccessTokensTest {

    private static ExchangeOnlineSettings settings(String tenantId, String clientId, String clientSecret, Path certificate) {
        return new ExchangeOnlineSettings(tenantId, clientId, clientSecret, certificate, null,
                null, null, null, null, null, null, null, null);
    }

    @Test
    void namesTheMissingProperty() {
        assertThatThrownBy(() -> new AccessTokens(settings(null, "app-id", "secret", null)))
                .isInstanceOf(ExchangeOnlineAuthenticationException.class)
                .hasMessage("certsync.exchange.tenant-id is not set: set it to the Entra ID tenant id or domain");
        assertThatThrownBy(() -> new AccessTokens(settings("contoso.onmicrosoft.com", " ", "secret", null)))
                .hasMessageStartingWith("certsync.exchange.client-id is not set");
        assertThatThrownBy(() -> new AccessTokens(settings("contoso.onmicrosoft.com", "app-id", "", null)))
                .hasMessage("no credential for Exchange Online: set certsync.exchange.client-certificate (recommended)"
                        + " or certsync.exchange.client-secret");
    }

    @Test
    void aConfiguredCertificateIsReadAtOnceAndTakesPrecedenceOverTheSecret() {
        assertThatThrownBy(() -> new AccessTokens(settings("contoso.onmicrosoft.com", "app-id", "secret", Path.of("/nonexistent/app.p12"))))
                .isInstanceOf(ExchangeOnlineAuthenticationException.class)
                .hasMessage("certsync.exchange.client-certificate=/nonexistent/app.p12 does not exist");
    }
}
