package org.certsync.demo.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import org.certsync.certificate.SerializedCertificateStore;
import org.certsync.exchangeonline.AccessToken;
import org.certsync.exchangeonline.AccessTokens;
import org.certsync.exchangeonline.InvokeCommandOutcome;
import org.certsync.exchangeonline.InvokeCommandRequest;
import org.certsync.exchangeonline.TestCertificates;

/**
 * Set-SmimeConfig and Get-SmimeConfig over real HTTP. The bodies are written here as the module sends a {@code byte[]}
 * (ConvertTo-ByteArray); the SST inside is CertSync's, so the simulator's own reader checks CertSync's format.
 */
class SmimeConfigHttpTest extends SimulatorHttpTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] ROOT_CA = TestCertificates.der(TestCertificates.selfSigned(APP_KEYS, "CertSync Root CA"));
    private static final byte[] ISSUING_CA = TestCertificates.der(TestCertificates.selfSigned(APP_KEYS, "CertSync Issuing CA"));

    private static String cmdlet(String name, ObjectNode parameters) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("CmdletInput").put("CmdletName", name).set("Parameters", parameters);
        return body.toString();
    }

    private static ObjectNode issuingCa(byte[] sst) {
        ObjectNode parameters = JSON.createObjectNode();
        ArrayNode data = parameters.putObject("SMIMECertificateIssuingCA")
                .put("@odata.type", "#Exchange.ByteArrayType").putArray("Data");
        for (byte b : sst) data.add(b & 0xff);
        return parameters;
    }

    private HttpResponse<String> invoke(String cmdletName, String body, AccessToken token) {
        return exchange(HttpRequest.newBuilder(secretSettings(SECRET).invokeCommandEndpoint())
                .header("Authorization", token.authorization())
                .header("Content-Type", "application/json")
                .header("X-CmdletName", cmdletName)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static byte[] bytes(JsonNode data) {
        byte[] bytes = new byte[data.size()];
        for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) data.get(i).intValue();
        return bytes;
    }

    @Test
    void issuingCasSetWithSetSmimeConfigAreReadBackWithGetSmimeConfig() throws IOException {
        AccessToken token = tokens(secretSettings(SECRET)).current();
        byte[] sst = SerializedCertificateStore.write(List.of(ISSUING_CA, ROOT_CA));

        HttpResponse<String> set = invoke("Set-SmimeConfig", cmdlet("Set-SmimeConfig", issuingCa(sst)), token);
        HttpResponse<String> get = invoke("Get-SmimeConfig", cmdlet("Get-SmimeConfig", JSON.createObjectNode()), token);

        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(JSON.readTree(set.body()).has("@adminapi.errors")).isFalse();
        assertThat(simulator.issuingCas(TENANT)).containsExactly(ISSUING_CA, ROOT_CA);
        assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
        JsonNode issuingCa = JSON.readTree(get.body()).path("value").path(0).path("SMIMECertificateIssuingCA");
        assertThat(issuingCa.path("@odata.type").asText()).isEqualTo("#Exchange.ByteArrayType");
        byte[] stored = bytes(issuingCa.path("Data"));
        assertThat(stored).isEqualTo(sst);
        assertThat(SerializedCertificateStore.read(stored)).containsExactly(ISSUING_CA, ROOT_CA);
    }

    @Test
    void certSyncsSetSmimeConfigIsTakenAndItsGetSmimeConfigReadsTheStoreBack() throws IOException {
        AccessTokens tokens = tokens(secretSettings(SECRET));

        InvokeCommandOutcome set = publish(tokens, InvokeCommandRequest.setSmimeIssuingCas(secretSettings(SECRET), List.of(ROOT_CA)));
        HttpResponse<String> get = send(InvokeCommandRequest.getSmimeConfig(secretSettings(SECRET)), tokens.current());

        assertThat(set.kind()).as(set.explanation()).isEqualTo(InvokeCommandOutcome.Kind.SUCCESS);
        assertThat(simulator.issuingCas(TENANT)).containsExactly(ROOT_CA);
        JsonNode issuingCa = JSON.readTree(get.body()).path("value").path(0).path("SMIMECertificateIssuingCA");
        assertThat(SerializedCertificateStore.read(bytes(issuingCa.path("Data")))).containsExactly(ROOT_CA);
    }

    @Test
    void aStoreTheSimulatorCannotReadIsRefusedAndTheOldOneKept() throws IOException {
        AccessToken token = tokens(secretSettings(SECRET)).current();
        byte[] sst = SerializedCertificateStore.write(List.of(ROOT_CA));
        assertThat(invoke("Set-SmimeConfig", cmdlet("Set-SmimeConfig", issuingCa(sst)), token).statusCode()).isEqualTo(200);

        HttpResponse<String> refused = invoke("Set-SmimeConfig", cmdlet("Set-SmimeConfig", issuingCa(ROOT_CA)), token);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).path("error").path("details").path(0).path("message").asText())
                .contains("not a serialized certificate store (SST)", "does not begin with 00 00 00 00 'CERT'");
        assertThat(simulator.issuingCas(TENANT)).containsExactly(ROOT_CA);
    }
}
