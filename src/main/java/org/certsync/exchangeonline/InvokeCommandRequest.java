package org.certsync.exchangeonline;

import java.net.URI;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

import org.certsync.certificate.Fingerprints;
import org.certsync.certificate.SerializedCertificateStore;

/**
 * One cmdlet for Exchange Online's InvokeCommand endpoint, ready to send alone or inside a $batch: URL, JSON body and
 * headers. The body is what the ExchangeOnlineManagement module's Transform-Parameters makes of the cmdlet's
 * parameters: a list of byte arrays becomes {@code "<Name>@odata.type":"#Collection(Exchange.ByteArrayType)"} beside
 * {@code "<Name>":[{"Data":[48,130,…]},…]} (bytes as numbers 0..255, the service's {@code Collection(Edm.Byte)}), and
 * an empty list is sent as {@code null}, which clears the property; a single byte array (Set-SmimeConfig's
 * SMIMECertificateIssuingCA) becomes one {@code {"@odata.type":"#Exchange.ByteArrayType","Data":[…]}} (the module's
 * ConvertTo-ByteArray). The access token is added per attempt by
 * {@link #headers(AccessToken)}, so a request can be retried with a renewed token; its client-request-id stays the
 * same on every retry, and its toString is safe to log.
 */
public final class InvokeCommandRequest {

    /** What the module asks for on every InvokeCommand call: pages of up to 1000 objects. */
    static final String PREFER_PAGE_SIZE = "odata.maxpagesize=1000";
    static final String BYTE_ARRAY_COLLECTION = "#Collection(Exchange.ByteArrayType)";
    private static final String BYTE_ARRAY = "#Exchange.ByteArrayType";
    private static final String SMIME_ISSUING_CA = "SMIMECertificateIssuingCA";

    private final URI uri;
    private final String cmdlet;
    private final String identity;
    private final String requestId;
    private final String anchorMailbox;
    /**
     * The JSON body, serialized once: as a tree, each byte of a certificate would be a node of its own (about 40 bytes
     * of heap per byte), and a page's requests are built before they are sent.
     */
    private final String body;
    /** The certificates sent per parameter name: toString shows their fingerprints, hashed only when it is called. */
    private final Map<String, List<byte[]>> values;

    /**
     * @param identity   the Identity parameter, or null for a cmdlet without one
     * @param parameters the parameters besides Identity
     * @param values     the certificates the parameters carry, by parameter name, for toString
     */
    private InvokeCommandRequest(ExchangeOnlineSettings settings, String cmdlet, String identity, String requestId,
                                 ObjectNode parameters, Map<String, List<byte[]>> values) {
        this.uri = settings.invokeCommandEndpoint();
        this.cmdlet = cmdlet;
        this.identity = identity;
        this.requestId = requestId;
        this.anchorMailbox = settings.anchorMailbox();
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        ObjectNode input = tree.putObject("CmdletInput");
        input.put("CmdletName", cmdlet);
        ObjectNode all = input.putObject("Parameters");
        if (identity != null) all.put("Identity", identity);
        all.setAll(parameters);
        this.values = Collections.unmodifiableMap(values);
        this.body = tree.toString();
    }

    /**
     * {@code [{"Data":[48,130,…]},…]}, written as Jackson writes the same tree (no spaces), without a node per byte:
     * building the body was a tenth of a first sync's CPU.
     */
    private static String byteArrays(List<byte[]> list) {
        StringBuilder json = new StringBuilder(list.stream().mapToInt(value -> value.length * 4 + 12).sum() + 2).append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) json.append(',');
            appendData(json.append('{'), list.get(i)).append('}');
        }
        return json.append(']').toString();
    }

    /** {@code {"@odata.type":"#Exchange.ByteArrayType","Data":[48,130,…]}}, written as {@link #byteArrays} writes. */
    private static String byteArray(byte[] value) {
        StringBuilder json = new StringBuilder(value.length * 4 + 50).append("{\"@odata.type\":\"").append(BYTE_ARRAY).append("\",");
        return appendData(json, value).append('}').toString();
    }

    private static StringBuilder appendData(StringBuilder json, byte[] value) {
        json.append("\"Data\":[");
        for (int i = 0; i < value.length; i++) {
            if (i > 0) json.append(',');
            json.append(value[i] & 0xff);
        }
        return json.append(']');
    }

    /** Asks for the recipient's type ({@code RecipientTypeDetails}), which decides the Set-* cmdlet. */
    public static InvokeCommandRequest getRecipient(ExchangeOnlineSettings settings, String identity) {
        if (identity == null || identity.isBlank()) throw new IllegalArgumentException("identity is required");
        return new InvokeCommandRequest(settings, "Get-Recipient", identity, newRequestId(),
                JsonNodeFactory.instance.objectNode(), Map.of());
    }

    /**
     * Replaces the recipient's certificate attributes with the given values, using the configured cmdlet.
     * An empty list clears the attribute; a null list leaves it untouched (the parameter is not sent).
     *
     * @param identity             the recipient, normally its primary SMTP address
     * @param userCertificate      DER certificates for UserCertificate, in publishing order
     * @param userSmimeCertificate DER certificates (or PKCS#7 bundles) for UserSMimeCertificate
     */
    public static InvokeCommandRequest setCertificates(ExchangeOnlineSettings settings, String identity,
                                                       List<byte[]> userCertificate, List<byte[]> userSmimeCertificate) {
        return setCertificates(settings, settings.cmdlet(), identity, userCertificate, userSmimeCertificate);
    }

    /** As {@link #setCertificates(ExchangeOnlineSettings, String, List, List)} with the cmdlet of the recipient's type. */
    public static InvokeCommandRequest setCertificates(ExchangeOnlineSettings settings, String cmdlet, String identity,
                                                       List<byte[]> userCertificate, List<byte[]> userSmimeCertificate) {
        return setCertificates(settings, cmdlet, identity, userCertificate, userSmimeCertificate, newRequestId());
    }

    /** As above with a given client-request-id, e.g. to pin a request in a test. */
    static InvokeCommandRequest setCertificates(ExchangeOnlineSettings settings, String cmdlet, String identity,
                                                List<byte[]> userCertificate, List<byte[]> userSmimeCertificate,
                                                String requestId) {
        if (identity == null || identity.isBlank()) throw new IllegalArgumentException("identity is required");
        if (userCertificate == null && userSmimeCertificate == null) {
            throw new IllegalArgumentException("nothing to set for " + identity + ": both certificate lists are null");
        }
        Map<CertificateParameter, List<byte[]>> values = new EnumMap<>(CertificateParameter.class);
        if (userCertificate != null) values.put(CertificateParameter.USER_CERTIFICATE, userCertificate);
        if (userSmimeCertificate != null) values.put(CertificateParameter.USER_SMIME_CERTIFICATE, userSmimeCertificate);
        ObjectNode parameters = JsonNodeFactory.instance.objectNode();
        Map<String, List<byte[]>> shown = new LinkedHashMap<>();
        values.forEach((parameter, list) -> {
            String name = parameter.parameterName();
            if (list.isEmpty()) {
                parameters.putNull(name);
            } else {
                parameters.put(name + "@odata.type", BYTE_ARRAY_COLLECTION);
                parameters.putRawValue(name, new RawValue(byteArrays(list)));
            }
            shown.put(name, list);
        });
        return new InvokeCommandRequest(settings, cmdlet, identity, requestId, parameters, shown);
    }

    /**
     * Makes these CAs the tenant's trusted S/MIME issuing CAs: {@code Set-SmimeConfig -SMIMECertificateIssuingCA} with
     * a serialized certificate store (SST) holding them, which replaces the tenant's store whole.
     *
     * @param issuingCas DER X.509 CA certificates, at least one
     * @throws IllegalArgumentException when there is none, or a value is not a DER X.509 certificate
     */
    public static InvokeCommandRequest setSmimeIssuingCas(ExchangeOnlineSettings settings, List<byte[]> issuingCas) {
        if (issuingCas.isEmpty()) throw new IllegalArgumentException("no issuing CA to set: the tenant's store would be emptied");
        ObjectNode parameters = JsonNodeFactory.instance.objectNode()
                .putRawValue(SMIME_ISSUING_CA, new RawValue(byteArray(SerializedCertificateStore.write(issuingCas))));
        return new InvokeCommandRequest(settings, "Set-SmimeConfig", null, newRequestId(), parameters,
                Map.of(SMIME_ISSUING_CA, issuingCas));
    }

    /** Asks for the tenant's S/MIME configuration, whose SMIMECertificateIssuingCA is the store of trusted issuing CAs. */
    public static InvokeCommandRequest getSmimeConfig(ExchangeOnlineSettings settings) {
        return new InvokeCommandRequest(settings, "Get-SmimeConfig", null, newRequestId(),
                JsonNodeFactory.instance.objectNode(), Map.of());
    }

    private static String newRequestId() {
        return UUID.randomUUID().toString();
    }

    /** {@code {api-url}/adminapi/beta/{tenant-id}/InvokeCommand} */
    public URI uri() {
        return uri;
    }

    public String cmdlet() {
        return cmdlet;
    }

    /** The recipient, or null for a cmdlet of the organization's configuration (Set-SmimeConfig, Get-SmimeConfig). */
    public String identity() {
        return identity;
    }

    /** The client-request-id header: Exchange echoes it, so it correlates our logs with Microsoft support cases. */
    public String requestId() {
        return requestId;
    }

    /** The JSON body, {@code {"CmdletInput":{…}}}; contains the certificates, so log {@link #toString()} instead. */
    public String body() {
        return body;
    }

    /** The headers for one attempt, in a stable order. */
    public Map<String, String> headers(AccessToken token) {
        return headers(token, PREFER_PAGE_SIZE);
    }

    /** The headers with the given Prefer header: inside a $batch, the module adds odata.continue-on-error. */
    Map<String, String> headers(AccessToken token, String prefer) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", token.authorization());
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "application/json");
        headers.put("X-CmdletName", cmdlet);
        headers.put("client-request-id", requestId);
        if (anchorMailbox != null) headers.put("X-AnchorMailbox", anchorMailbox);
        headers.put("Prefer", prefer);
        return Collections.unmodifiableMap(headers);
    }

    /** Names the values by fingerprint, never by content. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("InvokeCommandRequest[").append(cmdlet);
        if (identity != null) text.append(' ').append(identity);
        values.forEach((name, list) -> text.append(", ").append(name).append('=')
                .append(list.stream().map(Fingerprints::sha256).toList()));
        return text.append(", client-request-id=").append(requestId).append(']').toString();
    }
}
