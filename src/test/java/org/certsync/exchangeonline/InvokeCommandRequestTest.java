package org.certsync.exchangeonline;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.certsync.certificate.Fingerprints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The wire format against golden files written by hand from the module's Transform-Parameters and the service's
 * $metadata (src/test/resources/exchange/README.md), not captured from CertSync.
 */
class InvokeCommandRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] FIRST = {0x30, 0x03, 0x02, 0x01, 0x05};
    private static final byte[] SECOND = {0x30, 0x04, 0x02, 0x02, 0x00, (byte) 0xff};
    private static final byte[] THIRD = {0x30, 0x03, 0x02, 0x01, 0x07};
    private static final AccessToken TOKEN = new AccessToken("test-token", Instant.parse("2025-06-01T09:00:00Z"));
    /** A tenant's GUID (its directory id): what CIPP anchors app-only calls on. */
    private static final String TENANT = "5f0c1a2e-8d4b-4c39-9a7e-2b6f3d1e0c44";
    private static final String ANCHOR = "APP:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}@" + TENANT;

    private static ExchangeOnlineSettings settings(String cmdlet, String anchorMailbox) {
        return new ExchangeOnlineSettings(TENANT, "app-id", "secret", null, null, null,
                URI.create("https://outlook.office365.com/"), null, cmdlet, anchorMailbox, null, null, null);
    }

    private static JsonNode golden(String name) throws IOException {
        try (InputStream in = InvokeCommandRequestTest.class.getResourceAsStream("/exchange/" + name)) {
            return JSON.readTree(in);
        }
    }

    @Test
    void aSetMailUserWithTwoCertificatesAndOneClearedAttributeIsExactlyTheModulesBody() throws Exception {
        InvokeCommandRequest request = InvokeCommandRequest.setCertificates(settings(null, null),
                "alice@contoso.com", List.of(FIRST, SECOND), List.of());

        assertThat(JSON.readTree(request.body())).isEqualTo(golden("set-mailuser-two-certificates.json"));
        assertThat(request.uri()).isEqualTo(URI.create("https://outlook.office365.com/adminapi/beta/" + TENANT + "/InvokeCommand"));
    }

    @Test
    void aBatchOfTwoIsExactlyTheModulesBatchBody() throws Exception {
        ExchangeOnlineSettings settings = settings(null, null);
        BatchRequest batch = new BatchRequest(settings, List.of(
                InvokeCommandRequest.setCertificates(settings, "Set-MailUser", "alice@contoso.com", List.of(FIRST, SECOND),
                        List.of(), "3f0c6d2a-0000-4000-8000-000000000001"),
                InvokeCommandRequest.setCertificates(settings, "Set-MailUser", "bob@contoso.com", List.of(), List.of(THIRD),
                        "3f0c6d2a-0000-4000-8000-000000000002")));

        assertThat(JSON.readTree(batch.body(TOKEN))).isEqualTo(golden("batch-two-set-mailuser.json"));
        assertThat(batch.uri()).isEqualTo(URI.create("https://outlook.office365.com/adminapi/beta/" + TENANT + "/$batch"));
        // the $batch itself carries the last request's headers, with Prefer: odata.continue-on-error (Execute-BatchRequest)
        assertThat(batch.headers(TOKEN)).containsExactly(
                Map.entry("Authorization", "Bearer test-token"),
                Map.entry("Content-Type", "application/json"),
                Map.entry("Accept", "application/json"),
                Map.entry("X-CmdletName", "Set-MailUser"),
                Map.entry("client-request-id", "3f0c6d2a-0000-4000-8000-000000000002"),
                Map.entry("X-AnchorMailbox", ANCHOR),
                Map.entry("Prefer", "odata.continue-on-error"));
    }

    @Test
    void aBatchCarriesOneToTenRequests() {
        ExchangeOnlineSettings settings = settings(null, null);
        InvokeCommandRequest one = InvokeCommandRequest.setCertificates(settings, "a@contoso.com", List.of(FIRST), null);

        assertThatThrownBy(() -> new BatchRequest(settings, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BatchRequest(settings, java.util.Collections.nCopies(11, one)))
                .hasMessageContaining("1 to 10");
        assertThat(new BatchRequest(settings, java.util.Collections.nCopies(10, one)).requests()).hasSize(10);
    }

    @Test
    void eachSubResponseIsJudgedAloneAndAMissingOneDidNotRun() {
        ExchangeOnlineSettings settings = settings(null, null);
        InvokeCommandRequest one = InvokeCommandRequest.setCertificates(settings, "a@contoso.com", List.of(FIRST), null);
        BatchRequest six = new BatchRequest(settings, List.of(one, one, one, one, one, one));
        String answer = """
                {"responses":[
                  {"id":"1","status":429,"headers":{"retry-after":"1.5"},"body":{"error":{"code":"TooManyRequests","message":"throttled"}}},
                  {"id":"0","status":200,"headers":{},"body":{"value":[]}},
                  {"id":"2","status":200,"headers":{},"body":{"value":[],"@adminapi.errors":["|Microsoft.Exchange.Data.Storage.StoragePermanentException|The cmdlet failed."]}},
                  {"id":"4","status":424,"headers":{},"body":{}},
                  {"id":"5","status":429,"headers":{},"body":{"error":{"code":"TooManyRequests","message":"throttled"}}}
                ]}""";

        List<BatchRequest.Answer> answers = six.answers(answer, "3");

        assertThat(answers).extracting(a -> a.outcome().kind()).containsExactly(InvokeCommandOutcome.Kind.SUCCESS,
                InvokeCommandOutcome.Kind.THROTTLED, InvokeCommandOutcome.Kind.PERMANENT, InvokeCommandOutcome.Kind.TRANSIENT,
                InvokeCommandOutcome.Kind.TRANSIENT, InvokeCommandOutcome.Kind.THROTTLED);
        assertThat(answers.get(1).outcome().retryAfter()).contains(java.time.Duration.ofMillis(1500));
        assertThat(answers.get(2).outcome().message()).isEqualTo("The cmdlet failed.");
        // left out of the answer, or "failed dependency": it did not run, it goes again alone
        assertThat(answers.get(3).outcome().explanation()).contains("did not run");
        assertThat(answers.get(4).outcome().explanation()).contains("did not run");
        // throttled without a Retry-After of its own: the $batch answer's applies
        assertThat(answers.get(5).outcome().retryAfter()).contains(java.time.Duration.ofSeconds(3));
    }

    @Test
    void headersCarryTokenCmdletRequestIdPreferAndTheAnchorMailbox() {
        InvokeCommandRequest standard = InvokeCommandRequest.setCertificates(settings(null, null), "a@contoso.com", List.of(), null);
        InvokeCommandRequest configured = InvokeCommandRequest.setCertificates(settings(null, "UPN:admin@contoso.onmicrosoft.com"),
                "a@contoso.com", List.of(), null);

        assertThat(standard.headers(TOKEN)).containsExactly(
                Map.entry("Authorization", "Bearer test-token"),
                Map.entry("Content-Type", "application/json"),
                Map.entry("Accept", "application/json"),
                Map.entry("X-CmdletName", "Set-MailUser"),
                Map.entry("client-request-id", standard.requestId()),
                Map.entry("X-AnchorMailbox", ANCHOR),
                Map.entry("Prefer", "odata.maxpagesize=1000"));
        assertThat(UUID.fromString(standard.requestId())).isNotNull();
        assertThat(configured.headers(TOKEN)).containsEntry("X-AnchorMailbox", "UPN:admin@contoso.onmicrosoft.com");
        assertThat(configured.requestId()).isNotEqualTo(standard.requestId());
        // the same id on every attempt: it is fixed with the request, only the token changes
        assertThat(standard.headers(new AccessToken("renewed", Instant.MAX))).containsEntry("client-request-id", standard.requestId());
    }

    @Test
    void aNullListLeavesTheParameterOutAndGetRecipientSendsOnlyIdentity() throws Exception {
        JsonNode set = JSON.readTree(InvokeCommandRequest.setCertificates(settings("Set-Mailbox", null),
                "bob@contoso.com", null, List.of(FIRST)).body()).path("CmdletInput");
        JsonNode get = JSON.readTree(InvokeCommandRequest.getRecipient(settings(null, null), "bob@contoso.com").body());

        assertThat(set.path("CmdletName").asText()).isEqualTo("Set-Mailbox");
        assertThat(set.path("Parameters").has("UserCertificate")).isFalse();
        assertThat(get).isEqualTo(JSON.readTree("{\"CmdletInput\":{\"CmdletName\":\"Get-Recipient\",\"Parameters\":{\"Identity\":\"bob@contoso.com\"}}}"));
    }

    @Test
    void toStringNamesValuesByFingerprintOnly() {
        InvokeCommandRequest request = InvokeCommandRequest.setCertificates(settings(null, null),
                "alice@contoso.com", List.of(FIRST), List.of());

        assertThat(request.toString())
                .contains("Set-MailUser alice@contoso.com", "UserCertificate=[" + Fingerprints.sha256(FIRST) + "]",
                        "UserSMimeCertificate=[]", request.requestId())
                .doesNotContain(Base64.getEncoder().encodeToString(FIRST), "48, 3");
    }

    @Test
    void setSmimeIssuingCasSendsTheirStoreAsOneTypedByteArrayWithoutIdentity() throws Exception {
        KeyPair keys = TestCertificates.rsaKeyPair();
        byte[] issuing = TestCertificates.der(TestCertificates.selfSigned(keys, "CertSync Issuing CA"));
        byte[] root = TestCertificates.der(TestCertificates.selfSigned(keys, "CertSync Root CA"));
        // the SST by its layout (Wine's crypt32 serialize.c): 00 00 00 00 'CERT', per certificate the DWORDs 32
        // (CERT_CERT_PROP_ID), 1 (X509_ASN_ENCODING) and its length, little-endian, and its DER; three zero DWORDs
        ByteBuffer sst = ByteBuffer.allocate(8 + 12 + issuing.length + 12 + root.length + 12).order(ByteOrder.LITTLE_ENDIAN)
                .put(new byte[]{0, 0, 0, 0, 'C', 'E', 'R', 'T'})
                .putInt(32).putInt(1).putInt(issuing.length).put(issuing)
                .putInt(32).putInt(1).putInt(root.length).put(root)
                .putInt(0).putInt(0).putInt(0);
        StringJoiner data = new StringJoiner(",", "[", "]");
        for (byte b : sst.array()) data.add(Integer.toString(b & 0xff));

        InvokeCommandRequest request = InvokeCommandRequest.setSmimeIssuingCas(settings(null, null), List.of(issuing, root));

        // what the module's ConvertTo-ByteArray makes of a byte[] parameter
        assertThat(JSON.readTree(request.body())).isEqualTo(JSON.readTree("{\"CmdletInput\":{\"CmdletName\":\"Set-SmimeConfig\","
                + "\"Parameters\":{\"SMIMECertificateIssuingCA\":{\"@odata.type\":\"#Exchange.ByteArrayType\",\"Data\":" + data + "}}}}"));
        assertThat(request.identity()).isNull();
        assertThat(request.headers(TOKEN)).containsEntry("X-CmdletName", "Set-SmimeConfig");
        assertThat(request.toString()).isEqualTo("InvokeCommandRequest[Set-SmimeConfig, SMIMECertificateIssuingCA=["
                + Fingerprints.sha256(issuing) + ", " + Fingerprints.sha256(root) + "], client-request-id=" + request.requestId() + "]");
    }

    @Test
    void getSmimeConfigSendsNoParameters() throws Exception {
        InvokeCommandRequest request = InvokeCommandRequest.getSmimeConfig(settings(null, null));

        assertThat(JSON.readTree(request.body()))
                .isEqualTo(JSON.readTree("{\"CmdletInput\":{\"CmdletName\":\"Get-SmimeConfig\",\"Parameters\":{}}}"));
        assertThat(request.headers(TOKEN)).containsEntry("X-CmdletName", "Get-SmimeConfig");
    }

    @Test
    void refusesToSetNoIssuingCaOrAValueThatIsNoCertificate() {
        assertThatThrownBy(() -> InvokeCommandRequest.setSmimeIssuingCas(settings(null, null), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no issuing CA");
        assertThatThrownBy(() -> InvokeCommandRequest.setSmimeIssuingCas(settings(null, null), List.of(FIRST)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a DER X.509 certificate");
    }

    @Test
    void refusesARequestWithoutIdentityOrValues() {
        assertThatThrownBy(() -> InvokeCommandRequest.setCertificates(settings(null, null), " ", List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InvokeCommandRequest.setCertificates(settings(null, null), "a@contoso.com", null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
