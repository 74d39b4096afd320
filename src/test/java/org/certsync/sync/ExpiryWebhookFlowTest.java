package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.certsync.demo.DemoUser;
import org.certsync.demo.DemoUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * routes/state-expiry-warnings: each recipient about to carry no valid certificate is posted to the webhook once per
 * window, not again on the next run. Demo directory over a socket, the simulator over HTTP, the H2 file, and a small
 * HTTP receiver as the webhook.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.demo=true",
        "certsync.demo.data-dir=",
        "certsync.scheduler.enabled=false",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/expiry-webhook/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/expiry-webhook/last-run.json",
        "certsync.report-dir=target/test-data/expiry-webhook/history"})
class ExpiryWebhookFlowTest extends SyncFlowSupport {

    private static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
    private static final HttpServer WEBHOOK = webhook();

    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void webhookUrl(DynamicPropertyRegistry registry) {
        registry.add("certsync.expiry.webhook-url",
                () -> "http://127.0.0.1:" + WEBHOOK.getAddress().getPort() + "/expiry-warnings");
    }

    @AfterAll
    static void stopWebhook() {
        WEBHOOK.stop(0);
    }

    @Test
    void aRecipientWhoseLastCertificateExpiresSoonIsPostedOncePerWindow() throws Exception {
        String mail = DemoUsers.mail("webhook-soon");
        Instant now = Instant.now();
        byte[] expiring = ca.issue(ca.leaf(mail).withValidity(now.minus(Duration.ofDays(300)), now.plus(Duration.ofDays(10))));
        directory.addUser(new DemoUser("webhook-soon", mail, List.of(), Map.of("userCertificate", List.of(expiring)),
                Set.of(), Set.of(), "added by a test"));

        syncFull();
        await().atMost(Duration.ofSeconds(10)).until(() -> warned(mail) == 1);
        syncFull();
        syncFull();

        JsonNode warning = json.readTree(received(mail).get(0));
        assertThat(warning.get("window").asText()).isEqualTo("30d");
        assertThat(warning.get("daysLeft").asLong()).isBetween(9L, 10L);
        assertThat(Instant.parse(warning.get("lastExpiry").asText())).isEqualTo(now.plus(Duration.ofDays(10))
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        // the later runs' wire taps have finished once the warning of a newly due recipient arrives after them
        String other = DemoUsers.mail("webhook-later");
        directory.addUser(new DemoUser("webhook-later", other, List.of(), Map.of("userCertificate", List.of(ca.issue(
                ca.leaf(other).withValidity(now.minus(Duration.ofDays(300)), now.plus(Duration.ofDays(3)))))),
                Set.of(), Set.of(), "added by a test"));
        syncFull();
        await().atMost(Duration.ofSeconds(10)).until(() -> received(other).size() == 1);
        assertThat(json.readTree(received(other).get(0)).get("window").asText()).isEqualTo("7d");
        assertThat(received(mail)).hasSize(1);
    }

    private int warned(String recipient) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM expiry_warning WHERE recipient = ?", Integer.class, recipient);
    }

    private static List<String> received(String recipient) {
        return RECEIVED.stream().filter(body -> body.contains("\"" + recipient + "\"")).toList();
    }

    private static HttpServer webhook() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/expiry-warnings", exchange -> {
                RECEIVED.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
