package org.certsync.exchange;

import java.net.URI;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.certsync.certificate.Fingerprints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InvokeCommandRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] FIRST = {0x30, (byte) 0x82, 0x01};
    private static final byte[] SECOND = {0x30, (byte) 0x81, 0x7f};
    private static final AccessToken TOKEN = new AccessToken("opaque-token", Instant.parse("2025-06-01T09:00:00Z"));

    private static ExchangeSettings settings(String cmdlet, ValueEncoding encoding, String anchorMailbox) {
        return new ExchangeSettings("contoso.onmicrosoft.com", "app-id", "secret", null, null, null,
                URI.create("https://outlook.office365.com/"), null, cmdlet, encoding, anchorMailbox, null, null, null);
    }

    @Test
    void buildsTheSetCmdletBodyWithBase64Values() throws Exception {
        InvokeCommandRequest request = InvokeCommandRequest.setCertificates(settings(null, null, null),
                "alice@contoso.com", List.of(FIRST, SECOND), List.of());

        JsonNode body = JSON.readTree(request.body());
        assertThat(request.uri()).isEqualTo(URI.create("https://outlook.office365.com/adminapi/beta/contoso.onmicrosoft.com/InvokeCommand"));
        assertThat(body.path("CmdletInput").path("CmdletName").asText()).isEqualTo("Set-MailUser");
        JsonNode parameters = body.path("CmdletInput").path("Parameters");
        assertThat(parameters.path("Identity").asText()).isEqualTo("alice@contoso.com");
        assertThat(parameters.path("UserCertificate")).extracting(JsonNode::asText)
                .containsExactly(Base64.getEncoder().encodeToString(FIRST), Base64.getEncoder().encodeToString(SECOND));
        assertThat(parameters.path("UserSMimeCertificate").isArray()).isTrue();
        assertThat(parameters.path("UserSMimeCertificate")).isEmpty();
    }

    @Test
    void sendsByteArraysWhenConfiguredAndLeavesOutANullList() throws Exception {
        InvokeCommandRequest request = InvokeCommandRequest.setCertificates(settings("Set-Mailbox", ValueEncoding.BYTE_ARRAY, null),
                "bob@contoso.com", null, List.of(FIRST));

        JsonNode parameters = JSON.readTree(request.body()).path("CmdletInput").path("Parameters");
        assertThat(parameters.has("UserCertificate")).isFalse();
        assertThat(parameters.path("UserSMimeCertificate").toString()).isEqualTo("[[48,130,1]]");
        assertThat(request.cmdlet()).isEqualTo("Set-Mailbox");
    }

    @Test
    void headersCarryTokenCmdletRequestIdAndTheOptionalAnchorMailbox() {
        String anchor = "UPN:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}@contoso.onmicrosoft.com";
        InvokeCommandRequest anchored = InvokeCommandRequest.setCertificates(settings(null, null, anchor), "a@contoso.com", List.of(), null);
        InvokeCommandRequest plain = InvokeCommandRequest.setCertificates(settings(null, null, null), "a@contoso.com", List.of(), null);

        assertThat(anchored.headers(TOKEN)).containsExactly(
                entry("Authorization", "Bearer opaque-token"),
                entry("Content-Type", "application/json"),
                entry("Accept", "application/json"),
                entry("X-CmdletName", "Set-MailUser"),
                entry("client-request-id", anchored.requestId()),
                entry("X-AnchorMailbox", anchor));
        assertThat(UUID.fromString(anchored.requestId())).isNotNull();
        assertThat(plain.headers(TOKEN)).doesNotContainKey("X-AnchorMailbox");
        assertThat(plain.requestId()).isNotEqualTo(anchored.requestId());
    }

    @Test
    void toStringNamesValuesByFingerprintOnly() {
        InvokeCommandRequest request = InvokeCommandRequest.setCertificates(settings(null, null, null),
                "alice@contoso.com", List.of(FIRST), List.of());

        assertThat(request.toString())
                .contains("Set-MailUser alice@contoso.com", "UserCertificate=[" + Fingerprints.sha256(FIRST) + "]",
                        "UserSMimeCertificate=[]", request.requestId())
                .doesNotContain(Base64.getEncoder().encodeToString(FIRST));
    }

    @Test
    void refusesARequestWithoutIdentityOrValues() {
        assertThatThrownBy(() -> InvokeCommandRequest.setCertificates(settings(null, null, null), " ", List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InvokeCommandRequest.setCertificates(settings(null, null, null), "a@contoso.com", null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static java.util.Map.Entry<String, String> entry(String key, String value) {
        return java.util.Map.entry(key, value);
    }
}
