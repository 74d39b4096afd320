package org.certsync.demo.simulator;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.certsync.certificate.Fingerprints;
import org.certsync.exchangeonline.AccessToken;
import org.certsync.exchangeonline.AccessTokens;
import org.certsync.exchangeonline.ExchangeOnlineAuthenticationException;
import org.certsync.exchangeonline.BatchRequest;
import org.certsync.exchangeonline.ExchangeOnlineSettings;
import org.certsync.exchangeonline.InvokeCommandOutcome;
import org.certsync.exchangeonline.InvokeCommandOutcome.Kind;
import org.certsync.exchangeonline.InvokeCommandRequest;
import org.certsync.exchangeonline.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** AccessTokens and InvokeCommandRequest against the simulator, over real HTTP on 127.0.0.1. */
class ExchangeOnlineSimulatorHttpTest extends SimulatorHttpTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static List<byte[]> certificates;

    @TempDir
    Path directory;

    @BeforeAll
    static void makeCertificates() {
        certificates = TestCertificates.userCertificates(16);
    }

    private static String identity(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@contoso.com";
    }

    private InvokeCommandRequest setCertificates(String identity, List<byte[]> userCertificate) {
        return InvokeCommandRequest.setCertificates(secretSettings(SECRET), identity, userCertificate, List.of());
    }

    private static List<String> fingerprints(List<byte[]> values) {
        return values.stream().map(Fingerprints::sha256).toList();
    }

    private JsonNode getJson(String path) throws IOException {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    // --- tokens

    @Test
    void aClientSecretTokenIsRequestedOnceForManyCalls() {
        int issuedBefore = simulator.tokensIssued();
        AccessTokens tokens = tokens(secretSettings(SECRET));

        for (int i = 0; i < 5; i++) {
            assertThat(publish(tokens, setCertificates(identity("cached"), certificates.subList(0, 1))).kind()).isEqualTo(Kind.SUCCESS);
        }

        assertThat(simulator.tokensIssued() - issuedBefore).isEqualTo(1);
    }

    @Test
    void aTokenIsReusedUntilItIsWithinTheRefreshMarginOfItsExpiry() {
        // tokens for 5 minutes and 2 seconds: outside the 5-minute margin for 2 seconds
        simulator.reconfigure(s -> s.withTokenLifetime(Duration.ofMinutes(5).plusSeconds(2)));
        AccessTokens tokens = tokens(secretSettings(SECRET));
        int issuedBefore = simulator.tokensIssued();
        AccessToken first = tokens.current();

        assertThat(tokens.current()).isEqualTo(first);
        assertThat(simulator.tokensIssued() - issuedBefore).isEqualTo(1);
        AccessToken renewed = await().atMost(Duration.ofSeconds(10))
                .until(tokens::current, token -> !token.value().equals(first.value()));

        assertThat(renewed.expiresAt()).isAfter(first.expiresAt());
        assertThat(simulator.tokensIssued() - issuedBefore).isEqualTo(2);
    }

    @Test
    void concurrentCallersShareOneTokenRequest() throws Exception {
        AccessTokens tokens = tokens(secretSettings(SECRET));
        int issuedBefore = simulator.tokensIssued();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<AccessToken>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(callers.submit(() -> {
                    start.await();
                    return tokens.current();
                }));
            }
            start.countDown();
            for (Future<AccessToken> result : results) assertThat(result.get(30, TimeUnit.SECONDS)).isNotNull();
        } finally {
            callers.shutdownNow();
        }

        assertThat(simulator.tokensIssued() - issuedBefore).isEqualTo(1);
    }

    @Test
    void aCertificateCredentialFromPkcs12OrPemGetsATokenWithAClientAssertion() {
        Path p12 = TestCertificates.writePkcs12(directory.resolve("app.p12"), APP_KEYS, APP_CERTIFICATE, P12_PASSWORD);
        Path pem = TestCertificates.writePem(directory.resolve("app.pem"), APP_KEYS, APP_CERTIFICATE, "pem-password");
        int issuedBefore = simulator.tokensIssued();

        for (ExchangeOnlineSettings settings : List.of(settings(null, p12, P12_PASSWORD), settings(null, pem, "pem-password"))) {
            InvokeCommandRequest request = InvokeCommandRequest.setCertificates(settings, identity("cert"), certificates.subList(0, 2), null);
            assertThat(publish(tokens(settings), request).kind()).isEqualTo(Kind.SUCCESS);
        }

        assertThat(simulator.tokensIssued() - issuedBefore).isEqualTo(2);
    }

    @Test
    void anAssertionSignedWithAnotherKeyIsRefusedNamingTheCertificateProperty() {
        KeyPair otherKeys = TestCertificates.rsaKeyPair();
        Path p12 = TestCertificates.writePkcs12(directory.resolve("other.p12"), otherKeys,
                TestCertificates.selfSigned(otherKeys, "not registered"), P12_PASSWORD);

        assertThatThrownBy(() -> tokens(settings(null, p12, P12_PASSWORD)).current())
                .isInstanceOf(ExchangeOnlineAuthenticationException.class)
                .hasMessageContaining("refused (401 invalid_client: AADSTS700027:")
                .hasMessageEndingWith("check certsync.exchange.client-certificate");
    }

    @Test
    void aWrongSecretGivesAClearMessageWithoutTheSecret() {
        String wrong = "wrong-secret-" + UUID.randomUUID();

        assertThatThrownBy(() -> tokens(secretSettings(wrong)).current())
                .isInstanceOf(ExchangeOnlineAuthenticationException.class)
                .hasMessageStartingWith("Token request to " + baseUrl() + "/login/" + TENANT + "/oauth2/v2.0/token refused"
                        + " (401 invalid_client: AADSTS7000215: Invalid client secret provided.")
                .hasMessageEndingWith("): check certsync.exchange.client-secret")
                .message().doesNotContain(wrong).doesNotContain("Trace ID");
    }

    @Test
    void anUnknownClientIdOrScopeNamesItsProperty() {
        ExchangeOnlineSettings wrongClient = new ExchangeOnlineSettings(TENANT, "unknown-app", SECRET, null, null,
                URI.create(baseUrl() + "/login"), null, null, null, null, null, null, null);
        ExchangeOnlineSettings wrongScope = new ExchangeOnlineSettings(TENANT, CLIENT_ID, SECRET, null, null,
                URI.create(baseUrl() + "/login"), null, "https://graph.microsoft.com/.default", null, null, null, null, null);

        assertThatThrownBy(() -> tokens(wrongClient).current())
                .hasMessageContaining("(400 unauthorized_client: AADSTS700016: Application with identifier 'unknown-app'")
                .hasMessageEndingWith("check certsync.exchange.client-id");
        assertThatThrownBy(() -> tokens(wrongScope).current())
                .hasMessageContaining("AADSTS500011")
                .hasMessageEndingWith("check certsync.exchange.scope");
    }

    @Test
    void anUnreachableLoginEndpointNamesTheProperty() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ExchangeOnlineSettings settings = new ExchangeOnlineSettings(TENANT, CLIENT_ID, SECRET, null, null,
                URI.create("http://127.0.0.1:" + closedPort), null, null, null, null, null, null, null);

        assertThatThrownBy(() -> tokens(settings).current())
                .isInstanceOf(ExchangeOnlineAuthenticationException.class)
                .hasMessage("cannot reach login endpoint (certsync.exchange.login-url=http://127.0.0.1:" + closedPort
                        + "): ConnectException: Connection refused");
    }

    @Test
    void anExpiredTokenIsAnsweredWith401AndRenewedAfterInvalidation() {
        // only the tenant's clock moves, so the client still trusts the token the tenant now finds expired
        AccessTokens tokens = tokens(secretSettings(SECRET));
        AccessToken first = tokens.current();
        int issuedBefore = simulator.tokensIssued();
        clock.advance(Duration.ofMinutes(61));

        InvokeCommandRequest request = setCertificates(identity("expired"), certificates.subList(0, 1));
        HttpResponse<String> refused = send(request, tokens.current());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).contains("Bearer error=\"invalid_token\"");
        assertThat(outcome(refused).kind()).isEqualTo(Kind.UNAUTHORIZED);

        tokens.invalidate(first);
        assertThat(publish(tokens, request).kind()).isEqualTo(Kind.SUCCESS);
        assertThat(simulator.tokensIssued() - issuedBefore).isEqualTo(1);
    }

    // --- faults and Exchange's rules

    @Test
    void overTheRequestBudgetTheAnswerIs429WithRetryAfter() {
        AccessTokens tokens = tokens(secretSettings(SECRET));
        tokens.current();
        clock.advance(Duration.ofMinutes(1));  // a fresh window, whatever earlier tests spent
        simulator.reconfigure(s -> s.withThrottle(new SimulatorSettings.Throttle(2, Duration.ofMinutes(1))));
        String identity = identity("throttled");

        assertThat(publish(tokens, setCertificates(identity, certificates.subList(0, 1))).kind()).isEqualTo(Kind.SUCCESS);
        clock.advance(Duration.ofSeconds(15));
        assertThat(publish(tokens, setCertificates(identity, certificates.subList(0, 1))).kind()).isEqualTo(Kind.SUCCESS);
        HttpResponse<String> throttled = send(setCertificates(identity, certificates.subList(0, 1)), tokens.current());

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).contains("45");
        InvokeCommandOutcome outcome = outcome(throttled);
        assertThat(outcome.kind()).isEqualTo(Kind.THROTTLED);
        assertThat(outcome.retryAfter()).contains(Duration.ofSeconds(45));
    }

    @Test
    void aDirectorySynchronizedRecipientGivesTheWriteScopeErrorClassifiedPermanent() {
        String identity = identity("synced");
        simulator.register(identity, MailRecipientType.MAIL_USER, true);

        HttpResponse<String> response = send(setCertificates(identity, certificates.subList(0, 1)), tokens(secretSettings(SECRET)).current());
        InvokeCommandOutcome outcome = outcome(response);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(outcome.message()).contains("out of the current user's write scope");
        assertThat(outcome.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(outcome.explanation()).isEqualTo("the recipient is synchronized from on-premises AD: publish the certificate"
                + " in on-premises AD and let Entra Connect sync it, or exclude the user");
    }

    @Test
    void moreThanFifteenValuesAreRejected() {
        InvokeCommandOutcome outcome = publish(tokens(secretSettings(SECRET)), setCertificates(identity("many"), certificates.subList(0, 16)));

        assertThat(outcome.status()).isEqualTo(400);
        assertThat(outcome.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(outcome.message()).contains("ExceededAllowedLength");
    }

    @Test
    void anUnknownRecipientWithoutAutoCreationIsPermanent() {
        simulator.reconfigure(s -> s.withAutoCreateRecipients(false));

        InvokeCommandOutcome outcome = publish(tokens(secretSettings(SECRET)), setCertificates(identity("ghost"), certificates.subList(0, 1)));

        assertThat(outcome.status()).isEqualTo(404);
        assertThat(outcome.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(outcome.explanation()).startsWith("the recipient does not exist in Exchange Online");
    }

    @Test
    void anEmptyListClearsTheAttribute() throws IOException {
        AccessTokens tokens = tokens(secretSettings(SECRET));
        String identity = identity("cleared");
        publish(tokens, setCertificates(identity, certificates.subList(0, 2)));

        assertThat(publish(tokens, setCertificates(identity, List.of())).kind()).isEqualTo(Kind.SUCCESS);

        JsonNode recipient = getJson("/recipients/" + identity);
        assertThat(recipient.path("userCertificate")).isEmpty();
        assertThat(recipient.path("modificationCount").asInt()).isEqualTo(2);
    }

    @Test
    void valuesInTheModulesFormatArriveIntact() {
        ExchangeOnlineSettings settings = secretSettings(SECRET);
        String identity = identity("bytes");

        InvokeCommandOutcome outcome = publish(tokens(settings),
                InvokeCommandRequest.setCertificates(settings, identity, certificates.subList(0, 2), certificates.subList(2, 3)));

        assertThat(outcome.kind()).isEqualTo(Kind.SUCCESS);
        SimulatedRecipient recipient = simulator.recipient(identity).orElseThrow();
        assertThat(recipient.userCertificate()).isEqualTo(fingerprints(certificates.subList(0, 2)));
        assertThat(recipient.userSmimeCertificate()).isEqualTo(fingerprints(certificates.subList(2, 3)));
    }

    @Test
    void aBatchOverHttpIsAnsweredPerRecipientAndTheAnchorMailboxArrives() {
        ExchangeOnlineSettings settings = secretSettings(SECRET);
        String first = identity("batch-a");
        String synced = identity("batch-synced");
        simulator.register(synced, MailRecipientType.MAIL_USER, true);
        simulator.clearRequests();
        BatchRequest batch = new BatchRequest(settings, List.of(
                InvokeCommandRequest.setCertificates(settings, first, certificates.subList(0, 2), List.of()),
                InvokeCommandRequest.setCertificates(settings, synced, certificates.subList(2, 3), List.of())));
        AccessToken token = tokens(settings).current();
        HttpRequest.Builder request = HttpRequest.newBuilder(batch.uri()).POST(HttpRequest.BodyPublishers.ofString(batch.body(token)));
        batch.headers(token).forEach(request::header);

        HttpResponse<String> response = exchange(request.build());
        List<BatchRequest.Answer> answers = batch.answers(response.body(), null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(answers).extracting(a -> a.outcome().kind()).containsExactly(Kind.SUCCESS, Kind.PERMANENT);
        assertThat(answers.get(1).outcome().explanation()).contains("synchronized from on-premises AD");
        assertThat(simulator.recipient(first).orElseThrow().userCertificate()).isEqualTo(fingerprints(certificates.subList(0, 2)));
        assertThat(simulator.requests()).extracting(LoggedRequest::batched, LoggedRequest::anchorMailbox).containsOnly(
                tuple(true, "APP:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}@" + TENANT));
    }

    @Test
    void aMissingTokenIsAnswered401WithWwwAuthenticate() {
        HttpResponse<String> response = exchange(HttpRequest.newBuilder(secretSettings(SECRET).invokeCommandEndpoint())
                .POST(HttpRequest.BodyPublishers.ofString(setCertificates(identity("anonymous"), List.of()).body())).build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer error=\"invalid_token\"");
    }

    // --- the inspection endpoints

    @Test
    void recipientsShowFingerprintsNotCertificates() throws IOException {
        AccessTokens tokens = tokens(secretSettings(SECRET));
        String mailbox = "a-" + identity("mailbox");
        String mailUser = "b-" + identity("mailuser");
        simulator.register(mailbox, MailRecipientType.USER_MAILBOX, false);
        ExchangeOnlineSettings mailboxSettings = new ExchangeOnlineSettings(TENANT, CLIENT_ID, SECRET, null, null,
                URI.create(baseUrl() + "/login"), URI.create(baseUrl() + "/exchange"), null, "Set-Mailbox", null, null, null, null);
        publish(tokens, InvokeCommandRequest.setCertificates(mailboxSettings, mailbox, certificates.subList(0, 1), certificates.subList(1, 3)));
        publish(tokens, setCertificates(mailUser, certificates.subList(3, 4)));

        HttpResponse<String> raw = get("/recipients");
        JsonNode all = JSON.readTree(raw.body());
        List<String> identities = all.findValuesAsText("identity");
        assertThat(identities).containsSubsequence(mailbox, mailUser);
        assertThat(identities).isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER);
        assertThat(raw.body()).doesNotContain(Base64.getEncoder().encodeToString(certificates.get(0)));

        JsonNode one = getJson("/recipients/" + mailbox.toUpperCase());
        assertThat(one.path("identity").asText()).isEqualTo(mailbox);
        assertThat(one.path("type").asText()).isEqualTo("UserMailbox");
        assertThat(one.path("dirSynced").asBoolean()).isFalse();
        assertThat(one.path("userCertificate")).extracting(JsonNode::asText).isEqualTo(fingerprints(certificates.subList(0, 1)));
        assertThat(one.path("userSmimeCertificate")).extracting(JsonNode::asText).isEqualTo(fingerprints(certificates.subList(1, 3)));
        assertThat(one.path("modificationCount").asInt()).isEqualTo(1);
        assertThat(get("/recipients/nobody@contoso.com").statusCode()).isEqualTo(404);
    }

    @Test
    void theRequestLogEchoesTheClientRequestIdAndCanBeCleared() throws IOException {
        InvokeCommandRequest request = setCertificates(identity("logged"), certificates.subList(0, 1));
        HttpResponse<String> response = send(request, tokens(secretSettings(SECRET)).current());
        assertThat(response.headers().firstValue("client-request-id")).contains(request.requestId());

        JsonNode log = getJson("/requests");
        JsonNode last = log.get(log.size() - 1);
        assertThat(last.path("requestId").asText()).isEqualTo(request.requestId());
        assertThat(last.path("cmdlet").asText()).isEqualTo("Set-MailUser");
        assertThat(last.path("identity").asText()).isEqualTo(request.identity());
        assertThat(last.path("status").asInt()).isEqualTo(200);
        assertThat(last.path("tokenValid").asBoolean()).isTrue();
        assertThat(last.path("throttled").asBoolean()).isFalse();

        HttpResponse<String> cleared = exchange(HttpRequest.newBuilder(URI.create(baseUrl() + "/requests")).DELETE().build());
        assertThat(cleared.statusCode()).isEqualTo(204);
        assertThat(getJson("/requests")).isEmpty();
    }
}
