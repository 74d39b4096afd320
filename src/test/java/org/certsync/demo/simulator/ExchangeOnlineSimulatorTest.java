package org.certsync.demo.simulator;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import org.certsync.exchangeonline.TestCertificates;

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
        Map<String, String> map = new HashMap<>(Map.of("client-secret", SECRET, "tenant", TENANT));
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

    /**
     * A Set-* call as the ExchangeOnlineManagement module sends one (Transform-Parameters): each list of byte arrays
     * annotated #Collection(Exchange.ByteArrayType) and sent as [{"Data":[0..255,…]}]; an empty list as null.
     * Written here from the evidence, independent of the publisher's classes.
     */
    @SuppressWarnings("unchecked")
    static String set(String cmdlet, String identity, Object... parameterValues) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode input = root.putObject("CmdletInput");
        input.put("CmdletName", cmdlet);
        ObjectNode params = input.putObject("Parameters");
        params.put("Identity", identity);
        for (int i = 0; i < parameterValues.length; i += 2) {
            String name = (String) parameterValues[i];
            List<byte[]> values = (List<byte[]>) parameterValues[i + 1];
            if (values.isEmpty()) {
                params.putNull(name);
                continue;
            }
            params.put(name + "@odata.type", "#Collection(Exchange.ByteArrayType)");
            com.fasterxml.jackson.databind.node.ArrayNode list = params.putArray(name);
            for (byte[] value : values) {
                com.fasterxml.jackson.databind.node.ArrayNode data = list.addObject().putArray("Data");
                for (byte b : value) data.add(b & 0xff);
            }
        }
        return root.toString();
    }

    static Map<String, String> headers(String bearer, String requestId) {
        Map<String, String> headers = new HashMap<>();
        if (bearer != null) headers.put("Authorization", bearer);
        if (requestId != null) headers.put("client-request-id", requestId);
        return headers;
    }

    private static List<String> fingerprints(List<byte[]> values) {
        return values.stream().map(Fingerprints::sha256).toList();
    }

    private static SimulatorResponse invoke(ExchangeOnlineSimulator simulator, String bearer, String body) {
        return simulator.invokeCommand(TENANT, headers(bearer, UUID.randomUUID().toString()), body);
    }

    /** The error text where the module looks for it: details[0], the inner exception, the message. */
    static String errorMessage(SimulatorResponse response) {
        JsonNode error = response.body().path("error");
        String details = error.path("details").path(0).path("message").asText("");
        if (!details.isEmpty()) return details;
        String inner = error.path("innererror").path("internalexception").path("message").asText("");
        return inner.isEmpty() ? error.path("message").asText() : inner;
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
            assertThat(simulator.invokeCommand("fabrikam.onmicrosoft.com", headers(bearer, null), body).status()).isEqualTo(401);
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
            SimulatorResponse response = invoke(simulator, bearer, set("Set-MailUser", "alice@contoso.com", "UserCertificate", certificates.subList(0, 2), "UserSMimeCertificate", certificates.subList(2, 3)));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body().has("@odata.context")).isTrue();
            assertThat(response.body().path("value").isArray()).isTrue();
            SimulatedRecipient alice = simulator.recipient("ALICE@contoso.com").orElseThrow();
            assertThat(alice.type()).isEqualTo(MailRecipientType.MAIL_USER);
            assertThat(alice.dirSynced()).isFalse();
            assertThat(alice.userCertificate()).isEqualTo(fingerprints(certificates.subList(0, 2)));
            assertThat(alice.userSmimeCertificate()).isEqualTo(fingerprints(certificates.subList(2, 3)));
            assertThat(alice.modificationCount()).isEqualTo(1);
            assertThat(alice.lastModified()).isEqualTo(clock.instant());
        }

        @Test
        void aListReplacesTheValuesAnEmptyListClearsThemAndNoChangeIsNotAModification() {
            simulator.register("Bob@Contoso.com", MailRecipientType.USER_MAILBOX, false);
            invoke(simulator, bearer, set("Set-Mailbox", "bob@contoso.com", "UserCertificate", certificates.subList(0, 3)));
            clock.advance(Duration.ofMinutes(1));
            invoke(simulator, bearer, set("Set-Mailbox", "bob@contoso.com", "UserCertificate", certificates.subList(3, 4)));
            assertThat(simulator.recipient("bob@contoso.com").orElseThrow().userCertificate()).isEqualTo(fingerprints(certificates.subList(3, 4)));

            SimulatorResponse unchanged = invoke(simulator, bearer,
                    set("Set-Mailbox", "bob@contoso.com", "UserCertificate", certificates.subList(3, 4)));
            assertThat(unchanged.status()).isEqualTo(200);
            assertThat(unchanged.body().path("@adminapi.warnings").get(0).asText()).contains("no settings of 'bob@contoso.com' have been modified");
            assertThat(simulator.recipient("bob@contoso.com").orElseThrow().modificationCount()).isEqualTo(2);

            invoke(simulator, bearer, set("Set-Mailbox", "bob@contoso.com", "UserCertificate", List.of()));
            SimulatedRecipient bob = simulator.recipient("bob@contoso.com").orElseThrow();
            assertThat(bob.userCertificate()).isEmpty();
            assertThat(bob.identity()).isEqualTo("Bob@Contoso.com");
            assertThat(bob.modificationCount()).isEqualTo(3);
        }

        @Test
        void aSingleTypedValueIsAListOfOneAndNullClears() {
            byte[] certificate = certificates.get(0);
            ObjectNode single = JSON.createObjectNode().put("@odata.type", "#Exchange.ByteArrayType");
            for (byte b : certificate) single.withArray("Data").add(b & 0xff);

            assertThat(invoke(simulator, bearer, call("Set-MailContact", "Identity", "carol@fabrikam.com",
                    "UserSMimeCertificate", single)).status()).isEqualTo(200);
            SimulatedRecipient carol = simulator.recipient("carol@fabrikam.com").orElseThrow();
            assertThat(carol.type()).isEqualTo(MailRecipientType.MAIL_CONTACT);
            assertThat(carol.userSmimeCertificate()).containsExactly(Fingerprints.sha256(certificate));

            assertThat(invoke(simulator, bearer, set("Set-MailContact", "carol@fabrikam.com", "UserSMimeCertificate", List.of()))
                    .status()).isEqualTo(200);
            assertThat(simulator.recipient("carol@fabrikam.com").orElseThrow().userSmimeCertificate()).isEmpty();
        }

        @Test
        void refusesMoreThanMaxValuesAndKeepsTheOldOnes() {
            invoke(simulator, bearer, set("Set-MailUser", "erin@contoso.com", "UserCertificate", certificates.subList(0, 1)));
            SimulatorResponse response = invoke(simulator, bearer, set("Set-MailUser", "erin@contoso.com",
                    "UserCertificate", certificates.subList(0, 16)));

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body().path("error").path("code").asText()).isEqualTo("DataValidationException");
            assertThat(errorMessage(response)).contains("16 values", "maximum allowed is 15", "ExceededAllowedLength");
            assertThat(simulator.recipient("erin@contoso.com").orElseThrow().userCertificate()).hasSize(1);
            assertThat(invoke(simulator, bearer, set("Set-MailUser", "erin@contoso.com",
                    "UserCertificate", certificates.subList(0, 15))).status()).isEqualTo(200);
        }

        @Test
        void refusesToWriteADirectorySynchronizedRecipient() {
            simulator.register("frank@contoso.com", MailRecipientType.MAIL_USER, true);
            SimulatorResponse response = invoke(simulator, bearer, set("Set-MailUser", "frank@contoso.com",
                    "UserCertificate", certificates.subList(0, 1)));

            assertThat(response.status()).isEqualTo(400);
            assertThat(errorMessage(response)).contains("out of the current user's write scope",
                    "The action 'Set-MailUser', 'UserCertificate', can't be performed on the object 'frank@contoso.com'",
                    "being synchronized from your on-premises organization");
            assertThat(simulator.recipient("frank@contoso.com").orElseThrow().modificationCount()).isZero();
        }

        @Test
        void refusesTheCmdletOfAnotherRecipientType() {
            simulator.register("grace@contoso.com", MailRecipientType.USER_MAILBOX, false);
            SimulatorResponse response = invoke(simulator, bearer, set("Set-MailUser", "grace@contoso.com",
                    "UserCertificate", certificates.subList(0, 1)));

            assertThat(response.status()).isEqualTo(400);
            assertThat(errorMessage(response)).contains("'grace@contoso.com' matches a recipient of type UserMailbox", "Use Set-Mailbox");
        }

        @Test
        void withoutAutoCreationAnUnknownRecipientIsNotFound() {
            simulator.reconfigure(s -> s.withAutoCreateRecipients(false));
            SimulatorResponse response = invoke(simulator, bearer, set("Set-MailUser", "heidi@contoso.com",
                    "UserCertificate", certificates.subList(0, 1)));

            assertThat(response.status()).isEqualTo(404);
            assertThat(errorMessage(response)).contains("The operation couldn't be performed because object 'heidi@contoso.com' couldn't be found on '");
            assertThat(simulator.recipient("heidi@contoso.com")).isEmpty();
        }

        @Test
        void getRecipientReportsTheType() {
            simulator.register("ivan@contoso.com", MailRecipientType.MAIL_CONTACT, true);
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
            assertThat(errorMessage(invoke(simulator, bearer, call("Set-MailUser", "UserCertificate", null))))
                    .contains("Cannot bind argument to parameter 'Identity'");
            assertThat(invoke(simulator, bearer, call("Set-MailUser", "Identity", "x@contoso.com", "UserCertificate", "single")).status())
                    .isEqualTo(400);
        }

        @Test
        void theRequestLogRecordsEachCallNewestLast() {
            String requestId = UUID.randomUUID().toString();
            SimulatorResponse response = simulator.invokeCommand(TENANT, headers(bearer, requestId),
                    call("Set-MailUser", "Identity", "judy@contoso.com", "UserCertificate", List.of("%%%")));
            invoke(simulator, bearer, call("Get-Recipient", "Identity", "judy@contoso.com"));

            assertThat(response.headers()).containsEntry("client-request-id", requestId);
            assertThat(simulator.requests()).hasSize(2);
            LoggedRequest first = simulator.requests().get(0);
            assertThat(first).isEqualTo(new LoggedRequest(clock.instant(), TENANT, "Set-MailUser", "judy@contoso.com", 400,
                    "BadRequest", true, false, requestId, false, null, null));
            assertThat(simulator.requests().get(1).cmdlet()).isEqualTo("Get-Recipient");

            simulator.clearRequests();
            assertThat(simulator.requests()).isEmpty();
        }
    }

    /** The certificate parameters are bound strictly as the service's $metadata types them. */
    @Nested
    class StrictWireFormat {

        private final ExchangeOnlineSimulator simulator = simulator();
        private final String bearer = bearer(simulator);
        private final byte[] certificate = certificates.get(0);

        private SimulatorResponse setRaw(String identity, Object userCertificate, String annotation) {
            ObjectNode root = JSON.createObjectNode();
            ObjectNode params = root.putObject("CmdletInput").put("CmdletName", "Set-MailUser").putObject("Parameters");
            params.put("Identity", identity);
            if (annotation != null) params.put("UserCertificate@odata.type", annotation);
            params.set("UserCertificate", JSON.valueToTree(userCertificate));
            return invoke(simulator, bearer, root.toString());
        }

        private List<Integer> unsigned() {
            List<Integer> bytes = new ArrayList<>();
            for (byte b : certificate) bytes.add(b & 0xff);
            return bytes;
        }

        @Test
        void acceptsTheModulesTypedCollectionOfByteArrays() {
            assertThat(invoke(simulator, bearer, set("Set-MailUser", "a@contoso.com", "UserCertificate", List.of(certificate)))
                    .status()).isEqualTo(200);
            assertThat(simulator.recipient("a@contoso.com").orElseThrow().userCertificate()).containsExactly(Fingerprints.sha256(certificate));
        }

        @Test
        void refusesBase64StringsBareArraysAndCollectionsWithoutTheirType() {
            String collection = "#Collection(Exchange.ByteArrayType)";
            SimulatorResponse base64 = setRaw("b@contoso.com", base64(List.of(certificate)), collection);
            SimulatorResponse bareArrays = setRaw("b@contoso.com", List.of(unsigned()), collection);
            SimulatorResponse untyped = setRaw("b@contoso.com", List.of(Map.of("Data", unsigned())), null);
            SimulatorResponse wronglyTyped = setRaw("b@contoso.com", List.of(Map.of("Data", unsigned())), "#Collection(String)");
            SimulatorResponse aString = setRaw("b@contoso.com", "single", collection);

            for (SimulatorResponse refused : List.of(base64, bareArrays, untyped, wronglyTyped, aString)) {
                assertThat(refused.status()).isEqualTo(400);
                // where the module finds a conversion failure: the inner exception, not details
                assertThat(refused.body().path("error").path("details").isMissingNode()).isTrue();
                assertThat(refused.body().path("error").path("innererror").path("internalexception").path("message").asText())
                        .startsWith("Cannot process argument transformation on parameter 'UserCertificate'.");
            }
            assertThat(errorMessage(untyped)).contains("UserCertificate@odata.type");
            assertThat(simulator.recipient("b@contoso.com")).isEmpty();
        }

        @Test
        void refusesSignedBytesNumbersAbove255AndEmptyData() {
            String collection = "#Collection(Exchange.ByteArrayType)";
            List<Integer> signed = new ArrayList<>();
            for (byte b : certificate) signed.add((int) b);

            assertThat(setRaw("c@contoso.com", List.of(Map.of("Data", signed)), collection).status()).isEqualTo(400);
            assertThat(errorMessage(setRaw("c@contoso.com", List.of(Map.of("Data", List.of(48, 256))), collection)))
                    .contains("Edm.Byte");
            assertThat(setRaw("c@contoso.com", List.of(Map.of("Data", List.of())), collection).status()).isEqualTo(400);
            assertThat(setRaw("c@contoso.com", List.of(Map.of("Data", unsigned(), "Extra", 1)), collection).status()).isEqualTo(400);
        }
    }

    // --- Set-SmimeConfig / Get-SmimeConfig

    /**
     * The tenant's issuing CAs. The stores are written here from the SST layout (Wine's crypt32 serialize.c: header
     * 00 00 00 00 'CERT', elements of three little-endian DWORDs and bytes, three zero DWORDs at the end), apart from
     * CertSync's own writer.
     */
    @Nested
    class SmimeConfig {

        private final ExchangeOnlineSimulator simulator = simulator();
        private final String bearer = bearer(simulator);
        private final byte[] first = certificates.get(0);
        private final byte[] second = certificates.get(1);

        private static byte[] sst(byte[]... elements) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(new byte[]{0, 0, 0, 0, 'C', 'E', 'R', 'T'});
            for (byte[] element : elements) out.writeBytes(element);
            out.writeBytes(new byte[12]);
            return out.toByteArray();
        }

        private static byte[] element(int property, int encoding, byte[] value) {
            return ByteBuffer.allocate(12 + value.length).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(property).putInt(encoding).putInt(value.length).put(value).array();
        }

        private static byte[] certificate(byte[] der) {
            return element(32, 1, der);
        }

        /** The parameter as the module's ConvertTo-ByteArray sends a byte[]. */
        private static Map<String, Object> byteArray(byte[] value) {
            List<Integer> data = new ArrayList<>();
            for (byte b : value) data.add(b & 0xff);
            return Map.of("@odata.type", "#Exchange.ByteArrayType", "Data", data);
        }

        private SimulatorResponse setIssuingCa(Object value) {
            return invoke(simulator, bearer, call("Set-SmimeConfig", "SMIMECertificateIssuingCA", value));
        }

        private JsonNode getIssuingCa() {
            SimulatorResponse response = invoke(simulator, bearer, call("Get-SmimeConfig"));
            assertThat(response.status()).isEqualTo(200);
            return response.body().path("value").path(0).path("SMIMECertificateIssuingCA");
        }

        @Test
        void theStoresCertificatesAreKeptInOrderAndItsOtherElementsSkipped() {
            byte[] store = sst(element(3, 1, new byte[20]), certificate(second), element(11, 1, new byte[]{'C', 0, 0, 0}),
                    certificate(first));

            assertThat(setIssuingCa(byteArray(store)).status()).isEqualTo(200);

            assertThat(simulator.issuingCas(TENANT)).containsExactly(second, first);
            assertThat(getIssuingCa()).isEqualTo(JSON.valueToTree(byteArray(store)));
        }

        @Test
        void nullClearsTheStoreAndTheSameStoreAgainIsNoModification() {
            assertThat(getIssuingCa().isNull()).isTrue();
            setIssuingCa(byteArray(sst(certificate(first))));

            SimulatorResponse again = setIssuingCa(byteArray(sst(certificate(first))));
            SimulatorResponse cleared = setIssuingCa(null);

            assertThat(again.body().path("@adminapi.warnings").get(0).asText()).contains("no settings");
            assertThat(cleared.status()).isEqualTo(200);
            assertThat(simulator.issuingCas(TENANT)).isEmpty();
            assertThat(getIssuingCa().isNull()).isTrue();
        }

        @Test
        void eachTenantHasItsOwnStore() {
            setIssuingCa(byteArray(sst(certificate(first))));

            assertThat(simulator.issuingCas(TENANT)).containsExactly(first);
            assertThat(simulator.issuingCas("fabrikam.onmicrosoft.com")).isEmpty();
        }

        @Test
        void refusesBytesThatAreNoStoreOfCertificatesAndKeepsTheOldOne() {
            setIssuingCa(byteArray(sst(certificate(first))));
            byte[] good = sst(certificate(second));
            byte[] trailing = Arrays.copyOf(good, good.length + 1);

            Map<String, byte[]> refusals = new LinkedHashMap<>();
            refusals.put("does not begin with 00 00 00 00 'CERT'", second);
            refusals.put("the end element (three zero DWORDs) is missing", Arrays.copyOf(good, good.length - 12));
            refusals.put("runs past the end", Arrays.copyOf(good, 40));
            refusals.put("1 bytes follow the end element", trailing);
            refusals.put("certificate 1 has encoding type 2", sst(element(32, 2, second)));
            refusals.put("certificate 1 is not a DER X.509 certificate", sst(element(32, 1, new byte[]{0x30, 0x00})));

            refusals.forEach((reason, store) -> {
                SimulatorResponse refused = setIssuingCa(byteArray(store));
                assertThat(refused.status()).isEqualTo(400);
                assertThat(errorMessage(refused)).contains("SMIMECertificateIssuingCA", reason);
            });
            assertThat(simulator.issuingCas(TENANT)).containsExactly(first);
        }

        @Test
        void refusesOtherShapesThanOneTypedByteArrayAndParametersItDoesNotModel() {
            byte[] store = sst(certificate(first));
            List<Integer> bare = new ArrayList<>();
            for (byte b : store) bare.add(b & 0xff);

            SimulatorResponse collection = invoke(simulator, bearer, call("Set-SmimeConfig",
                    "SMIMECertificateIssuingCA@odata.type", "#Collection(Exchange.ByteArrayType)",
                    "SMIMECertificateIssuingCA", List.of(Map.of("Data", bare))));
            SimulatorResponse untyped = setIssuingCa(Map.of("Data", bare));
            SimulatorResponse bareArray = setIssuingCa(bare);
            SimulatorResponse base64 = setIssuingCa(Base64.getEncoder().encodeToString(store));
            SimulatorResponse otherParameter = invoke(simulator, bearer, call("Set-SmimeConfig", "OWAAlwaysSign", true));

            for (SimulatorResponse refused : List.of(collection, untyped, bareArray, base64)) {
                assertThat(refused.status()).isEqualTo(400);
                assertThat(errorMessage(refused)).startsWith("Cannot process argument transformation on parameter 'SMIMECertificateIssuingCA'.");
            }
            assertThat(errorMessage(otherParameter)).contains("A parameter cannot be found that matches parameter name 'OWAAlwaysSign'");
            assertThat(simulator.issuingCas(TENANT)).isEmpty();
        }
    }

    // --- faults

    @Nested
    class Faults {

        @Test
        void theRequestBudgetThrottlesWithRetryAfterUntilTheWindowEnds() {
            ExchangeOnlineSimulator simulator = simulator("throttle.requests", "2", "throttle.window", "60s");
            String bearer = bearer(simulator);
            String body = set("Set-MailUser", "a@contoso.com", "UserCertificate", List.of());

            assertThat(invoke(simulator, bearer, body).status()).isEqualTo(200);
            clock.advance(Duration.ofMillis(20_500));
            assertThat(invoke(simulator, bearer, body).status()).isEqualTo(200);
            SimulatorResponse throttled = invoke(simulator, bearer, body);
            assertThat(throttled.status()).isEqualTo(429);
            assertThat(throttled.headers()).containsEntry("Retry-After", "39.5");  // decimal seconds, as the module reads it
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
            String body = set("Set-MailUser", "a@contoso.com", "UserCertificate", List.of());

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
            simulator.reconfigure(s -> s.withFault(new SimulatorSettings.Fault(0.5, 0, 0, Duration.ofSeconds(1), 7, Duration.ofSeconds(2))));

            assertThat(statuses(simulator)).isEqualTo(first);
        }

        private List<Integer> statuses(ExchangeOnlineSimulator simulator) {
            String bearer = bearer(simulator);
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                statuses.add(invoke(simulator, bearer, set("Set-MailUser", "a@contoso.com", "UserCertificate", List.of())).status());
            }
            return statuses;
        }
    }

    // --- $batch

    /** The hand-written golden files of the publisher's contract test are what the simulator takes, too. */
    @Nested
    class GoldenFiles {

        private static final String GUID_TENANT = "5f0c1a2e-8d4b-4c39-9a7e-2b6f3d1e0c44";

        private String golden(String name) throws java.io.IOException {
            try (java.io.InputStream in = getClass().getResourceAsStream("/exchange/" + name)) {
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        }

        @Test
        void theGoldenSetMailUserAndBatchBodiesAreAccepted() throws Exception {
            ExchangeOnlineSimulator simulator = simulator();
            SimulatorResponse token = simulator.token(GUID_TENANT, secretGrant(SECRET), ENDPOINT);
            String bearer = "Bearer " + token.body().path("access_token").asText();

            SimulatorResponse single = simulator.invokeCommand(GUID_TENANT, headers(bearer, "golden-single"),
                    golden("set-mailuser-two-certificates.json"));
            Map<String, String> batchHeaders = headers(bearer, "golden-batch");
            batchHeaders.put("Prefer", "odata.continue-on-error");
            SimulatorResponse batch = simulator.batch(GUID_TENANT, batchHeaders, golden("batch-two-set-mailuser.json"));

            assertThat(single.status()).isEqualTo(200);
            assertThat(batch.status()).isEqualTo(200);
            assertThat(batch.body().path("responses")).extracting(r -> r.path("status").asInt()).containsExactly(200, 200);
            assertThat(simulator.recipient(GUID_TENANT, "alice@contoso.com").orElseThrow().userCertificate()).containsExactly(
                    Fingerprints.sha256(new byte[]{0x30, 0x03, 0x02, 0x01, 0x05}),
                    Fingerprints.sha256(new byte[]{0x30, 0x04, 0x02, 0x02, 0x00, (byte) 0xff}));
            assertThat(simulator.recipient(GUID_TENANT, "bob@contoso.com").orElseThrow().userSmimeCertificate())
                    .containsExactly(Fingerprints.sha256(new byte[]{0x30, 0x03, 0x02, 0x01, 0x07}));
        }
    }

    @Nested
    class Batches {

        private static final String API = "https://outlook.office365.com/adminapi/beta/" + TENANT + "/InvokeCommand";

        private ObjectNode subRequest(String id, String url, String body) {
            ObjectNode request = JSON.createObjectNode().put("id", id).put("method", "POST").put("url", url);
            request.putObject("headers").put("client-request-id", "req-" + id).put("X-CmdletName", "Set-MailUser");
            try {
                request.set("body", JSON.readTree(body));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return request;
        }

        private String batchOf(String... bodies) {
            ObjectNode root = JSON.createObjectNode();
            for (int i = 0; i < bodies.length; i++) root.withArray("requests").add(subRequest(Integer.toString(i), API, bodies[i]));
            return root.toString();
        }

        private SimulatorResponse batch(ExchangeOnlineSimulator simulator, String bearer, String body, boolean continueOnError) {
            Map<String, String> headers = headers(bearer, "batch-request");
            if (continueOnError) headers.put("Prefer", "odata.continue-on-error");
            return simulator.batch(TENANT, headers, body);
        }

        @Test
        void eachSubRequestIsAnsweredOnItsOwnByItsId() {
            ExchangeOnlineSimulator simulator = simulator();
            String bearer = bearer(simulator);
            simulator.register("onprem@contoso.com", MailRecipientType.MAIL_USER, true);

            SimulatorResponse response = batch(simulator, bearer, batchOf(
                    set("Set-MailUser", "a@contoso.com", "UserCertificate", certificates.subList(0, 1)),
                    set("Set-MailUser", "onprem@contoso.com", "UserCertificate", certificates.subList(1, 2)),
                    set("Set-MailUser", "b@contoso.com", "UserSMimeCertificate", certificates.subList(2, 3))), true);

            assertThat(response.status()).isEqualTo(200);
            JsonNode responses = response.body().path("responses");
            assertThat(responses).extracting(r -> r.path("id").asText()).containsExactly("0", "1", "2");
            assertThat(responses).extracting(r -> r.path("status").asInt()).containsExactly(200, 400, 200);
            assertThat(responses.get(1).path("body").path("error").path("details").path(0).path("message").asText())
                    .contains("synchronized from your on-premises organization");
            assertThat(responses.get(0).path("headers").path("client-request-id").asText()).isEqualTo("req-0");
            assertThat(simulator.recipient("b@contoso.com").orElseThrow().userSmimeCertificate())
                    .containsExactly(Fingerprints.sha256(certificates.get(2)));
            assertThat(simulator.requests()).extracting(LoggedRequest::batched).containsOnly(true);
            assertThat(simulator.statistics()).isEqualTo(new SimulatorStatistics(1, 1, 3, 0, 0, 1, clock.instant(), clock.instant()));
        }

        @Test
        void withoutContinueOnErrorTheBatchStopsAtTheFirstFailure() {
            ExchangeOnlineSimulator simulator = simulator();
            String bearer = bearer(simulator);
            simulator.register("onprem@contoso.com", MailRecipientType.MAIL_USER, true);

            SimulatorResponse response = batch(simulator, bearer, batchOf(
                    set("Set-MailUser", "onprem@contoso.com", "UserCertificate", certificates.subList(1, 2)),
                    set("Set-MailUser", "c@contoso.com", "UserCertificate", certificates.subList(0, 1))), false);

            assertThat(response.body().path("responses")).hasSize(1);
            assertThat(simulator.recipient("c@contoso.com")).isEmpty();
        }

        @Test
        void refusesMoreThanTenRequestsAndSubRequestsWithoutAnAbsoluteInvokeCommandUrl() {
            ExchangeOnlineSimulator simulator = simulator();
            String bearer = bearer(simulator);
            String body = set("Set-MailUser", "a@contoso.com", "UserCertificate", certificates.subList(0, 1));
            String eleven = batchOf(java.util.Collections.nCopies(11, body).toArray(String[]::new));
            ObjectNode relative = JSON.createObjectNode();
            relative.withArray("requests").add(subRequest("0", "/adminapi/beta/" + TENANT + "/InvokeCommand", body));
            relative.withArray("requests").add(subRequest("1", "https://outlook.office365.com/adminapi/beta/other.onmicrosoft.com/InvokeCommand", body));

            SimulatorResponse tooMany = batch(simulator, bearer, eleven, true);
            SimulatorResponse badUrls = batch(simulator, bearer, relative.toString(), true);

            assertThat(tooMany.status()).isEqualTo(400);
            assertThat(errorMessage(tooMany)).contains("1 to 10 requests", "found 11");
            assertThat(badUrls.status()).isEqualTo(200);
            assertThat(badUrls.body().path("responses")).extracting(r -> r.path("status").asInt()).containsExactly(400, 400);
            assertThat(simulator.recipient("a@contoso.com")).isEmpty();
        }

        @Test
        void theBudgetIsSpentPerCmdletAndAThrottledSubRequestCarriesItsOwnRetryAfter() {
            ExchangeOnlineSimulator simulator = simulator("throttle.requests", "2", "throttle.window", "10s");
            String bearer = bearer(simulator);
            String body = set("Set-MailUser", "a@contoso.com", "UserCertificate", certificates.subList(0, 1));

            clock.advance(Duration.ofMillis(1));
            SimulatorResponse response = batch(simulator, bearer, batchOf(body, body, body), true);

            JsonNode third = response.body().path("responses").get(2);
            assertThat(response.status()).isEqualTo(200);
            assertThat(third.path("status").asInt()).isEqualTo(429);
            assertThat(third.path("headers").path("Retry-After").asText()).isEqualTo("10");
            assertThat(simulator.statistics().budgetRefusals()).isEqualTo(1);
        }

        @Test
        void aBatchIsOneRequestInFlightAndTakesLongerTheMoreItCarries() throws Exception {
            List<Duration> pauses = new java.util.concurrent.CopyOnWriteArrayList<>();
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ExchangeOnlineSimulator simulator = new ExchangeOnlineSimulator(SimulatorSettings.of(Map.of("client-secret", SECRET,
                    "concurrent-limit", "1", "latency", "300ms", "latency-per-cmdlet", "20ms")), clock, delay -> {
                pauses.add(delay);
                entered.countDown();
                release.await(10, TimeUnit.SECONDS);
            });
            String bearer = bearer(simulator);
            String body = set("Set-MailUser", "a@contoso.com", "UserCertificate", certificates.subList(0, 1));

            CompletableFuture<SimulatorResponse> first = CompletableFuture.supplyAsync(() -> batch(simulator, bearer, batchOf(body, body, body), true));
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            SimulatorResponse refused = invoke(simulator, bearer, body);
            release.countDown();

            assertThat(refused.status()).isEqualTo(429);
            assertThat(errorMessage(refused))
                    .isEqualTo("You have reached the maximum number of concurrent requests per tenant. Please wait and try again.");
            assertThat(first.get(10, TimeUnit.SECONDS).body().path("responses")).hasSize(3);
            assertThat(pauses).containsExactly(Duration.ofMillis(360));
            assertThat(simulator.statistics().concurrencyRefusals()).isEqualTo(1);
        }

        @Test
        void anInjectedCmdletErrorAnswers200WithAdminApiErrorsAndSetsNothing() {
            ExchangeOnlineSimulator simulator = simulator();
            String bearer = bearer(simulator);
            simulator.failNextCmdlet("D@contoso.com", "|Microsoft.Exchange.Data.Storage.StoragePermanentException|Boom.");

            SimulatorResponse failed = invoke(simulator, bearer, set("Set-MailUser", "d@contoso.com", "UserCertificate", certificates.subList(0, 1)));
            SimulatorResponse next = invoke(simulator, bearer, set("Set-MailUser", "d@contoso.com", "UserCertificate", certificates.subList(0, 1)));

            assertThat(failed.status()).isEqualTo(200);
            assertThat(failed.body().path("@adminapi.errors").get(0).asText()).endsWith("|Boom.");
            assertThat(next.body().has("@adminapi.errors")).isFalse();
            assertThat(simulator.recipient("d@contoso.com").orElseThrow().modificationCount()).isEqualTo(1);
        }

        @Test
        void anExpiredTokenRefusesTheWholeBatch() {
            ExchangeOnlineSimulator simulator = simulator();
            String body = set("Set-MailUser", "a@contoso.com", "UserCertificate", certificates.subList(0, 1));

            SimulatorResponse response = batch(simulator, "Bearer made-up", batchOf(body, body), true);

            assertThat(response.status()).isEqualTo(401);
            assertThat(simulator.requests()).extracting(LoggedRequest::status).containsExactly(401, 401);
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
        simulator.register("zoe@contoso.com", MailRecipientType.MAIL_USER, false);
        simulator.register("Adam@contoso.com", MailRecipientType.MAIL_USER, false);
        simulator.register("mia@contoso.com", MailRecipientType.MAIL_USER, false);

        assertThat(simulator.recipients()).extracting(SimulatedRecipient::identity)
                .containsExactly("Adam@contoso.com", "mia@contoso.com", "zoe@contoso.com");
    }
}
