package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Editing a route file while the service runs changes its behaviour without rebuild or restart. */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.demo=true",
        "certsync.demo.data-dir=",
        "certsync.scheduler.enabled=false",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/route-reload/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/route-reload/last-run.json"})
class RouteReloadTest extends SyncFlowSupport {

    private static final Path ROUTES = copyOfRoutes();

    @DynamicPropertySource
    static void routesFromCopy(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern", () -> "file:" + ROUTES + "/*.yaml");
        registry.add("camel.main.routes-reload-directory", ROUTES::toString);
    }

    @Test
    void editedDirectoryReadRouteTakesEffectWithoutRestart() throws IOException {
        assertThat(sync().usersScanned()).isGreaterThan(1);

        Path route = ROUTES.resolve("directory-read.camel.yaml");
        // an operator narrows the read to one user, after the planner chose the filter
        String edited = Files.readString(route).replace("            method: plan\n",
                "            method: plan\n        - setBody:\n            constant: \"(uid=user01)\"\n");
        assertThat(edited).contains("(uid=user01)");
        Files.writeString(route, edited);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> sync().usersScanned() == 1);
    }
}
