package org.certsync.exchangeonline;

import org.certsync.FailureMessages;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.web.client.RestClient;

/**
 * App-only access tokens for Exchange Online, with Spring Security's OAuth2 client: the client-credentials grant
 * (client secret or certificate), the token kept in its authorized-client store until
 * certsync.exchange.token-refresh-margin before it expires. Thread-safe: concurrent callers share one token request.
 * Not MSAL4J: its token cache never hits for an authority with a port (AzureAD/microsoft-authentication-library-for-java
 * issue 529), and the simulated tenant's login endpoint has one.
 */
public final class AccessTokens {

    private static final Logger log = LoggerFactory.getLogger(AccessTokens.class);
    /** The one authorization CertSync holds: app-only, so one registration and one principal. */
    private static final String REGISTRATION = "exchange-online";
    private static final String PRINCIPAL = "certsync";
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

    private final ExchangeOnlineSettings settings;
    private final URI tokenEndpoint;
    private final ClientCredential credential;
    private final OAuth2AuthorizedClientService authorizations;
    private final AuthorizedClientServiceOAuth2AuthorizedClientManager manager;
    private final OAuth2AuthorizeRequest request = OAuth2AuthorizeRequest.withClientRegistrationId(REGISTRATION)
            .principal(PRINCIPAL).build();

    /**
     * @throws ExchangeOnlineAuthenticationException when the tenant, the client id or a usable credential is missing
     */
    public AccessTokens(ExchangeOnlineSettings settings) {
        require(settings.tenantId(), "certsync.exchange.tenant-id", "the Entra ID tenant id or domain");
        require(settings.clientId(), "certsync.exchange.client-id", "the application (client) id of the app registration");
        this.settings = settings;
        this.tokenEndpoint = settings.tokenEndpoint();
        this.credential = credentialFor(settings);
        ClientRegistration.Builder registration = ClientRegistration.withRegistrationId(REGISTRATION)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .clientId(settings.clientId())
                .tokenUri(tokenEndpoint.toString())
                .scope(settings.scope());
        credential.register(registration);
        InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(registration.build());
        RestClientClientCredentialsTokenResponseClient tokenRequests = new RestClientClientCredentialsTokenResponseClient();
        tokenRequests.setRestClient(tokenEndpointClient());
        credential.configure(tokenRequests);
        this.authorizations = new InMemoryOAuth2AuthorizedClientService(registrations);
        this.manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(registrations, authorizations);
        manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
                .clientCredentials(grant -> grant.accessTokenResponseClient(tokenRequests)
                        .clockSkew(settings.tokenRefreshMargin()))
                .build());
        manager.setAuthorizationSuccessHandler((client, principal, attributes) -> {
            authorizations.saveAuthorizedClient(client, principal);
            log.info("Obtained an Exchange Online access token for tenant {} with the {}, valid until {}",
                    settings.tenantId(), credential.description(), client.getAccessToken().getExpiresAt());
        });
    }

    /**
     * A token valid for at least the refresh margin, from the store or from Entra ID.
     *
     * @throws ExchangeOnlineAuthenticationException when Entra ID cannot be reached or refuses the credential
     */
    public synchronized AccessToken current() {
        OAuth2AuthorizedClient client;
        try {
            client = manager.authorize(request);
        } catch (OAuth2AuthorizationException e) {
            throw failed(e);
        }
        OAuth2AccessToken token = client.getAccessToken();
        return new AccessToken(token.getTokenValue(), token.getExpiresAt());
    }

    /**
     * Drops a token Exchange Online answered 401 to, so the next {@link #current()} requests a new one. Only that
     * token is dropped: a caller holding an older token must not discard one another caller just renewed.
     */
    public synchronized void invalidate(AccessToken rejected) {
        OAuth2AuthorizedClient client = authorizations.loadAuthorizedClient(REGISTRATION, PRINCIPAL);
        if (client != null && client.getAccessToken().getTokenValue().equals(rejected.value())) {
            authorizations.removeAuthorizedClient(REGISTRATION, PRINCIPAL);
            log.info("Access token for tenant {} was refused by Exchange Online; a new one will be requested",
                    settings.tenantId());
        }
    }

    /** Talks to the token endpoint over java.net.http with the configured timeouts; refusals become our exception. */
    private RestClient tokenEndpointClient() {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build());
        requests.setReadTimeout(settings.requestTimeout());
        return RestClient.builder()
                .requestFactory(requests)
                .messageConverters(converters -> {
                    converters.clear();
                    converters.add(new FormHttpMessageConverter());
                    converters.add(new OAuth2AccessTokenResponseHttpMessageConverter());
                })
                .defaultStatusHandler(HttpStatusCode::isError, (sent, response) -> {
                    throw refused(response);
                })
                .build();
    }

    private ExchangeOnlineAuthenticationException refused(ClientHttpResponse response) throws IOException {
        JsonNode json = LenientJson.read(new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8));
        String error = json.path("error").asText("");
        String description = firstLine(json.path("error_description").asText(""));
        String detail = response.getStatusCode().value() + (error.isEmpty() ? "" : " " + error)
                + (description.isEmpty() ? "" : ": " + description);
        return new ExchangeOnlineAuthenticationException("Token request to " + tokenEndpoint + " refused (" + detail
                + "): check " + propertyToCheck(error, description));
    }

    /** No answer, or an answer that is no token response: names the timeout or the login endpoint to check. */
    private ExchangeOnlineAuthenticationException failed(OAuth2AuthorizationException failure) {
        String endpoint = "login endpoint (certsync.exchange.login-url=" + settings.loginUrl() + ")";
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpConnectTimeoutException) {
                return new ExchangeOnlineAuthenticationException("cannot reach " + endpoint + ": no connection within"
                        + " certsync.exchange.connect-timeout=" + settings.connectTimeout(), failure);
            }
            if (cause instanceof HttpTimeoutException) {
                return new ExchangeOnlineAuthenticationException(endpoint + " did not answer within"
                        + " certsync.exchange.request-timeout=" + settings.requestTimeout(), failure);
            }
            if (cause instanceof IOException) {
                return new ExchangeOnlineAuthenticationException("cannot reach " + endpoint + ": " + FailureMessages.describe(cause), failure);
            }
        }
        return new ExchangeOnlineAuthenticationException("Token response from " + tokenEndpoint + " is not a usable access"
                + " token (" + failure.getError().getErrorCode() + "): check certsync.exchange.login-url", failure);
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

    private static ClientCredential credentialFor(ExchangeOnlineSettings settings) {
        if (settings.clientCertificate() != null) {
            return ClientCertificateCredential.load(settings.clientCertificate(), settings.clientCertificatePassword());
        }
        if (settings.clientSecret() != null) return new ClientSecretCredential(settings.clientSecret());
        throw new ExchangeOnlineAuthenticationException("no credential for Exchange Online: set"
                + " certsync.exchange.client-certificate (recommended) or certsync.exchange.client-secret");
    }

    private static void require(String value, String property, String what) {
        if (value == null || value.isBlank()) {
            throw new ExchangeOnlineAuthenticationException(property + " is not set: set it to " + what);
        }
    }
}
