package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.certsync.testsupport.ConfigMapVolume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Routes mounted from a Kubernetes ConfigMap: editing the ConfigMap changes the behaviour without a restart. The kubelet
 * swaps the {@code ..data} link and never touches the route files' own links, so no *.yaml entry of the folder changes.
 */
@CamelSpringBootTest
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.demo=true",
        "certsync.demo.data-dir=",
        "certsync.scheduler.enabled=false",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/configmap-route-reload/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/configmap-route-reload/last-run.json"})
class ConfigMapRouteReloadTest extends SyncFlowSupport {

    private static final Map<String, String> ROUTES = ConfigMapVolume.dataOf(Path.of("routes"));
    private static final ConfigMapVolume VOLUME = ConfigMapVolume.of(ROUTES);
    private static final String DIRECTORY_READ = "directory-read.camel.yaml";
    private static final String ADDED = "configmap-added.camel.yaml";
    private static final Duration RELOAD = Duration.ofSeconds(60);

    @Autowired
    CamelContext camel;

    @DynamicPropertySource
    static void routesFromConfigMap(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern", () -> "file:" + VOLUME.dir() + "/*.yaml");
        registry.add("camel.main.routes-reload-directory", () -> VOLUME.dir().toString());
    }

    @Test
    void editedConfigMapTakesEffectWithoutRestart(CapturedOutput log) {
        assertThat(syncFull().usersScanned()).isGreaterThan(1);
        List<String> routes = routeIds();
        Route untouched = camel.getRoute("sync-run");

        // an operator narrows the read to one user, after the planner chose the filter, and adds a route file
        Map<String, String> edited = new TreeMap<>(ROUTES);
        edited.put(DIRECTORY_READ, ROUTES.get(DIRECTORY_READ).replace("            method: plan\n",
                "            method: plan\n        - setBody:\n            constant: \"(uid=user01)\"\n"));
        assertThat(edited.get(DIRECTORY_READ)).contains("(uid=user01)");
        edited.put(ADDED, """
                - route:
                    id: configmap-added
                    from:
                      uri: direct:configmap-added
                      steps:
                        - setBody:
                            constant: added
                """);
        VOLUME.update(edited);

        await().atMost(RELOAD).pollInterval(Duration.ofSeconds(1)).until(() -> syncFull().usersScanned() == 1);
        await().atMost(RELOAD).pollInterval(Duration.ofSeconds(1)).until(() -> camel.getRoute("configmap-added") != null);

        // a second update (which deletes the timestamped folder of the first one and the added file) is seen too
        VOLUME.update(ROUTES);
        await().atMost(RELOAD).pollInterval(Duration.ofSeconds(1)).until(() -> syncFull().usersScanned() > 1);

        // the routes of a deleted file keep running until the next start, as with a plain folder
        assertThat(routeIds()).containsExactlyInAnyOrderElementsOf(concat(routes, "configmap-added"));
        assertThat(camel.getRoute("sync-run")).as("a route whose file did not change is not reloaded").isSameAs(untouched);
        assertThat(log.getAll()).doesNotContain("Error reloading routes", "Refused route file", "Cannot keep a copy",
                "after the ConfigMap changed");
    }

    private List<String> routeIds() {
        return camel.getRoutes().stream().map(Route::getRouteId).toList();
    }

    private static List<String> concat(List<String> ids, String id) {
        return Stream.concat(ids.stream(), Stream.of(id)).toList();
    }
}
