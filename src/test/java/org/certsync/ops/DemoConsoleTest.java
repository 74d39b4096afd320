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
    void anyoneRunsOperationsAsAnonymousDemo() throws Exception {
        HttpResponse<String> response = get("/actuator/jolokia/exec/" + control.getObjectName() + "/deadLetters()");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(response.body()).path("status").asInt()).isEqualTo(200);
        assertThat(control.getAuditTrail().get(0)).contains(" anonymous-demo deadLetters()");
    }

    @Test
    void healthShowsItsDetailsToEveryone() throws Exception {
        assertThat(new ObjectMapper().readTree(get("/actuator/health").body()).at("/components/directory/status").asText())
                .isEqualTo("UP");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
