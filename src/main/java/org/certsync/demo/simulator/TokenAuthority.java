package org.certsync.demo.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated Entra ID token endpoint: checks the client-credentials grant, issues opaque bearer tokens bound to
 * a tenant, and tells the Exchange endpoint whether a presented token is valid.
 */
final class TokenAuthority {

    private static final Logger log = LoggerFactory.getLogger(TokenAuthority.class);
    static final String EXCHANGE_SCOPE = "https://outlook.office365.com/.default";
    private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final Set<JWSAlgorithm> ASSERTION_ALGORITHMS = Set.of(JWSAlgorithm.PS256, JWSAlgorithm.RS256);
    /** Entra ID tolerates this much clock difference in assertion times. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final String clientId;
    private final String clientSecret;
    /** The certificate assertions must be signed for, or null to accept any well-formed assertion. */
    private final X509Certificate certificate;
    private final Base64URL certificateThumbprint;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentMap<String, IssuedToken> tokens = new ConcurrentHashMap<>();
    private final AtomicInteger issued = new AtomicInteger();

    private record IssuedToken(String tenant, Instant expiresAt) {
    }

    /** Why a grant is refused, as Entra ID words it. */
    private static final class Refusal extends RuntimeException {
        private final int status;
        private final String error;
        private final int code;

        Refusal(int status, String error, int code, String text) {
            super("AADSTS" + code + ": " + text, null, false, false);
            this.status = status;
            this.error = error;
            this.code = code;
        }
    }

    TokenAuthority(SimulatorSettings settings) {
        this.clientId = settings.clientId();
        this.clientSecret = settings.clientSecret();
        this.certificate = settings.clientCertificate() == null ? null : readCertificate(settings);
        this.certificateThumbprint = certificate == null ? null : thumbprint(certificate);
    }

    /**
     * Answers a token request.
     *
     * @param endpoint the URL the request was sent to: client assertions must name it as audience
     */
    SimulatorResponse issue(String tenant, Map<String, String> form, String endpoint, Instant now, Duration lifetime) {
        String credential;
        try {
            credential = checkGrant(tenant, form, endpoint, now);
        } catch (Refusal refusal) {
            log.info("Simulated token endpoint refused client {} for tenant {}: AADSTS{}", form.get("client_id"), tenant, refusal.code);
            return refusalResponse(refusal, now);
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        tokens.values().removeIf(t -> !t.expiresAt().isAfter(now));  // keeps a long demo's token map small
        tokens.put(token, new IssuedToken(tenant, now.plus(lifetime)));
        issued.incrementAndGet();
        log.info("Simulated token endpoint issued a token to client {} for tenant {} ({}), valid {}s",
                clientId, tenant, credential, lifetime.toSeconds());
        ObjectNode body = JsonNodeFactory.instance.objectNode()
                .put("token_type", "Bearer")
                .put("expires_in", lifetime.toSeconds())
                .put("ext_expires_in", lifetime.toSeconds())
                .put("access_token", token);
        return SimulatorResponse.json(200, body);
    }

    /** The reason an Authorization header is refused, or null when it carries a valid token for the tenant. */
    String refusal(String authorization, String tenant, Instant now) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return "Bearer access token is empty or missing.";
        }
        IssuedToken token = tokens.get(authorization.substring(7).strip());
        if (token == null) return "Access token validation failure: the token is not one this tenant issued.";
        if (!token.expiresAt().isAfter(now)) return "Access token has expired or is not yet valid.";
        if (!token.tenant().equalsIgnoreCase(tenant)) return "Access token validation failure: the token is for another tenant.";
        return null;
    }

    /** Forgets every issued token, as a tenant does when an app's tokens are revoked. */
    void revokeAll() {
        tokens.clear();
    }

    int issuedCount() {
        return issued.get();
    }

    /** Checks the grant and returns the kind of credential used, for the log. */
    private String checkGrant(String tenant, Map<String, String> form, String endpoint, Instant now) {
        String grantType = required(form, "grant_type");
        if (!"client_credentials".equals(grantType)) {
            throw new Refusal(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '" + grantType + "'.");
        }
        String requestedClient = required(form, "client_id");
        if (!clientId.equals(requestedClient)) {
            throw new Refusal(400, "unauthorized_client", 700016, "Application with identifier '" + requestedClient
                    + "' was not found in the directory '" + tenant + "'. This can happen if the application has not been"
                    + " installed by the administrator of the tenant or consented to by any user in the tenant.");
        }
        String scope = required(form, "scope");
        if (!scope.endsWith("/.default")) {
            throw new Refusal(400, "invalid_scope", 1002012, "The provided value for scope " + scope + " is not valid."
                    + " Client credential flows must have a scope value with /.default suffixed to the resource identifier.");
        }
        if (!EXCHANGE_SCOPE.equalsIgnoreCase(scope)) {
            throw new Refusal(400, "invalid_resource", 500011, "The resource principal named "
                    + scope.substring(0, scope.length() - "/.default".length()) + " was not found in the tenant named " + tenant + ".");
        }
        if (form.containsKey("client_assertion") || form.containsKey("client_assertion_type")) {
            checkAssertion(form, endpoint, now);
            return "client assertion";
        }
        String secret = form.get("client_secret");
        if (secret != null && !secret.isEmpty()) {
            checkSecret(secret);
            return "client secret";
        }
        throw new Refusal(401, "invalid_client", 7000218,
                "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
    }

    private void checkSecret(String presented) {
        // constant-time comparison: the answer time must not reveal how much of the secret matched
        boolean matches = clientSecret != null && MessageDigest.isEqual(
                clientSecret.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
        if (!matches) {
            throw new Refusal(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent"
                    + " in the request is the client secret value, not the client secret ID, for a secret added to app '"
                    + clientId + "'.");
        }
    }

    private void checkAssertion(Map<String, String> form, String endpoint, Instant now) {
        if (!JWT_BEARER.equals(form.get("client_assertion_type"))) {
            throw new Refusal(400, "invalid_request", 50027, "Invalid client_assertion_type; expected '" + JWT_BEARER + "'.");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(required(form, "client_assertion"));
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new Refusal(400, "invalid_request", 50027, "JWT token is invalid or malformed.");
        }
        JWSHeader header = jwt.getHeader();
        if (!ASSERTION_ALGORITHMS.contains(header.getAlgorithm())) {
            throw new Refusal(401, "invalid_client", 5002738, "Invalid JWT token. '" + header.getAlgorithm()
                    + "' is not a supported signature algorithm. Supported signing algorithms are: 'PS256, RS256'.");
        }
        if (!clientId.equals(claims.getIssuer()) || !clientId.equals(claims.getSubject())) {
            throw new Refusal(401, "invalid_client", 700021,
                    "Client assertion application identifier doesn't match 'client_id' parameter.");
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(endpoint)) {
            throw new Refusal(401, "invalid_client", 700023, "Client assertion audience claim does not match Realm issuer."
                    + " Expected audience: " + endpoint + ".");
        }
        Date expires = claims.getExpirationTime();
        Date notBefore = claims.getNotBeforeTime();
        if (expires == null || expires.toInstant().plus(CLOCK_SKEW).isBefore(now)
                || (notBefore != null && notBefore.toInstant().minus(CLOCK_SKEW).isAfter(now))) {
            throw new Refusal(401, "invalid_client", 700024, "Client assertion is not within its valid time range."
                    + " Current time: " + now + ", assertion valid from " + (notBefore == null ? "-" : notBefore.toInstant())
                    + ", expiry time of assertion " + (expires == null ? "-" : expires.toInstant()) + ".");
        }
        if (certificate != null) checkSignature(jwt, header);
    }

    private void checkSignature(SignedJWT jwt, JWSHeader header) {
        Base64URL presented = header.getX509CertSHA256Thumbprint();
        if (presented != null && !presented.equals(certificateThumbprint)) {
            throw new Refusal(401, "invalid_client", 700027, "The certificate with identifier used to sign the client"
                    + " assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used"
                    + " by client: '" + presented + "']");
        }
        boolean valid;
        try {
            valid = jwt.verify(new RSASSAVerifier((RSAPublicKey) certificate.getPublicKey()));
        } catch (JOSEException e) {
            valid = false;
        }
        if (!valid) {
            throw new Refusal(401, "invalid_client", 700027,
                    "Client assertion failed signature validation. [Reason - The key used is not registered on the application.]");
        }
    }

    private static String required(Map<String, String> form, String name) {
        String value = form.get(name);
        if (value == null || value.isBlank()) {
            throw new Refusal(400, "invalid_request", 900144,
                    "The request body must contain the following parameter: '" + name + "'.");
        }
        return value;
    }

    private static SimulatorResponse refusalResponse(Refusal refusal, Instant now) {
        String traceId = UUID.randomUUID().toString();
        String correlationId = UUID.randomUUID().toString();
        ObjectNode body = JsonNodeFactory.instance.objectNode()
                .put("error", refusal.error)
                .put("error_description", refusal.getMessage() + "\r\nTrace ID: " + traceId
                        + "\r\nCorrelation ID: " + correlationId + "\r\nTimestamp: " + now)
                .put("timestamp", now.toString())
                .put("trace_id", traceId)
                .put("correlation_id", correlationId);
        body.putArray("error_codes").add(refusal.code);
        return SimulatorResponse.json(refusal.status, body);
    }

    private static X509Certificate readCertificate(SimulatorSettings settings) {
        // CertificateFactory reads PEM as well as DER
        try (InputStream in = Files.newInputStream(settings.clientCertificate())) {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            if (!(certificate.getPublicKey() instanceof RSAPublicKey)) {
                throw new IllegalArgumentException("certsync.simulator.client-certificate=" + settings.clientCertificate()
                        + " must hold an RSA certificate");
            }
            return certificate;
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException("cannot read certsync.simulator.client-certificate="
                    + settings.clientCertificate() + ": " + e.getMessage(), e);
        }
    }

    private static Base64URL thumbprint(X509Certificate certificate) {
        try {
            return Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateException e) {
            throw new IllegalStateException("cannot compute the SHA-256 thumbprint of the simulator's client certificate", e);
        }
    }
}
