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

/**
 * One cmdlet for Exchange Online's InvokeCommand endpoint, ready to send alone or inside a $batch: URL, JSON body and
 * headers. The body is what the ExchangeOnlineManagement module's Transform-Parameters makes of the cmdlet's
 * parameters: a list of byte arrays becomes {@code "<Name>@odata.type":"#Collection(Exchange.ByteArrayType)"} beside
 * {@code "<Name>":[{"Data":[48,130,…]},…]} (bytes as numbers 0..255, the service's {@code Collection(Edm.Byte)}), and
 * an empty list is sent as {@code null}, which clears the property. The access token is added per attempt by
 * {@link #headers(AccessToken)}, so a request can be retried with a renewed token; its client-request-id stays the
 * same on every retry, and its toString is safe to log.
 */
public final class InvokeCommandRequest {

    /** What the module asks for on every InvokeCommand call: pages of up to 1000 objects. */
    static final String PREFER_PAGE_SIZE = "odata.maxpagesize=1000";
    static final String BYTE_ARRAY_COLLECTION = "#Collection(Exchange.ByteArrayType)";

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
    /** The values per parameter sent: toString shows their fingerprints, hashed only when it is called. */
    private final Map<CertificateParameter, List<byte[]>> values;

    private InvokeCommandRequest(ExchangeOnlineSettings settings, String cmdlet, String identity, String requestId,
                                 Map<CertificateParameter, List<byte[]>> values) {
        this.uri = settings.invokeCommandEndpoint();
        this.cmdlet = cmdlet;
        this.identity = identity;
        this.requestId = requestId;
        this.anchorMailbox = settings.anchorMailbox();
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        ObjectNode input = tree.putObject("CmdletInput");
        input.put("CmdletName", cmdlet);
        ObjectNode parameters = input.putObject("Parameters");
        parameters.put("Identity", identity);
        values.forEach((parameter, list) -> {
            String name = parameter.parameterName();
            if (list.isEmpty()) {
                parameters.putNull(name);
            } else {
                parameters.put(name + "@odata.type", BYTE_ARRAY_COLLECTION);
                parameters.putRawValue(name, new RawValue(byteArrays(list)));
            }
        });
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
            json.append("{\"Data\":[");
            byte[] value = list.get(i);
            for (int j = 0; j < value.length; j++) {
                if (j > 0) json.append(',');
                json.append(value[j] & 0xff);
            }
            json.append("]}");
        }
        return json.append(']').toString();
    }

    /** Asks for the recipient's type ({@code RecipientTypeDetails}), which decides the Set-* cmdlet. */
    public static InvokeCommandRequest getRecipient(ExchangeOnlineSettings settings, String identity) {
        if (identity == null || identity.isBlank()) throw new IllegalArgumentException("identity is required");
        return new InvokeCommandRequest(settings, "Get-Recipient", identity, newRequestId(), Map.of());
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
        return new InvokeCommandRequest(settings, cmdlet, identity, requestId, values);
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
        StringBuilder text = new StringBuilder("InvokeCommandRequest[").append(cmdlet).append(' ').append(identity);
        values.forEach((parameter, list) -> text.append(", ").append(parameter.parameterName()).append('=')
                .append(list.stream().map(Fingerprints::sha256).toList()));
        return text.append(", client-request-id=").append(requestId).append(']').toString();
    }
}
