package org.certsync.demo.simulator;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.certsync.exchangeonline.AccessToken;
import org.certsync.exchangeonline.AccessTokens;
import org.certsync.exchangeonline.ExchangeOnlineAuthenticationException;
import org.certsync.exchangeonline.ExchangeOnlineSettings;
import org.certsync.exchangeonline.InvokeCommandOutcome.Kind;
import org.certsync.exchangeonline.InvokeCommandRequest;
import org.certsync.exchangeonline.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Secrets, assertions and tokens stay out of the output, with the client and simulator logging at DEBUG. */
@ExtendWith(OutputCaptureExtension.class)
class SecretsNeverLoggedTest extends SimulatorHttpTestSupport {

    private static final String WRONG_SECRET = "Wr0ng~client-secret_value";

    @Test
    void noSecretAssertionOrTokenAppearsInTheOutput(CapturedOutput output, @TempDir Path directory) {
        ExchangeOnlineSettings secretSettings = secretSettings(SECRET);
        Path p12 = TestCertificates.writePkcs12(directory.resolve("app.p12"), APP_KEYS, APP_CERTIFICATE, P12_PASSWORD);
        ExchangeOnlineSettings certificateSettings = settings(null, p12, P12_PASSWORD);
        LoggerFactory.getLogger(getClass()).info("Configured {} and {}", secretSettings, certificateSettings);

        AccessTokens secretTokens = tokens(secretSettings);
        AccessTokens certificateTokens = tokens(certificateSettings);
        AccessToken secretToken = secretTokens.current();
        AccessToken certificateToken = certificateTokens.current();
        InvokeCommandRequest request = InvokeCommandRequest.setCertificates(secretSettings, "logged@contoso.com",
                TestCertificates.userCertificates(1), List.of());
        LoggerFactory.getLogger(getClass()).info("Sending {} with {}", request, secretToken);
        assertThat(publish(secretTokens, request).kind()).isEqualTo(Kind.SUCCESS);
        assertThat(publish(certificateTokens, request).kind()).isEqualTo(Kind.SUCCESS);
        assertThatThrownBy(() -> tokens(secretSettings(WRONG_SECRET)).current())
                .isInstanceOf(ExchangeOnlineAuthenticationException.class)
                .message().doesNotContain(WRONG_SECRET);

        assertThat(output.getAll())
                .contains("Obtained an Exchange Online access token", "issued a token", "Simulated Set-MailUser")
                .doesNotContain(SECRET, WRONG_SECRET, P12_PASSWORD, secretToken.value(), certificateToken.value())
                // every JWT, so every client assertion, starts with the base64url of '{"'
                .doesNotContain("eyJ");
    }
}
