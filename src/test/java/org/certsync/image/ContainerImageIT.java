package org.certsync.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.certsync.testsupport.IntegrationServer;
import org.certsync.testsupport.FreePort;
import org.certsync.testsupport.IntegrationServer.ContainerImage;
import org.certsync.testsupport.RequiresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The image that mvn -Pimage package built, unpacked from its OCI tarball and started as a container runtime starts
 * it: the entrypoint, environment, working directory and user of its config, in a root, mount and PID namespace of its
 * own, in demo mode (without it or real settings CertSync refuses to start). The layout it checks is the one the
 * Kubernetes manifests are written against.
 */
@RequiresServer(IntegrationServer.CONTAINER_IMAGE)
class ContainerImageIT {

    private static final Duration START = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WORKING_DIRECTORY = "/var/lib/certsync";
    private static final int USER = 10001;

    /**
     * What a runtime gives every container before its entrypoint: /proc, and the OCI runtime spec's default devices
     * in a /dev of its own; then the image's root, working directory and user.
     */
    private static final String RUNTIME = """
            root=$1 wd=$2 uid=$3 gid=$4; shift 4
            mount -t proc proc "$root/proc"
            mount -t tmpfs -o mode=755 tmpfs "$root/dev"
            for device in null zero full random urandom tty; do
              touch "$root/dev/$device" && mount --bind "/dev/$device" "$root/dev/$device"
            done
            exec unshare --root="$root" --wd="$wd" --setgid="$gid" --setuid="$uid" -- "$@"
            """;

    /** Kept after the test for its container.log; the unpacked image is removed. */
    private final Path work = Path.of("target", "container-image-it");
    private final Path log = work.resolve("container.log");
    private final HttpClient http = HttpClient.newHttpClient();
    private Process container;

    @BeforeEach
    void clean() throws IOException, InterruptedException {
        run("rm", "-rf", work.toString());
        Files.createDirectories(work);
    }

    @AfterEach
    void stop() throws IOException, InterruptedException {
        if (container != null) {
            // SIGTERM to the JVM, PID 1 of the container's namespace: the container ends with it
            container.descendants().forEach(ProcessHandle::destroy);
            if (!container.waitFor(30, TimeUnit.SECONDS)) container.destroyForcibly().waitFor();
        }
        run("rm", "-rf", work.resolve("root").toString(), work.resolve("layout").toString());
    }

    @Test
    void runsAsItsOwnUserFromItsConfigurationAndAnswersItsProbes() throws Exception {
        Path root = Files.createDirectory(work.resolve("root"));
        JsonNode config = unpack(ContainerImage.tarball(), root);
        assertThat(config.path("ExposedPorts").has("8080/tcp")).as("exposed ports").isTrue();
        assertThat(config.path("User").asText()).as("numeric, as Kubernetes' runAsNonRoot needs").matches("\\d+:\\d+");

        int port = FreePort.onLoopback();
        start(root, config, port);

        // the probes exist only with the repository's application.properties (probes.enabled): its defaults are in
        awaitUp("http://127.0.0.1:" + port + "/actuator/health/liveness");
        awaitUp("http://127.0.0.1:" + port + "/actuator/health/readiness");

        ProcessHandle java = container.children().findFirst().orElseThrow();
        String status = Files.readString(Path.of("/proc", String.valueOf(java.pid()), "status"));
        assertThat(status).containsPattern("(?m)^Name:\\s+java$")
                .containsPattern("(?m)^Uid:\\s+" + USER + "\\s+" + USER + "\\s+" + USER + "\\s+" + USER + "$")
                .containsPattern("(?m)^Gid:\\s+" + USER + "\\s+" + USER + "\\s+" + USER + "\\s+" + USER + "$");

        // the first sync runs 5 s after start-up, through the routes of /etc/certsync/routes (the image has no others)
        Path report = root.resolve(WORKING_DIRECTORY.substring(1)).resolve("data/reports/last-run.json");
        await("the first sync's report " + report + "; log " + log).atMost(START).pollInterval(Duration.ofSeconds(1))
                .until(() -> alive() && Files.exists(report));
        assertThat(JSON.readTree(report.toFile()).path("status").asText()).as("the demo's first sync")
                .isEqualTo("SUCCEEDED");
        assertThat(Files.getAttribute(report, "unix:uid")).as("owner of " + report).isEqualTo(USER);
        assertThat(Files.getAttribute(report, "unix:gid")).as("group of " + report).isEqualTo(USER);

        // route files edited in the mounted directory are reloaded from there (the demo's console needs no login)
        JsonNode reload = get("http://127.0.0.1:" + port + "/actuator/jolokia/read/"
                + "org.apache.camel:context=certsync,type=services,name=RouteWatcherReloadStrategy/Folder");
        assertThat(reload.path("value").asText()).isEqualTo("/etc/certsync/routes");
    }

    /**
     * Extracts the image's layers in their order into {@code root}, with their owners, and answers its config. The
     * layers only add files (the base is one layer, Jib's add the application): there are no deletions to apply.
     */
    private JsonNode unpack(Path tarball, Path root) throws IOException, InterruptedException {
        Path layout = Files.createDirectory(work.resolve("layout"));
        run("tar", "-xf", tarball.toString(), "-C", layout.toString());
        JsonNode manifest = blob(layout, JSON.readTree(layout.resolve("index.json").toFile()).path("manifests").get(0));
        for (JsonNode layer : manifest.path("layers")) {
            // Jib's layers carry pax keywords of libarchive's that GNU tar would warn about
            run("tar", "--numeric-owner", "--same-permissions", "--warning=no-unknown-keyword", "-xf",
                    blobPath(layout, layer).toString(), "-C", root.toString());
        }
        return blob(layout, manifest.path("config")).path("config");
    }

    private void start(Path root, JsonNode config, int port) throws IOException {
        String[] user = config.path("User").asText().split(":");
        List<String> command = new ArrayList<>(List.of(ContainerImage.UNSHARE.toString(), "--mount", "--pid", "--fork",
                "--kill-child", "--", "/bin/sh", "-euc", RUNTIME, "runtime", root.toString(),
                config.path("WorkingDir").asText(), user[0], user[1]));
        config.path("Entrypoint").forEach(part -> command.add(part.asText()));
        config.path("Cmd").forEach(part -> command.add(part.asText()));

        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.clear();
        config.path("Env").forEach(variable -> {
            String[] pair = variable.asText().split("=", 2);
            environment.put(pair[0], pair[1]);
        });
        environment.put("CERTSYNC_DEMO", "true");
        // a free port instead of the image's 8080, which another build on this machine may hold
        environment.put("SERVER_PORT", String.valueOf(port));
        container = builder.start();
    }

    /** Until {@code url} answers 200 UP: Tomcat listens, and answers 503 DOWN, before the application has started. */
    private void awaitUp(String url) {
        await(url + "; log " + log).atMost(START).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptionsInstanceOf(IOException.class).until(() -> {
                    alive();
                    HttpResponse<String> answer = send(url);
                    return answer.statusCode() == 200
                            && "UP".equals(JSON.readTree(answer.body()).path("status").asText());
                });
    }

    /** A container that exited fails at once, with its log, instead of waiting out the timeout. */
    private boolean alive() throws IOException {
        if (!container.isAlive()) {
            throw new IllegalStateException("the container exited with " + container.exitValue() + ":\n"
                    + Files.readString(log));
        }
        return true;
    }

    private JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> answer = send(url);
        assertThat(answer.statusCode()).as(url + " answered " + answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private HttpResponse<String> send(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode blob(Path layout, JsonNode descriptor) throws IOException {
        return JSON.readTree(blobPath(layout, descriptor).toFile());
    }

    private static Path blobPath(Path layout, JsonNode descriptor) {
        String[] digest = descriptor.path("digest").asText().split(":", 2);
        return layout.resolve("blobs").resolve(digest[0]).resolve(digest[1]);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
    }

}
