package org.certsync.demo.simulator;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.certsync.certificate.Fingerprints;
import org.certsync.testsupport.MutableClock;
import org.certsync.exchange.RecipientType;
import org.certsync.exchange.TestCertificates;
import org.certsync.exchange.ValueEncoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExchangeOnlineSimulatorTest {

    private static final String TENANT = "contoso.onmicrosoft.com";
    private static final String ENDPOINT = "http://sim/simulator/login/" + TENANT + "/oauth2/v2.0/token";
    private static final String CLIENT_ID = "certsync-simulator";
    private static final String SECRET = "s3cr3t-value";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static List<byte[]> certificates;

    private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T08:00:00Z"));

    @BeforeAll
    static void makeCertificates() {
        certificates = TestCertificates.userCertificates(17);
    }

    // --- helpers

    private ExchangeOnlineSimulator simulator(String... properties) {
        Map<String, String> map = new HashMap<>(Map.of("client-secret", SECRET));
        for (int i = 0; i < properties.length; i += 2) map.put(properties[i], properties[i + 1]);
        return new ExchangeOnlineSimulator(SimulatorSettings.of(map), clock);
    }

    private static Map<String, String> secretGrant(String secret) {
        return Map.of("grant_type", "client_credentials", "client_id", CLIENT_ID,
                "scope", "https://outlook.office365.com/.default", "client_secret", secret);
    }

    private static String bearer(ExchangeOnlineSimulator simulator) {
        SimulatorResponse response = simulator.token(TENANT, secretGrant(SECRET), ENDPOINT);
        assertThat(response.status()).isEqualTo(200);
        return "Bearer " + response.body().path("access_token").asText();
    }

    private static String call(String cmdlet, Object... parameters) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode input = root.putObject("CmdletInput");
        input.put("CmdletName", cmdlet);
        ObjectNode params = input.putObject("Parameters");
        for (int i = 0; i < parameters.length; i += 2) params.set((String) parameters[i], JSON.valueToTree(parameters[i + 1]));
        return root.toString();
    }

    private static List<String> base64(List<byte[]> values) {
        return values.stream().map(v -> Base64.getEncoder().encodeToString(v)).toList();
    }

    private static List<String> fingerprints(List<byte[]> values) {
        return values.stream().map(Fingerprints::sha256).toList();
    }

    private static SimulatorResponse invoke(ExchangeOnlineSimulator simulator, String bearer, String body) {
        return simulator.invokeCommand(TENANT, bearer, UUID.randomUUID().toString(), body);
    }

    private static String errorMessage(SimulatorResponse response) {
        return response.body().path("error").path("message").asText();
    }

    // --- token endpoint

    @Nested
    class TokenEndpoint {

        @Test
        void issuesAnOpaqueBearerTokenForTheClientSecret() {
            ExchangeOnlineSimulator simulator = simulator("token-lifetime", "30m");
            SimulatorResponse response = simulator.token(TENANT, secretGrant(SECRET), ENDPOINT);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body().path("token_type").asText()).isEqualTo("Bearer");
            assertThat(response.body().path("expires_in").asLong()).isEqualTo(1800);
            assertThat(response.body().path("access_token").asText()).hasSizeGreaterThan(30).doesNotContain(SECRET);
            assertThat(simulator.tokensIssued()).isEqualTo(1);
        }

        @Test
        void refusesAWrongSecretAsEntraIdDoes() {
            ExchangeOnlineSimulator simulator = simulator();
            SimulatorResponse response = simulator.token(TENANT, secretGrant("wrong"), ENDPOINT);

            assertThat(response.status()).isEqualTo(401);
            assertThat(response.body().path("error").asText()).isEqualTo("invalid_client");
            assertThat(response.body().path("error_description").asText()).startsWith("AADSTS7000215: Invalid client secret provided.");
            assertThat(response.body().path("error_codes").get(0).asInt()).isEqualTo(7000215);
            assertThat(simulator.tokensIssued()).isZero();
        }

        @Test
        void refusesClientSecretsWhenNoneIsConfigured() {
            ExchangeOnlineSimulator simulator = new ExchangeOnlineSimulator(SimulatorSettings.of(Map.of()), clock);
            SimulatorResponse response = simulator.token(TENANT, secretGrant("anything"), ENDPOINT);

            assertThat(response.status()).isEqualTo(401);
            assertThat(response.body().path("error_description").asText()).startsWith("AADSTS7000215:");
        }

        @ParameterizedTest
        @CsvSource({
                "grant_type, password, 400, unsupported_grant_type, AADSTS70003",
                "client_id, other-app, 400, unauthorized_client, AADSTS700016",
                "scope, https://graph.microsoft.com/User.Read, 400, invalid_scope, AADSTS1002012",
                "scope, https://graph.microsoft.com/.default, 400, invalid_resource, AADSTS500011",
                "client_secret, '', 401, invalid_client, AADSTS7000218",
                "client_id, '', 400, invalid_request, AADSTS900144"})
        void refusesMalformedGrants(String field, String value, int status, String error, String code) {
            Map<String, String> form = new HashMap<>(secretGrant(SECRET));
            form.put(field, value);
            SimulatorResponse response = simulator().token(TENANT, form, ENDPOINT);

            assertThat(response.status()).isEqualTo(status);
            assertThat(response.body().path("error").asText()).isEqualTo(error);
            assertThat(response.body().path("error_description").asText()).startsWith(code + ":");
        }

    }

    @Nested
    class ClientAssertions {

        private static KeyPair appKeys;
        private static X509Certificate appCertificate;

        @BeforeAll
        static void makeAppCertificate() {
            appKeys = TestCertificates.rsaKeyPair();
            appCertificate = TestCertificates.selfSigned(appKeys, "certsync app");
        }

        private static Map<String, String> assertionGrant(String assertion) {
            return Map.of("grant_type", "client_credentials", "client_id", CLIENT_ID,
                    "scope", "https://outlook.office365.com/.default",
                    "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                    "client_assertion", assertion);
        }

        private String assertion(KeyPair keys, X509Certificate certificate, JWSAlgorithm algorithm, String issuer,
                                 String audience, Instant notBefore) throws Exception {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(algorithm).x509CertSHA256Thumbprint(
                            Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()))).build(),
                    new JWTClaimsSet.Builder().issuer(issuer).subject(issuer).audience(audience)
                            .jwtID(UUID.randomUUID().toString()).notBeforeTime(Date.from(notBefore))
                            .expirationTime(Date.from(notBefore.plus(Duration.ofMinutes(10)))).build());
            jwt.sign(new RSASSASigner(keys.getPrivate()));
            return jwt.serialize();
        }

        private ExchangeOnlineSimulator withCertificate(Path directory) {
            Path pem = TestCertificates.writeCertificatePem(directory.resolve("app.pem"), appCertificate);
            return simulator("client-certificate", pem.toString());
        }

        @ParameterizedTest
        @CsvSource({"PS256", "RS256"})
        void acceptsAnAssertionSignedWithTheConfiguredCertificatesKey(String algorithm, @TempDir Path directory) throws Exception {
            ExchangeOnlineSimulator simulator = withCertificate(directory);
            String assertion = assertion(appKeys, appCertificate, JWSAlgorithm.parse(algorithm), CLIENT_ID, ENDPOINT, clock.instant());

            assertThat(simulator.token(TENANT, assertionGrant(assertion), ENDPOINT).status()).isEqualTo(200);
        }

        @Test
        void refusesAnAssertionSignedWithAnotherKey(@TempDir Path directory) throws Exception {
            KeyPair otherKeys = TestCertificates.rsaKeyPair();
            ExchangeOnlineSimulator simulator = withCertificate(directory);
            // right thumbprint, wrong key: only the signature check can tell
            String assertion = assertion(otherKeys, appCertificate, JWSAlgorithm.PS256, CLIENT_ID, ENDPOINT, clock.instant());

            SimulatorResponse response = simulator.token(TENANT, assertionGrant(assertion), ENDPOINT);
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.body().path("error_description").asText()).startsWith("AADSTS700027:");
        }

        @Test
        void refusesAnAssertionForAnotherCertificate(@TempDir Path directory) throws Exception {
            KeyPair otherKeys = TestCertificates.rsaKeyPair();
            X509Certificate otherCertificate = TestCertificates.selfSigned(otherKeys, "other");
            ExchangeOnlineSimulator simulator = withCertificate(directory);
            String assertion = assertion(otherKeys, otherCertificate, JWSAlgorithm.PS256, CLIENT_ID, ENDPOINT, clock.instant());

            SimulatorResponse response = simulator.token(TENANT, assertionGrant(assertion), ENDPOINT);
            assertThat(response.body().path("error_description").asText()).contains("AADSTS700027", "The key was not found");
        }

        @Test
        void withoutConfiguredCertificateAcceptsAnyWellFormedAssertionWithMatchingClaims() throws Exception {
            ExchangeOnlineSimulator simulator = simulator();
            KeyPair anyKeys = TestCertificates.rsaKeyPair();
            X509Certificate anyCertificate = TestCertificates.selfSigned(anyKeys, "any");

            String good = assertion(anyKeys, anyCertificate, JWSAlgorithm.PS256, CLIENT_ID, ENDPOINT, clock.instant());
            String wrongAudience = assertion(anyKeys, anyCertificate, JWSAlgorithm.PS256, CLIENT_ID, "https://elsewhere/token", clock.instant());
            String wrongIssuer = assertion(anyKeys, anyCertificate, JWSAlgorithm.PS256, "intruder", ENDPOINT, clock.instant());
            String expired = assertion(anyKeys, anyCertificate, JWSAlgorithm.PS256, CLIENT_ID, ENDPOINT,
                    clock.instant().minus(Duration.ofHours(1)));

            assertThat(simulator.token(TENANT, assertionGrant(good), ENDPOINT).status()).isEqualTo(200);
            assertThat(simulator.token(TENANT, assertionGrant(wrongAudience), ENDPOINT).body().path("error_description").asText())
                    .startsWith("AADSTS700023:");
            assertThat(simulator.token(TENANT, assertionGrant(wrongIssuer), ENDPOINT).body().path("error_description").asText())
                    .startsWith("AADSTS700021:");
            assertThat(simulator.token(TENANT, assertionGrant(expired), ENDPOINT).body().path("error_description").asText())
                    .startsWith("AADSTS700024:");
            assertThat(simulator.token(TENANT, assertionGrant("not-a-jwt"), ENDPOINT).body().path("error_description").asText())
                    .startsWith("AADSTS50027:");
        }
    }

    // --- bearer tokens on InvokeCommand

    @Nested
    class BearerTokens {

        @Test
        void refusesMissingUnknownExpiredAndOtherTenantsTokens() {
            ExchangeOnlineSimulator simulator = simulator("token-lifetime", "10m");
            String bearer = bearer(simulator);
            String body = call("Get-Recipient", "Identity", "nobody@contoso.com");

            assertThat(invoke(simulator, null, body).status()).isEqualTo(401);
            assertThat(invoke(simulator, "Bearer made-up", body).status()).isEqualTo(401);
            assertThat(simulator.invokeCommand("fabrikam.onmicrosoft.com", bearer, null, body).status()).isEqualTo(401);
            assertThat(invoke(simulator, bearer, body).status()).isEqualTo(404);  // valid token, unknown recipient

            clock.advance(Duration.ofMinutes(10));
            SimulatorResponse expired = invoke(simulator, bearer, body);
            assertThat(expired.status()).isEqualTo(401);
            assertThat(expired.headers()).containsEntry("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            assertThat(expired.body().path("error").path("code").asText()).isEqualTo("InvalidAuthenticationToken");
            assertThat(simulator.requests()).extracting(LoggedRequest::tokenValid).containsExactly(false, false, false, true, false);
        }
    }

    // --- cmdlets

    @Nested
    class Cmdlets {

        private final ExchangeOnlineSimulator simulator = simulator();
        private final String bearer = bearer(simulator);

        @Test
        void setMailUserCreatesAnUnknownRecipientAndStoresTheValues() {
            SimulatorResponse response = invoke(simulator, bearer, call("Set-MailUser", "Identity", "alice@contoso.com",
                    "UserCertificate", base64(certificates.subList(0, 2)), "UserSMimeCertificate", base64(certificates.subList(2, 3))));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body().has("@odata.context")).isTrue();
            assertThat(response.body().path("value").isArray()).isTrue();
            SimulatedRecipient alice = simulator.recipient("ALICE@contoso.com").orElseThrow();
            assertThat(alice.type()).isEqualTo(RecipientType.MAIL_USER);
            assertThat(alice.dirSynced()).isFalse();
            assertThat(alice.userCertificate()).isEqualTo(fingerprints(certificates.subList(0, 2)));
            assertThat(alice.userSmimeCertificate()).isEqualTo(fingerprints(certificates.subList(2, 3)));
            assertThat(alice.modificationCount()).isEqualTo(1);
            assertThat(alice.lastModified()).isEqualTo(clock.instant());
        }

        @Test
        void aListReplacesTheValuesAnEmptyListClearsThemAndNoChangeIsNotAModification() {
            simulator.register("Bob@Contoso.com", RecipientType.USER_MAILBOX, false);
            invoke(simulator, bearer, call("Set-Mailbox", "Identity", "bob@contoso.com", "UserCertificate", base64(certificates.subList(0, 3))));
            clock.advance(Duration.ofMinutes(1));
            invoke(simulator, bearer, call("Set-Mailbox", "Identity", "bob@contoso.com", "UserCertificate", base64(certificates.subList(3, 4))));
            assertThat(simulator.recipient("bob@contoso.com").orElseThrow().userCertificate()).isEqualTo(fingerprints(certificates.subList(3, 4)));

            SimulatorResponse unchanged = invoke(simulator, bearer,
                    call("Set-Mailbox", "Identity", "bob@contoso.com", "UserCertificate", base64(certificates.subList(3, 4))));
            assertThat(unchanged.status()).isEqualTo(200);
            assertThat(unchanged.body().path("@adminapi.warnings").get(0).asText()).contains("no settings of 'bob@contoso.com' have been modified");
            assertThat(simulator.recipient("bob@contoso.com").orElseThrow().modificationCount()).isEqualTo(2);

            invoke(simulator, bearer, call("Set-Mailbox", "Identity", "bob@contoso.com", "UserCertificate", List.of()));
            SimulatedRecipient bob = simulator.recipient("bob@contoso.com").orElseThrow();
            assertThat(bob.userCertificate()).isEmpty();
            assertThat(bob.identity()).isEqualTo("Bob@Contoso.com");
            assertThat(bob.modificationCount()).isEqualTo(3);
        }

        @Test
        void theHashtableFormAddsAndRemovesValues() {
            invoke(simulator, bearer, call("Set-MailContact", "Identity", "carol@fabrikam.com", "UserSMimeCertificate", base64(certificates.subList(0, 2))));
            SimulatorResponse response = invoke(simulator, bearer, call("Set-MailContact", "Identity", "carol@fabrikam.com",
                    "UserSMimeCertificate", Map.of("Add", base64(certificates.subList(2, 3)), "remove", base64(certificates.subList(0, 1)))));

            assertThat(response.status()).isEqualTo(200);
            SimulatedRecipient carol = simulator.recipient("carol@fabrikam.com").orElseThrow();
            assertThat(carol.type()).isEqualTo(RecipientType.MAIL_CONTACT);
            assertThat(carol.userSmimeCertificate()).containsExactly(Fingerprints.sha256(certificates.get(1)), Fingerprints.sha256(certificates.get(2)));
        }

        @Test
        void refusesValuesThatAreNotBase64() {
            SimulatorResponse response = invoke(simulator, bearer, call("Set-MailUser", "Identity", "dave@contoso.com",
                    "UserCertificate", List.of("not base64!")));

            assertThat(response.status()).isEqualTo(400);
            assertThat(errorMessage(response)).contains("Cannot process argument transformation on parameter 'UserCertificate'");
        }

        @Test
        void refusesMoreThanMaxValuesAndKeepsTheOldOnes() {
            invoke(simulator, bearer, call("Set-MailUser", "Identity", "erin@contoso.com", "UserCertificate", base64(certificates.subList(0, 1))));
            SimulatorResponse response = invoke(simulator, bearer, call("Set-MailUser", "Identity", "erin@contoso.com",
                    "UserCertificate", base64(certificates.subList(0, 16))));

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body().path("error").path("code").asText()).isEqualTo("DataValidationException");
            assertThat(errorMessage(response)).contains("16 values", "maximum allowed is 15", "ExceededAllowedLength");
            assertThat(simulator.recipient("erin@contoso.com").orElseThrow().userCertificate()).hasSize(1);
            assertThat(invoke(simulator, bearer, call("Set-MailUser", "Identity", "erin@contoso.com",
                    "UserCertificate", base64(certificates.subList(0, 15)))).status()).isEqualTo(200);
        }

        @Test
        void refusesToWriteADirectorySynchronizedRecipient() {
            simulator.register("frank@contoso.com", RecipientType.MAIL_USER, true);
            SimulatorResponse response = invoke(simulator, bearer, call("Set-MailUser", "Identity", "frank@contoso.com",
                    "UserCertificate", base64(certificates.subList(0, 1))));

            assertThat(response.status()).isEqualTo(400);
            assertThat(errorMessage(response)).contains("out of the current user's write scope",
                    "The action 'Set-MailUser', 'UserCertificate', can't be performed on the object 'frank@contoso.com'",
                    "being synchronized from your on-premises organization");
            assertThat(simulator.recipient("frank@contoso.com").orElseThrow().modificationCount()).isZero();
        }

        @Test
        void refusesTheCmdletOfAnotherRecipientType() {
            simulator.register("grace@contoso.com", RecipientType.USER_MAILBOX, false);
            SimulatorResponse response = invoke(simulator, bearer, call("Set-MailUser", "Identity", "grace@contoso.com",
                    "UserCertificate", base64(certificates.subList(0, 1))));

            assertThat(response.status()).isEqualTo(400);
            assertThat(errorMessage(response)).contains("'grace@contoso.com' matches a recipient of type UserMailbox", "Use Set-Mailbox");
        }

        @Test
        void withoutAutoCreationAnUnknownRecipientIsNotFound() {
            simulator.reconfigure(s -> s.withAutoCreateRecipients(false));
            SimulatorResponse response = invoke(simulator, bearer, call("Set-MailUser", "Identity", "heidi@contoso.com",
                    "UserCertificate", base64(certificates.subList(0, 1))));

            assertThat(response.status()).isEqualTo(404);
            assertThat(errorMessage(response)).contains("The operation couldn't be performed because object 'heidi@contoso.com' couldn't be found on '");
            assertThat(simulator.recipient("heidi@contoso.com")).isEmpty();
        }

        @Test
        void getRecipientReportsTheType() {
            simulator.register("ivan@contoso.com", RecipientType.MAIL_CONTACT, true);
            SimulatorResponse response = invoke(simulator, bearer, call("Get-Recipient", "Identity", "IVAN@contoso.com"));

            assertThat(response.status()).isEqualTo(200);
            JsonNode ivan = response.body().path("value").get(0);
            assertThat(ivan.path("RecipientTypeDetails").asText()).isEqualTo("MailContact");
            assertThat(ivan.path("PrimarySmtpAddress").asText()).isEqualTo("ivan@contoso.com");
            assertThat(ivan.path("IsDirSynced").asBoolean()).isTrue();
        }

        @Test
        void refusesMalformedCalls() {
            assertThat(invoke(simulator, bearer, "{not json").body().path("error").path("code").asText()).isEqualTo("BadRequest");
            assertThat(errorMessage(invoke(simulator, bearer, call("Remove-Mailbox", "Identity", "x@contoso.com"))))
                    .contains("'Remove-Mailbox' is not recognized");
            assertThat(errorMessage(invoke(simulator, bearer, call("Set-MailUser", "Identity", "x@contoso.com", "DisplayName", "X"))))
                    .contains("A parameter cannot be found that matches parameter name 'DisplayName'");
            assertThat(errorMessage(invoke(simulator, bearer, call("Set-MailUser", "UserCertificate", List.of()))))
                    .contains("Cannot bind argument to parameter 'Identity'");
            assertThat(invoke(simulator, bearer, call("Set-MailUser", "Identity", "x@contoso.com", "UserCertificate", "single")).status())
                    .isEqualTo(400);
        }

        @Test
        void theRequestLogRecordsEachCallNewestLast() {
            String requestId = UUID.randomUUID().toString();
            SimulatorResponse response = simulator.invokeCommand(TENANT, bearer, requestId,
                    call("Set-MailUser", "Identity", "judy@contoso.com", "UserCertificate", List.of("%%%")));
            invoke(simulator, bearer, call("Get-Recipient", "Identity", "judy@contoso.com"));

            assertThat(response.headers()).containsEntry("client-request-id", requestId);
            assertThat(simulator.requests()).hasSize(2);
            LoggedRequest first = simulator.requests().get(0);
            assertThat(first).isEqualTo(new LoggedRequest(clock.instant(), TENANT, "Set-MailUser", "judy@contoso.com", 400,
                    "ParameterBindingArgumentTransformationException", true, false, requestId));
            assertThat(simulator.requests().get(1).cmdlet()).isEqualTo("Get-Recipient");

            simulator.clearRequests();
            assertThat(simulator.requests()).isEmpty();
        }
    }

    @Nested
    class ByteArrayEncoding {

        @Test
        void acceptsUnsignedAndSignedByteNumbersAndRefusesBase64Strings() {
            ExchangeOnlineSimulator simulator = simulator("value-encoding", "byte-array");
            String bearer = bearer(simulator);
            byte[] certificate = certificates.get(0);
            List<Integer> unsigned = new ArrayList<>();
            List<Integer> signed = new ArrayList<>();
            for (byte b : certificate) {
                unsigned.add(b & 0xff);
                signed.add((int) b);
            }

            assertThat(invoke(simulator, bearer, call("Set-MailUser", "Identity", "a@contoso.com", "UserCertificate", List.of(unsigned))).status()).isEqualTo(200);
            assertThat(invoke(simulator, bearer, call("Set-MailUser", "Identity", "b@contoso.com", "UserCertificate", List.of(signed))).status()).isEqualTo(200);
            assertThat(simulator.recipient("a@contoso.com").orElseThrow().userCertificate()).containsExactly(Fingerprints.sha256(certificate));
            assertThat(simulator.recipient("b@contoso.com").orElseThrow().userCertificate()).containsExactly(Fingerprints.sha256(certificate));
            assertThat(invoke(simulator, bearer, call("Set-MailUser", "Identity", "c@contoso.com", "UserCertificate",
                    List.of(ValueEncoding.BASE64.encode(certificate)))).status()).isEqualTo(400);
            assertThat(invoke(simulator, bearer, call("Set-MailUser", "Identity", "c@contoso.com", "UserCertificate",
                    List.of(List.of(1, 256)))).status()).isEqualTo(400);
        }
    }

    // --- faults

    @Nested
    class Faults {

        @Test
        void theRequestBudgetThrottlesWithRetryAfterUntilTheWindowEnds() {
            ExchangeOnlineSimulator simulator = simulator("throttle.requests", "2", "throttle.window", "60s");
            String bearer = bearer(simulator);
            String body = call("Set-MailUser", "Identity", "a@contoso.com", "UserCertificate", List.of());

            assertThat(invoke(simulator, bearer, body).status()).isEqualTo(200);
            clock.advance(Duration.ofMillis(20_500));
            assertThat(invoke(simulator, bearer, body).status()).isEqualTo(200);
            SimulatorResponse throttled = invoke(simulator, bearer, body);
            assertThat(throttled.status()).isEqualTo(429);
            assertThat(throttled.headers()).containsEntry("Retry-After", "40");  // 39.5 s left, rounded up
            assertThat(throttled.body().path("error").path("code").asText()).isEqualTo("TooManyRequests");
            assertThat(simulator.requests().get(2).throttled()).isTrue();

            clock.advance(Duration.ofMillis(39_500));
            assertThat(invoke(simulator, bearer, body).status()).isEqualTo(200);
        }

        @Test
        void theConcurrencyLimitRefusesRequestsBeyondTheLimitInFlight() throws Exception {
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ExchangeOnlineSimulator simulator = new ExchangeOnlineSimulator(SimulatorSettings.of(Map.of(
                    "client-secret", SECRET, "concurrent-limit", "1", "fault.slow-rate", "1")), clock,
                    delay -> {
                        entered.countDown();
                        release.await(10, TimeUnit.SECONDS);
                    });
            String bearer = bearer(simulator);
            String body = call("Set-MailUser", "Identity", "a@contoso.com", "UserCertificate", List.of());

            CompletableFuture<SimulatorResponse> first = CompletableFuture.supplyAsync(() -> invoke(simulator, bearer, body));
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            SimulatorResponse second = invoke(simulator, bearer, body);
            release.countDown();

            assertThat(second.status()).isEqualTo(429);
            assertThat(errorMessage(second)).contains("maximum number of concurrent requests per tenant");
            assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(invoke(simulator, bearer, body).status()).isEqualTo(200);
        }

        @Test
        void slowAnswersPauseForTheConfiguredDelay() {
            List<Duration> pauses = new ArrayList<>();
            ExchangeOnlineSimulator simulator = new ExchangeOnlineSimulator(SimulatorSettings.of(Map.of(
                    "client-secret", SECRET, "fault.slow-rate", "1", "fault.slow-delay", "3s")), clock, pauses::add);

            assertThat(invoke(simulator, bearer(simulator), call("Get-Recipient", "Identity", "x@contoso.com")).status()).isEqualTo(404);
            assertThat(pauses).containsExactly(Duration.ofSeconds(3));
        }

        @Test
        void serverErrorsAre500Or503WithRetryAfter() {
            ExchangeOnlineSimulator simulator = simulator("fault.server-error-rate", "1");
            String bearer = bearer(simulator);
            List<SimulatorResponse> responses = new ArrayList<>();
            for (int i = 0; i < 20; i++) responses.add(invoke(simulator, bearer, call("Get-Recipient", "Identity", "x@contoso.com")));

            assertThat(responses).extracting(SimulatorResponse::status).containsOnly(500, 503).contains(500, 503);
            assertThat(responses).filteredOn(r -> r.status() == 503)
                    .allSatisfy(r -> assertThat(r.headers()).containsEntry("Retry-After", "2"));
        }

        @Test
        void theSameSeedGivesTheSameFaults() {
            List<Integer> first = statuses(simulator("fault.server-error-rate", "0.5", "fault.seed", "42"));
            List<Integer> second = statuses(simulator("fault.server-error-rate", "0.5", "fault.seed", "42"));

            assertThat(first).isEqualTo(second).contains(200).containsAnyOf(500, 503);
        }

        @Test
        void reconfigurationReseedsTheFaults() {
            ExchangeOnlineSimulator simulator = simulator("fault.server-error-rate", "0.5", "fault.seed", "7");
            List<Integer> first = statuses(simulator);
            simulator.reconfigure(s -> s.withFault(new SimulatorSettings.Fault(0.5, 0, Duration.ofSeconds(1), 7)));

            assertThat(statuses(simulator)).isEqualTo(first);
        }

        private List<Integer> statuses(ExchangeOnlineSimulator simulator) {
            String bearer = bearer(simulator);
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                statuses.add(invoke(simulator, bearer, call("Set-MailUser", "Identity", "a@contoso.com", "UserCertificate", List.of())).status());
            }
            return statuses;
        }
    }

    @Test
    void credentialsCannotBeReconfigured() {
        ExchangeOnlineSimulator simulator = simulator();
        assertThatThrownBy(() -> simulator.reconfigure(s -> SimulatorSettings.of(Map.of("client-secret", "other"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recipientsAreSortedByIdentity() {
        ExchangeOnlineSimulator simulator = simulator();
        simulator.register("zoe@contoso.com", RecipientType.MAIL_USER, false);
        simulator.register("Adam@contoso.com", RecipientType.MAIL_USER, false);
        simulator.register("mia@contoso.com", RecipientType.MAIL_USER, false);

        assertThat(simulator.recipients()).extracting(SimulatedRecipient::identity)
                .containsExactly("Adam@contoso.com", "mia@contoso.com", "zoe@contoso.com");
    }
}
