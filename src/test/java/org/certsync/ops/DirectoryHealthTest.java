package org.certsync.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.certsync.testsupport.TestDirectory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.certsync.testsupport.TenantFixture;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The directory and readiness health follow an LDAP server that goes down and comes back. */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.scheduler.enabled=false",
        "certsync.ldap.url=${certsync.test.health-directory-url}",
        "certsync.ldap.bind-dn=" + TestDirectory.BIND_DN,
        "certsync.ldap.password=" + TestDirectory.PASSWORD,
        "certsync.ldap.base-dn=" + TestDirectory.BASE,
        "certsync.ldap.user-filter=(mail=*)",
        "certsync.health.directory-timeout=2s",
        // a short cache: the test follows the server going down and coming back
        "certsync.health.directory-cache=200ms",
        // outside the demo, health details are for console users
        "certsync.console.users.petra.roles=viewer",
        "certsync.console.users.petra.password={noop}" + DirectoryHealthTest.VIEWER_PASSWORD,
        "spring.datasource.url=jdbc:h2:file:./target/test-data/directory-health/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/directory-health/last-run.json"})
class DirectoryHealthTest {

    /** Outside the demo: a directory of its own, and the simulated tenant as a fixture. */
    @DynamicPropertySource
    static void tenant(DynamicPropertyRegistry registry) {
        TenantFixture.register(registry);
    }

    static final String VIEWER_PASSWORD = "health-viewer-secret";
    private static final TestDirectory DIRECTORY = TestDirectory.start();
    private static final Duration CHANGE = Duration.ofSeconds(20);

    static {
        // a system property, because the demo defaults are decided before dynamic test properties exist
        System.setProperty("certsync.test.health-directory-url", DIRECTORY.url());
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    ProducerTemplate producer;

    @Test
    void directoryIsDownWhileTheLdapServerIsStoppedAndUpWhenItReturns() throws Exception {
        assertThat(component("directory").path("status").asText()).isEqualTo("UP");
        assertThat(status("/actuator/health/readiness")).isEqualTo(200);

        DIRECTORY.stop();
        try {
            await().atMost(CHANGE).until(() -> component("directory").path("status").asText().equals("DOWN"));
            assertThat(component("directory").at("/details/error").asText())
                    .startsWith("cannot reach the LDAP server at certsync.ldap.url=" + DIRECTORY.url());
            assertThat(status("/actuator/health/readiness")).isEqualTo(503);
            assertThat(status("/actuator/health/liveness")).isEqualTo(200);
        } finally {
            DIRECTORY.resume();
        }

        await().atMost(CHANGE).until(() -> component("directory").path("status").asText().equals("UP"));
        assertThat(status("/actuator/health/readiness")).isEqualTo(200);
    }

    @Test
    void lastRunIsDownAfterAFailedRunWithItsReason() throws Exception {
        // the test directory holds no users: a run that reads none fails so that nothing is changed
        producer.sendBody("direct:sync-run", null);

        JsonNode lastRun = component("lastRun");

        assertThat(lastRun.path("status").asText()).isEqualTo("DOWN");
        assertThat(lastRun.at("/details/reason").asText()).startsWith("the last run failed: ");
        assertThat(lastRun.at("/details/status").asText()).isEqualTo("FAILED");
    }

    @Test
    void theDemosSimulatedTenantIsNotServedOutsideTheDemo() throws Exception {
        HttpResponse<String> recipients = http.send(withViewer(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/simulator/recipients"))).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(recipients.statusCode()).isEqualTo(404);
    }

    private static HttpRequest.Builder withViewer(HttpRequest.Builder request) {
        return request.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                ("petra:" + VIEWER_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private JsonNode component(String name) throws Exception {
        HttpRequest request = withViewer(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))).build();
        return json.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body()).path("components").path(name);
    }

    private int status(String path) throws Exception {
        return get(path).statusCode();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
