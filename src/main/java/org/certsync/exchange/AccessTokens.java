package org.certsync.exchange;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Obtains app-only access tokens for Exchange Online with the OAuth2 client-credentials grant and caches each
 * until shortly before it expires. Thread-safe: concurrent callers share one token request.
 */
public final class AccessTokens {

    private static final Logger log = LoggerFactory.getLogger(AccessTokens.class);
    private static final Pattern AADSTS_CODE = Pattern.compile("AADSTS(\\d+)");
    /** The property behind the Entra ID errors an administrator can fix by configuration. */
    private static final Map<String, String> PROPERTY_BY_AADSTS_CODE = Map.ofEntries(
            Map.entry("7000215", "certsync.exchange.client-secret"),   // invalid client secret
            Map.entry("7000222", "certsync.exchange.client-secret"),   // client secret expired
            Map.entry("700016", "certsync.exchange.client-id"),        // application not found in the tenant
            Map.entry("90002", "certsync.exchange.tenant-id"),         // tenant not found
            Map.entry("900023", "certsync.exchange.tenant-id"),        // tenant id malformed
            Map.entry("700027", "certsync.exchange.client-certificate"), // assertion signature / unknown key
            Map.entry("700024", "certsync.exchange.client-certificate"), // assertion outside its validity
            Map.entry("50027", "certsync.exchange.client-certificate"),  // assertion malformed
            Map.entry("500011", "certsync.exchange.scope"),            // resource not found in the tenant
            Map.entry("1002012", "certsync.exchange.scope"),           // scope without /.default
            Map.entry("70011", "certsync.exchange.scope"));            // invalid scope

    private final ExchangeSettings settings;
    private final URI tokenEndpoint;
    private final ClientCredential credential;
    private final HttpClient http;
    private final Clock clock;
    private final Object fetchLock = new Object();
    private volatile CachedToken cached;

    /** A token with the moment it is to be renewed. */
    private record CachedToken(AccessToken token, Instant renewAt) {
    }

    public AccessTokens(ExchangeSettings settings) {
        this(settings, HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build(), Clock.systemUTC());
    }

    /**
     * @throws ExchangeAuthenticationException when the tenant, the client id or a usable credential is missing
     */
    public AccessTokens(ExchangeSettings settings, HttpClient http, Clock clock) {
        require(settings.tenantId(), "certsync.exchange.tenant-id", "the Entra ID tenant id or domain");
        require(settings.clientId(), "certsync.exchange.client-id", "the application (client) id of the app registration");
        this.settings = settings;
        this.tokenEndpoint = settings.tokenEndpoint();
        this.credential = credentialFor(settings);
        this.http = http;
        this.clock = clock;
    }

    /**
     * A token valid for at least the refresh margin, from the cache or from Entra ID.
     *
     * @throws ExchangeAuthenticationException when Entra ID cannot be reached or refuses the credential
     */
    public AccessToken current() {
        CachedToken snapshot = cached;
        if (usable(snapshot)) return snapshot.token();
        synchronized (fetchLock) {
            // another caller may have renewed it while this one waited
            snapshot = cached;
            if (usable(snapshot)) return snapshot.token();
            snapshot = request();
            cached = snapshot;
            return snapshot.token();
        }
    }

    /**
     * Drops a token Exchange Online answered 401 to, so the next {@link #current()} requests a new one. Only that
     * token is dropped: a caller holding an older token must not discard one another caller just renewed.
     */
    public void invalidate(AccessToken rejected) {
        synchronized (fetchLock) {
            if (cached != null && cached.token().equals(rejected)) {
                cached = null;
                log.info("Access token for tenant {} was refused by Exchange Online; a new one will be requested",
                        settings.tenantId());
            }
        }
    }

    private boolean usable(CachedToken token) {
        return token != null && clock.instant().isBefore(token.renewAt());
    }

    private CachedToken request() {
        Instant now = clock.instant();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", settings.clientId());
        form.put("scope", settings.scope());
        form.putAll(credential.formFields(tokenEndpoint, now));
        HttpRequest request = HttpRequest.newBuilder(tokenEndpoint)
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(formEncode(form)))
                .build();
        log.debug("Requesting an access token from {} with the {}", tokenEndpoint, credential.description());
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) throw refused(response);
        return accepted(response, now);
    }

    private HttpResponse<String> send(HttpRequest request) {
        String endpoint = "login endpoint (certsync.exchange.login-url=" + settings.loginUrl() + ")";
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw new ExchangeAuthenticationException("cannot reach " + endpoint + ": no connection within"
                    + " certsync.exchange.connect-timeout=" + settings.connectTimeout(), e);
        } catch (HttpTimeoutException e) {
            throw new ExchangeAuthenticationException(endpoint + " did not answer within"
                    + " certsync.exchange.request-timeout=" + settings.requestTimeout(), e);
        } catch (IOException e) {
            throw new ExchangeAuthenticationException("cannot reach " + endpoint + ": " + Causes.describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExchangeAuthenticationException("interrupted while requesting a token from " + tokenEndpoint, e);
        }
    }

    private CachedToken accepted(HttpResponse<String> response, Instant requestedAt) {
        JsonNode json = LenientJson.read(response.body());
        String value = json.path("access_token").asText("");
        long expiresIn = json.path("expires_in").asLong(0);  // Entra ID v1 endpoints send it as a string
        if (value.isBlank() || expiresIn <= 0) {
            throw new ExchangeAuthenticationException("Token response from " + tokenEndpoint
                    + " has no access_token or expires_in: check certsync.exchange.login-url");
        }
        Duration lifetime = Duration.ofSeconds(expiresIn);
        // a margin longer than the token's life would renew it on every call: cap it at half the lifetime
        Duration margin = settings.tokenRefreshMargin().compareTo(lifetime.dividedBy(2)) > 0
                ? lifetime.dividedBy(2) : settings.tokenRefreshMargin();
        Instant expiresAt = requestedAt.plus(lifetime);
        log.info("Obtained an Exchange Online access token for tenant {} with the {}, valid until {}",
                settings.tenantId(), credential.description(), expiresAt);
        return new CachedToken(new AccessToken(value, expiresAt), expiresAt.minus(margin));
    }

    private ExchangeAuthenticationException refused(HttpResponse<String> response) {
        JsonNode json = LenientJson.read(response.body());
        String error = json.path("error").asText("");
        String description = firstLine(json.path("error_description").asText(""));
        String detail = response.statusCode() + (error.isEmpty() ? "" : " " + error)
                + (description.isEmpty() ? "" : ": " + description);
        return new ExchangeAuthenticationException("Token request to " + tokenEndpoint + " refused (" + detail
                + "): check " + propertyToCheck(error, description));
    }

    private String propertyToCheck(String error, String description) {
        Matcher code = AADSTS_CODE.matcher(description);
        if (code.find() && PROPERTY_BY_AADSTS_CODE.containsKey(code.group(1))) {
            return PROPERTY_BY_AADSTS_CODE.get(code.group(1));
        }
        return switch (error) {
            case "invalid_scope" -> "certsync.exchange.scope";
            case "unauthorized_client" -> "certsync.exchange.client-id";
            // no OAuth2 error at all: whatever answered is not an Entra ID token endpoint
            case "" -> "certsync.exchange.login-url and certsync.exchange.tenant-id";
            default -> credential.property();
        };
    }

    /** Entra ID appends trace and correlation ids on further lines; the first line carries the reason. */
    private static String firstLine(String description) {
        String line = description.lines().findFirst().orElse("").strip();
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    private static String formEncode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static ClientCredential credentialFor(ExchangeSettings settings) {
        if (settings.clientCertificate() != null) {
            return ClientCertificateCredential.load(settings.clientId(), settings.clientCertificate(),
                    settings.clientCertificatePassword());
        }
        if (settings.clientSecret() != null) return new ClientSecretCredential(settings.clientSecret());
        throw new ExchangeAuthenticationException("no credential for Exchange Online: set"
                + " certsync.exchange.client-certificate (recommended) or certsync.exchange.client-secret");
    }

    private static void require(String value, String property, String what) {
        if (value == null || value.isBlank()) {
            throw new ExchangeAuthenticationException(property + " is not set: set it to " + what);
        }
    }
}
