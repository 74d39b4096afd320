package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.certsync.demo.DemoUser;
import org.certsync.demo.DemoUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * routes/state-expiry-warnings: each recipient about to carry no valid certificate is posted to the webhook once per
 * window and last expiry, with the configured Authorization header; a busy webhook is tried again, a refused warning
 * is sent after the next run, two runs ending moments apart send it once, a dry run sends none, and the rows of
 * renewed recipients go. Demo directory over a socket, the simulator over HTTP, the H2 file, and a small HTTP receiver
 * as the webhook.
 */
@CamelSpringBootTest
@DisableJmx(false)
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.demo=true",
        "certsync.demo.data-dir=",
        "certsync.scheduler.enabled=false",
        "certsync.expiry.webhook-authorization=" + ExpiryWebhookFlowTest.AUTHORIZATION,
        "certsync.expiry.webhook-retry.redeliveries=2",
        "certsync.expiry.webhook-retry.initial-delay-ms=10",
        "certsync.expiry.webhook-retry.max-delay-ms=20",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/expiry-webhook/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/expiry-webhook/last-run.json",
        "certsync.report-dir=target/test-data/expiry-webhook/history"})
class ExpiryWebhookFlowTest extends SyncFlowSupport {

    static final String AUTHORIZATION = "Bearer webhook-secret-7f3a";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every post as received: recipient, body, Authorization header. */
    private static final List<Post> RECEIVED = new CopyOnWriteArrayList<>();
    /** The answer per recipient; 204 for any other. */
    private static final Map<String, Integer> ANSWERS = new ConcurrentHashMap<>();
    /** A recipient whose first post waits until {@link #release} opens. */
    private static volatile String held;
    private static final CountDownLatch HOLDING = new CountDownLatch(1);
    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static final HttpServer WEBHOOK = webhook();

    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CamelContext camel;

    record Post(String recipient, String body, String authorization) {
    }

    @DynamicPropertySource
    static void webhookUrl(DynamicPropertyRegistry registry) {
        registry.add("certsync.expiry.webhook-url",
                () -> "http://127.0.0.1:" + WEBHOOK.getAddress().getPort() + "/expiry-warnings");
    }

    @AfterAll
    static void stopWebhook() {
        RELEASE.countDown();
        WEBHOOK.stop(0);
    }

    @Test
    void aRecipientWhoseLastCertificateExpiresSoonIsPostedOncePerWindow() throws Exception {
        String mail = DemoUsers.mail("webhook-soon");
        Instant now = Instant.now();
        addExpiring("webhook-soon", now.plus(Duration.ofDays(10)));

        syncFull();
        await().atMost(Duration.ofSeconds(10)).until(() -> warned(mail) == 1);
        syncFull();
        syncFull();

        JsonNode warning = json.readTree(received(mail).get(0).body());
        assertThat(warning.get("window").asText()).isEqualTo("30d");
        assertThat(warning.get("daysLeft").asLong()).isBetween(9L, 10L);
        assertThat(Instant.parse(warning.get("lastExpiry").asText())).isEqualTo(now.plus(Duration.ofDays(10))
                .truncatedTo(ChronoUnit.SECONDS));
        assertThat(received(mail).get(0).authorization()).isEqualTo(AUTHORIZATION);
        // the later runs' wire taps have finished once the warning of a newly due recipient arrives after them
        String other = DemoUsers.mail("webhook-later");
        addExpiring("webhook-later", now.plus(Duration.ofDays(3)));
        syncFull();
        await().atMost(Duration.ofSeconds(10)).until(() -> received(other).size() == 1);
        assertThat(json.readTree(received(other).get(0).body()).get("window").asText()).isEqualTo("7d");
        assertThat(received(mail)).hasSize(1);
    }

    @Test
    void aBusyWebhookIsTriedAgainAndARefusedWarningIsSentAfterTheNextRun(CapturedOutput output) {
        String busy = DemoUsers.mail("webhook-busy");
        String refusing = DemoUsers.mail("webhook-refusing");
        ANSWERS.put(busy, 503);
        ANSWERS.put(refusing, 400);
        Instant now = Instant.now();
        addExpiring("webhook-busy", now.plus(Duration.ofDays(12)));
        addExpiring("webhook-refusing", now.plus(Duration.ofDays(13)));

        long taps = tapsDone();
        syncFull();
        await().atMost(Duration.ofSeconds(10)).until(() -> tapsDone() > taps);

        // 5xx: the first try and certsync.expiry.webhook-retry.redeliveries more; a 4xx refusal: once
        assertThat(received(busy)).hasSize(3);
        assertThat(received(refusing)).hasSize(1);
        assertThat(warned(busy)).isZero();
        assertThat(warned(refusing)).isZero();
        assertThat(lines(output, busy)).singleElement().satisfies(line -> assertThat(line)
                .contains("30d window", "HTTP 503", "sent again after the next run"));
        assertThat(lines(output, refusing)).singleElement().satisfies(line -> assertThat(line).contains("HTTP 400"));
        assertThat(output.getAll()).doesNotContain("webhook-secret-7f3a");

        ANSWERS.clear();
        long again = tapsDone();
        syncFull();
        await().atMost(Duration.ofSeconds(10)).until(() -> tapsDone() > again);
        assertThat(received(busy)).hasSize(4);
        assertThat(received(refusing)).hasSize(2);
        assertThat(warned(busy)).isEqualTo(1);
        assertThat(warned(refusing)).isEqualTo(1);
    }

    @Test
    void twoRunsEndingMomentsApartPostAWarningOnce() {
        String mail = DemoUsers.mail("webhook-twice");
        addExpiring("webhook-twice", Instant.now().plus(Duration.ofDays(14)));
        held = mail;

        syncFull();
        await().atMost(Duration.ofSeconds(10)).until(() -> HOLDING.getCount() == 0);
        long taps = tapsDone();
        // the first run's warning is being posted: the second run's wire tap finds it claimed
        syncFull();
        await().atMost(Duration.ofSeconds(10)).until(() -> tapsDone() > taps);
        RELEASE.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> tapsDone() > taps + 1);

        assertThat(received(mail)).hasSize(1);
        assertThat(warned(mail)).isEqualTo(1);
    }

    @Test
    void aRenewedRecipientIsWarnedAgainWhenItsNewCertificateNearsItsEndAndItsRowsGoOnceItLasts() throws Exception {
        String mail = DemoUsers.mail("webhook-renewed");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        addExpiring("webhook-renewed", now.plus(Duration.ofDays(10)));
        syncAndWait();
        assertThat(received(mail)).hasSize(1);

        // renewed, but the new certificate too expires within 30 days: a warning of the new last expiry
        directory.replaceValues("webhook-renewed", "userCertificate", ca.issue(ca.leaf(mail)
                .withValidity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(20)))));
        syncAndWait();
        assertThat(received(mail)).hasSize(2);
        assertThat(Instant.parse(json.readTree(received(mail).get(1).body()).get("lastExpiry").asText()))
                .isEqualTo(now.plus(Duration.ofDays(20)));
        assertThat(warned(mail)).as("the row of the earlier last expiry went").isEqualTo(1);

        // renewed for good: no window holds it, its row goes
        directory.replaceValues("webhook-renewed", "userCertificate", ca.issue(ca.leaf(mail)));
        syncAndWait();
        assertThat(received(mail)).hasSize(2);
        assertThat(warned(mail)).isZero();
    }

    @Test
    void aDryRunSendsAndRecordsNoWarning() {
        String mail = DemoUsers.mail("webhook-dry");
        ANSWERS.put(mail, 400);
        addExpiring("webhook-dry", Instant.now().plus(Duration.ofDays(15)));
        syncAndWait();
        assertThat(received(mail)).hasSize(1);
        assertThat(warned(mail)).isZero();
        ANSWERS.remove(mail);

        long taps = tapsDone();
        producer.sendBodyAndHeaders("direct:sync-run", null, Map.of(ReadPlanner.FULL_READ, true, SyncRuns.DRY_RUN, true));
        assertThat(runs.lastReport().orElseThrow().dryRun()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> tapsDone() > taps);
        assertThat(received(mail)).hasSize(1);
        assertThat(warned(mail)).isZero();

        syncAndWait();
        assertThat(received(mail)).hasSize(2);
        assertThat(warned(mail)).isEqualTo(1);
    }

    private void addExpiring(String uid, Instant lastExpiry) {
        String mail = DemoUsers.mail(uid);
        byte[] certificate = ca.issue(ca.leaf(mail).withValidity(lastExpiry.minus(Duration.ofDays(300)), lastExpiry));
        directory.addUser(new DemoUser(uid, mail, List.of(), Map.of("userCertificate", List.of(certificate)),
                Set.of(), Set.of(), "added by a test"));
    }

    /** A full run, then its expiry warnings (a wire tap) done. */
    private void syncAndWait() {
        long taps = tapsDone();
        syncFull();
        await().atMost(Duration.ofSeconds(10)).until(() -> tapsDone() > taps);
    }

    /** How many runs' expiry warnings have finished (the wire tap's exchanges of state-expiry-warnings). */
    private long tapsDone() {
        return camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                .getManagedRoute("state-expiry-warnings").getExchangesTotal();
    }

    /** The recipient's warnings the webhook took. */
    private int warned(String recipient) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM expiry_warning WHERE recipient = ? AND sent_at IS NOT NULL",
                Integer.class, recipient);
    }

    private static List<String> lines(CapturedOutput output, String recipient) {
        return output.getAll().lines().filter(line -> line.contains(recipient) && line.contains("not delivered")).toList();
    }

    private static List<Post> received(String recipient) {
        return RECEIVED.stream().filter(post -> recipient.equals(post.recipient())).toList();
    }

    private static HttpServer webhook() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            // one thread per post: a held post does not hold the others
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/expiry-warnings", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String recipient = JSON.readTree(body).path("recipient").asText();
                RECEIVED.add(new Post(recipient, body, exchange.getRequestHeaders().getFirst("Authorization")));
                if (recipient.equals(held) && HOLDING.getCount() > 0) {
                    HOLDING.countDown();
                    try {
                        RELEASE.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                exchange.sendResponseHeaders(ANSWERS.getOrDefault(recipient, 204), -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
