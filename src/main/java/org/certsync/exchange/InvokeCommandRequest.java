package org.certsync.exchange;

import java.net.URI;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.certsync.certificate.Fingerprints;

/**
 * One call of Exchange Online's InvokeCommand endpoint that sets a recipient's certificate attributes, ready to
 * send: URL, JSON body and headers. The access token is added per attempt by {@link #headers(AccessToken)}, so a
 * request can be retried with a renewed token and its toString is safe to log.
 */
public final class InvokeCommandRequest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI uri;
    private final String cmdlet;
    private final String identity;
    private final String requestId;
    private final String anchorMailbox;
    private final String body;
    /** Fingerprints of the values per parameter sent, for toString. */
    private final Map<CertificateParameter, List<String>> fingerprints;

    private InvokeCommandRequest(ExchangeSettings settings, String cmdlet, String identity,
                                 Map<CertificateParameter, List<byte[]>> values) {
        this.uri = settings.invokeCommandEndpoint();
        this.cmdlet = cmdlet;
        this.identity = identity;
        this.requestId = UUID.randomUUID().toString();
        this.anchorMailbox = settings.anchorMailbox();
        ObjectNode root = JSON.createObjectNode();
        ObjectNode input = root.putObject("CmdletInput");
        input.put("CmdletName", cmdlet);
        ObjectNode parameters = input.putObject("Parameters");
        parameters.put("Identity", identity);
        Map<CertificateParameter, List<String>> sent = new EnumMap<>(CertificateParameter.class);
        values.forEach((parameter, list) -> {
            ArrayNode array = parameters.putArray(parameter.parameterName());
            list.forEach(value -> array.add(settings.valueEncoding().encode(value)));
            sent.put(parameter, list.stream().map(Fingerprints::sha256).toList());
        });
        this.fingerprints = Collections.unmodifiableMap(sent);
        try {
            this.body = JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree of strings and numbers always serializes", e);
        }
    }

    /** Asks for the recipient's type ({@code RecipientTypeDetails}), which decides the Set-* cmdlet. */
    public static InvokeCommandRequest getRecipient(ExchangeSettings settings, String identity) {
        if (identity == null || identity.isBlank()) throw new IllegalArgumentException("identity is required");
        return new InvokeCommandRequest(settings, "Get-Recipient", identity, Map.of());
    }

    /**
     * Replaces the recipient's certificate attributes with the given values, using the configured cmdlet.
     * An empty list clears the attribute; a null list leaves it untouched (the parameter is not sent).
     *
     * @param identity             the recipient, normally its primary SMTP address
     * @param userCertificate      DER certificates for UserCertificate, in publishing order
     * @param userSmimeCertificate DER certificates (or PKCS#7 bundles) for UserSMimeCertificate
     */
    public static InvokeCommandRequest setCertificates(ExchangeSettings settings, String identity,
                                                       List<byte[]> userCertificate, List<byte[]> userSmimeCertificate) {
        return setCertificates(settings, settings.cmdlet(), identity, userCertificate, userSmimeCertificate);
    }

    /** As {@link #setCertificates(ExchangeSettings, String, List, List)} with the cmdlet of the recipient's type. */
    public static InvokeCommandRequest setCertificates(ExchangeSettings settings, String cmdlet, String identity,
                                                       List<byte[]> userCertificate, List<byte[]> userSmimeCertificate) {
        if (identity == null || identity.isBlank()) throw new IllegalArgumentException("identity is required");
        if (userCertificate == null && userSmimeCertificate == null) {
            throw new IllegalArgumentException("nothing to set for " + identity + ": both certificate lists are null");
        }
        Map<CertificateParameter, List<byte[]>> values = new EnumMap<>(CertificateParameter.class);
        if (userCertificate != null) values.put(CertificateParameter.USER_CERTIFICATE, userCertificate);
        if (userSmimeCertificate != null) values.put(CertificateParameter.USER_SMIME_CERTIFICATE, userSmimeCertificate);
        return new InvokeCommandRequest(settings, cmdlet, identity, values);
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

    /** The JSON body; contains the certificates, so log {@link #toString()} instead. */
    public String body() {
        return body;
    }

    /** The headers for one attempt, in a stable order. */
    public Map<String, String> headers(AccessToken token) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", token.authorization());
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "application/json");
        headers.put("X-CmdletName", cmdlet);
        headers.put("client-request-id", requestId);
        if (anchorMailbox != null) headers.put("X-AnchorMailbox", anchorMailbox);
        return Collections.unmodifiableMap(headers);
    }

    /** Names the values by fingerprint, never by content. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("InvokeCommandRequest[").append(cmdlet).append(' ').append(identity);
        fingerprints.forEach((parameter, list) -> text.append(", ").append(parameter.parameterName()).append('=').append(list));
        return text.append(", client-request-id=").append(requestId).append(']').toString();
    }
}
