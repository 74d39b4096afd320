package org.certsync.exchangeonline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.certsync.certificate.CertificatePolicy;
import org.certsync.certificate.IssuingCaSet;
import org.certsync.certificate.PolicySettings;
import org.certsync.certificate.SerializedCertificateStore;
import org.certsync.cluster.SingleNodeExclusiveTaskLock;
import org.certsync.demo.DemoCertificateAuthority;
import org.certsync.state.IssuingCaState;
import org.junit.jupiter.api.Test;

/** What an issuing CA upload sends, and how the tenant's store is read from Get-SmimeConfig's answer. */
class IssuingCaUploadTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<byte[]> CAS = TestCertificates.userCertificates(4);
    private static final byte[] A = CAS.get(0);
    private static final byte[] B = CAS.get(1);
    private static final byte[] C = CAS.get(2);
    private static final byte[] HAND = CAS.get(3);

    private static IssuingCaUpload upload(boolean replace, List<byte[]> wanted, List<byte[]> lastUploaded,
                                          List<byte[]> tenant) {
        IssuingCaSet last = IssuingCaSet.of(lastUploaded);
        Optional<IssuingCaState.Upload> previous = lastUploaded.isEmpty() ? Optional.empty()
                : Optional.of(new IssuingCaState.Upload(last.digest(), last.fingerprints(), Instant.EPOCH, "u0", "test"));
        return new IssuingCaUpload("u1", "test", false, replace, IssuingCaSet.of(wanted), previous, null)
                .withTenantStore(IssuingCaSet.of(tenant));
    }

    @Test
    void mergingKeepsWhatTheTenantHoldsDropsOnlyTheCasCertSyncRetiredAndAddsTheWantedOnes() {
        IssuingCaUpload upload = upload(false, List.of(B, C), List.of(A, B), List.of(HAND, A, B));

        assertThat(upload.after()).isEqualTo(IssuingCaSet.of(List.of(HAND, B, C)));
        assertThat(upload.dropped()).isEqualTo(IssuingCaSet.of(List.of(A)).fingerprints());
        assertThat(upload.added()).isEqualTo(IssuingCaSet.of(List.of(C)).fingerprints());
        assertThat(upload.tenantCarriesIt()).isFalse();
    }

    @Test
    void replacingMakesTheStoreExactlyTheWantedCas() {
        IssuingCaUpload upload = upload(true, List.of(B, C), List.of(A, B), List.of(HAND, A, B));

        assertThat(upload.after()).isEqualTo(IssuingCaSet.of(List.of(B, C)));
        assertThat(upload.dropped()).isEqualTo(IssuingCaSet.of(List.of(HAND, A)).fingerprints());
    }

    @Test
    void theSetIsComparedByItsFingerprintsWhateverTheirOrder() {
        assertThat(upload(false, List.of(A, B), List.of(B, A, A), List.of()).changedSinceLastUpload()).isFalse();
        assertThat(upload(false, List.of(A, B, C), List.of(A, B), List.of()).changedSinceLastUpload()).isTrue();
        assertThat(upload(false, List.of(A), List.of(), List.of()).changedSinceLastUpload()).as("never uploaded")
                .isTrue();
        assertThat(upload(false, List.of(A, B), List.of(), List.of(B, A)).tenantCarriesIt()).isTrue();
    }

    @Test
    void anEmptySetIsNeverAnUpload() {
        assertThatThrownBy(() -> upload(true, List.of(), List.of(A), List.of(A)))
                .hasMessageContaining("an empty set would empty the tenant's store");
    }

    @Test
    void theUploadTurnedOnWithoutATrustStoreRefusesToStart() {
        CertificatePolicy withoutTrustStore = new CertificatePolicy(PolicySettings.defaults(), Clock.systemUTC());
        IssuingCaSettings on = new IssuingCaSettings(true, "0 30 1 * * ?", false);

        assertThatThrownBy(() -> new ExchangeOnlineConfiguration().issuingCaUploads(null, null, withoutTrustStore, on, null, false))
                .hasMessageStartingWith("certsync.issuing-cas.enabled=true needs certsync.policy.trust-store");
    }

    @Test
    void aRefusedCmdletOfTheOrganizationsConfigurationIsOneLineNamingItAndTheMissingRole() {
        ExchangeOnlineSettings settings = new ExchangeOnlineSettings("contoso-guid", "app", "secret", null, null,
                URI.create("https://login.example"), URI.create("https://exchange.example"), null, null, null, null, null,
                null);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(InvokeCommandCalls.REQUEST, InvokeCommandRequest.setSmimeIssuingCas(settings, List.of(A)));
        InvokeCommandOutcome forbidden = InvokeCommandOutcome.classify(403,
                "{\"error\":{\"code\":\"Forbidden\",\"message\":\"Access denied\"}}", null);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new PublishFailedException(null, "Set-SmimeConfig", forbidden));

        new IssuingCaUploads(null, null, IssuingCaSet.of(List.of(A)), new IssuingCaSettings(true, "0 30 1 * * ?", false),
                new SingleNodeExclusiveTaskLock(), false).failed(exchange);

        assertThat(exchange.getMessage().getBody(String.class)).isEqualTo("failed: Exchange Online refused"
                + " Set-SmimeConfig (HTTP 403): the app may not read or change the organization's S/MIME configuration;"
                + " give it a role that may (see the README, \"Trusted CAs\")");
    }

    @Test
    void onlyCaCertificatesOfTheTrustStoreAreIssuingCas() throws CertificateException {
        byte[] ca = new DemoCertificateAuthority("Test CA").caCertificate();

        IssuingCaSet cas = IssuingCaSet.caCertificatesOf(List.of(x509(ca), x509(A)));

        assertThat(cas).isEqualTo(IssuingCaSet.of(List.of(ca)));
    }

    @Test
    void theTenantsStoreIsReadFromGetSmimeConfigInEachShapeOfAByteArray() {
        byte[] sst = SerializedCertificateStore.write(List.of(A, B));
        ObjectNode asData = answer();
        ArrayNode data = issuingCa(asData).putObject("SMIMECertificateIssuingCA")
                .put("@odata.type", "#Exchange.ByteArrayType").putArray("Data");
        for (byte b : sst) data.add(b & 0xff);
        ObjectNode asBase64 = answer();
        issuingCa(asBase64).put("SMIMECertificateIssuingCA", Base64.getEncoder().encodeToString(sst));
        ObjectNode none = answer();
        issuingCa(none).putNull("SMIMECertificateIssuingCA");

        assertThat(IssuingCaUploads.tenantStore(asData)).isEqualTo(IssuingCaSet.of(List.of(A, B)));
        assertThat(IssuingCaUploads.tenantStore(asBase64)).isEqualTo(IssuingCaSet.of(List.of(A, B)));
        assertThat(IssuingCaUploads.tenantStore(none).isEmpty()).isTrue();
    }

    @Test
    void anAnswerWithoutAReadableStoreIsRefusedRatherThanMergedWithNothing() {
        ObjectNode missing = answer();
        issuingCa(missing).put("OWAAlwaysSign", false);
        ObjectNode garbage = answer();
        issuingCa(garbage).putArray("SMIMECertificateIssuingCA").add(1).add(2).add(300);

        assertThatThrownBy(() -> IssuingCaUploads.tenantStore(missing))
                .hasMessageContaining("answered without SMIMECertificateIssuingCA");
        assertThatThrownBy(() -> IssuingCaUploads.tenantStore(garbage))
                .hasMessageContaining("cannot be read (byte 2 is 300");
    }

    private static ObjectNode answer() {
        ObjectNode answer = JSON.createObjectNode();
        answer.putArray("value").addObject();
        return answer;
    }

    private static ObjectNode issuingCa(JsonNode answer) {
        return (ObjectNode) answer.path("value").get(0);
    }

    private static X509Certificate x509(byte[] der) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }
}
