package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A broken route file is refused with one clear log line; the routes that ran before go on running. */
@CamelSpringBootTest
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.demo=true",
        "certsync.demo.data-dir=",
        "certsync.scheduler.enabled=false",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/broken-route-edit/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/broken-route-edit/last-run.json"})
class BrokenRouteEditTest extends SyncFlowSupport {

    private static final Path ROUTES = copyOfRoutes();
    private static final Path DIRECTORY_READ = ROUTES.resolve("directory-read.camel.yaml");
    private static final Duration RELOAD = Duration.ofSeconds(60);

    @Autowired
    CamelContext camel;

    @DynamicPropertySource
    static void routesFromCopy(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern", () -> "file:" + ROUTES + "/*.yaml");
        registry.add("camel.main.routes-reload-directory", ROUTES::toString);
    }

    @Test
    void invalidYamlIsRefusedAndTheRoutesKeepRunning(CapturedOutput log) throws IOException {
        assertBrokenEditIsRefused(log, yaml -> yaml.replace("      steps:", "      steps: [unclosed"));
    }

    @Test
    void unknownEipIsRefusedAndTheRoutesKeepRunning(CapturedOutput log) throws IOException {
        assertBrokenEditIsRefused(log, yaml -> yaml.replace("- bean:", "- beanLater:"));
    }

    @Test
    void unknownEndpointIsRefusedAndTheRoutesKeepRunning(CapturedOutput log) throws IOException {
        assertBrokenEditIsRefused(log, yaml -> yaml.replace("uri: ldap:certsyncLdap", "uri: ldapx:certsyncLdap"));
    }

    private void assertBrokenEditIsRefused(CapturedOutput log, UnaryOperator<String> breakage) throws IOException {
        // full reads, so that every run reads the same users
        int usersBefore = syncFull().usersScanned();
        List<String> routesBefore = routeIds();
        String good = Files.readString(DIRECTORY_READ);
        int logBefore = log.getAll().length();

        String broken = breakage.apply(good);
        assertThat(broken).as("the edit must change the route file").isNotEqualTo(good);
        Files.writeString(DIRECTORY_READ, broken);

        await().atMost(RELOAD).pollInterval(Duration.ofMillis(500)).until(() -> log.getAll().substring(logBefore)
                .contains("Refused route file file:" + DIRECTORY_READ));
        assertThat(log.getAll().substring(logBefore)).contains("The routes of its last good version keep running");
        assertThat(routeIds()).containsExactlyInAnyOrderElementsOf(routesBefore);
        RunReport report = syncFull();
        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(report.usersScanned()).isEqualTo(usersBefore);

        int logBeforeFix = log.getAll().length();
        Files.writeString(DIRECTORY_READ, good);
        await().atMost(RELOAD).pollInterval(Duration.ofMillis(500))
                .until(() -> log.getAll().substring(logBeforeFix).contains("Routes reloaded summary"));
        assertThat(syncFull().usersScanned()).isEqualTo(usersBefore);
    }

    private List<String> routeIds() {
        return camel.getRoutes().stream().map(Route::getRouteId).toList();
    }
}
