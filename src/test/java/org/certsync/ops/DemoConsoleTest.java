package org.certsync.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** In demo mode the console is open to everyone, who acts as anonymous-demo, and the log says so. */
@CamelSpringBootTest
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.demo=true",
        "certsync.demo.data-dir=",
        "certsync.scheduler.enabled=false",
        "spring.jmx.enabled=true",
        // other test applications in this JVM export the same beans (the data source, ...) over JMX
        "spring.jmx.unique-names=true",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/demo-console/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/demo-console/last-run.json"})
class DemoConsoleTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    SyncControl control;

    @Test
    void theLogSaysTheConsoleIsOpen(CapturedOutput log) {
        assertThat(log.getAll()).contains("/actuator/hawtio - open without login");
    }

    @Test
    void anyoneRunsOperationsAsAnonymousDemoOverPostWithTheCsrfToken() throws Exception {
        HttpResponse<String> page = get("/actuator/hawtio/");
        String token = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("XSRF-TOKEN="))
                .map(c -> c.substring("XSRF-TOKEN=".length(), c.indexOf(';'))).findFirst().orElseThrow();
        String exec = "{\"type\":\"exec\",\"mbean\":\"" + control.getObjectName() + "\",\"operation\":\"deadLetters()\"}";

        HttpResponse<String> withoutToken = post("/actuator/jolokia", exec);
        HttpResponse<String> withToken = post("/actuator/jolokia", exec, "Cookie", "XSRF-TOKEN=" + token,
                "X-XSRF-TOKEN", token);

        assertThat(withoutToken.statusCode()).isEqualTo(403);
        assertThat(withToken.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(withToken.body()).path("status").asInt()).isEqualTo(200);
        assertThat(control.getAuditTrail().get(0)).contains(" anonymous-demo deadLetters()");
    }

    @Test
    void operationsOverGetAreRefusedEvenInTheDemo() throws Exception {
        HttpResponse<String> response = get("/actuator/jolokia/exec/" + control.getObjectName() + "/deadLetters()");

        assertThat(new ObjectMapper().readTree(response.body()).path("status").asInt()).isEqualTo(403);
        assertThat(control.getAuditTrail().get(0))
                .contains(" anonymous-demo deadLetters(on " + control.getObjectName() + "): refused: operations and writes only over POST");
    }

    @Test
    void healthShowsItsDetailsToEveryone() throws Exception {
        assertThat(new ObjectMapper().readTree(get("/actuator/health").body()).at("/components/directory/status").asText())
                .isEqualTo("UP");
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) request.headers(headers);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
