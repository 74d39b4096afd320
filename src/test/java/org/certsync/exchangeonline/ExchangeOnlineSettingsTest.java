package org.certsync.exchangeonline;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExchangeOnlineSettingsTest {

    private static ExchangeOnlineSettings settings(String clientSecret, URI loginUrl, String cmdlet) {
        return new ExchangeOnlineSettings("contoso.onmicrosoft.com", "app-id", clientSecret, null, "p12-password",
                loginUrl, null, null, cmdlet, " ", null, null, null);
    }

    @Test
    void missingValuesTakeTheDefaults() {
        ExchangeOnlineSettings settings = settings(null, null, null);

        assertThat(settings.loginUrl()).isEqualTo(URI.create("https://login.microsoftonline.com"));
        assertThat(settings.apiUrl()).isEqualTo(URI.create("https://outlook.office365.com"));
        assertThat(settings.scope()).isEqualTo("https://outlook.office365.com/.default");
        assertThat(settings.cmdlet()).isEqualTo("Set-MailUser");
        assertThat(settings.anchorMailbox())
                .isEqualTo("APP:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}@contoso.onmicrosoft.com");
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.tokenRefreshMargin()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void buildsTheEndpointsWithoutDoubleSlashes() {
        ExchangeOnlineSettings settings = settings(null, URI.create("http://127.0.0.1:8080/simulator/login/"), null);

        assertThat(settings.tokenEndpoint()).isEqualTo(URI.create("http://127.0.0.1:8080/simulator/login/contoso.onmicrosoft.com/oauth2/v2.0/token"));
        assertThat(settings.invokeCommandEndpoint()).isEqualTo(URI.create("https://outlook.office365.com/adminapi/beta/contoso.onmicrosoft.com/InvokeCommand"));
        assertThat(settings.batchEndpoint()).isEqualTo(URI.create("https://outlook.office365.com/adminapi/beta/contoso.onmicrosoft.com/$batch"));
    }

    @Test
    void acceptsTheCmdletInAnyCaseAndRefusesOthers() {
        assertThat(settings(null, null, "set-mailbox").cmdlet()).isEqualTo("Set-Mailbox");
        assertThat(settings(null, null, "auto").looksUpRecipientType()).isTrue();
        assertThat(settings(null, null, "Set-MailUser").looksUpRecipientType()).isFalse();
        assertThatThrownBy(() -> settings(null, null, "Set-User")).hasMessage("certsync.exchange.cmdlet=Set-User"
                + " is not supported: use Set-MailUser, Set-Mailbox, Set-MailContact or Auto");
    }

    @Test
    void refusesANegativeRefreshMargin() {
        assertThatThrownBy(() -> new ExchangeOnlineSettings("contoso.onmicrosoft.com", "app-id", "secret", null, null,
                null, null, null, null, null, null, null, Duration.ofMinutes(-1)))
                .hasMessage("certsync.exchange.token-refresh-margin must not be negative, not PT-1M");
    }

    @Test
    void bindsFromKebabCasePropertiesWithSpringBootsBinder() {
        ExchangeOnlineSettings settings = new Binder(new MapConfigurationPropertySource(Map.of(
                "certsync.exchange.tenant-id", "contoso.onmicrosoft.com",
                "certsync.exchange.client-id", "app-id",
                "certsync.exchange.client-certificate", "/etc/certsync/app.p12",
                "certsync.exchange.login-url", "http://localhost:8080/simulator/login",
                "certsync.exchange.anchor-mailbox", "UPN:admin@contoso.onmicrosoft.com",
                "certsync.exchange.cmdlet", "Set-MailContact",
                "certsync.exchange.token-refresh-margin", "2m")))
                .bindOrCreate("certsync.exchange", ExchangeOnlineSettings.class);

        assertThat(settings.clientCertificate()).isEqualTo(Path.of("/etc/certsync/app.p12"));
        assertThat(settings.loginUrl()).isEqualTo(URI.create("http://localhost:8080/simulator/login"));
        assertThat(settings.anchorMailbox()).isEqualTo("UPN:admin@contoso.onmicrosoft.com");
        assertThat(settings.cmdlet()).isEqualTo("Set-MailContact");
        assertThat(settings.tokenRefreshMargin()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.apiUrl()).isEqualTo(ExchangeOnlineSettings.DEFAULT_API_URL);
    }

    @Test
    void toStringMasksTheSecrets() {
        String text = settings("the-client-secret", null, null).toString();

        assertThat(text).doesNotContain("the-client-secret", "p12-password")
                .contains("clientSecret=******", "clientCertificatePassword=******", "clientId=app-id");
    }
}
