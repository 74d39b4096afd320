package org.certsync.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.certsync.sync.RunStatus;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * deploy/kubernetes: every manifest is valid against the Kubernetes API's schemas (with node and kubernetes-models),
 * the manifests refer to each other correctly, and the pods get what the image and application.properties expect.
 */
class KubernetesManifestsTest {

    private static final Path DEPLOY = Path.of("deploy/kubernetes");
    private static final Path ROUTES = Path.of("routes");
    private static final Path ROUTES_CONFIGMAP = DEPLOY.resolve("config/certsync-routes.yaml");
    private static final Path VALIDATOR = Path.of("src/test/kubernetes");
    private static final Path VALIDATOR_WORK = Path.of("target/kubernetes-validator");
    private static final String KUSTOMIZATION = "kustomization.yaml";
    private static final String SECRET_EXAMPLE = "secret.example.yaml";
    private static final ObjectMapper JSON = new ObjectMapper();

    // the image's contract: its user, and where it reads settings and routes and keeps its files
    private static final int IMAGE_USER = 10001;
    private static final String SETTINGS_FILE = "/etc/certsync/application.properties";
    private static final String ROUTES_FOLDER = "/etc/certsync/routes";
    private static final String WORKING_DIRECTORY = "/var/lib/certsync";
    private static final String TMP = "/tmp";

    private final List<Manifest> manifests = manifests();

    @Test
    void everyManifestIsValidAgainstTheKubernetesSchemas() throws Exception {
        List<Map<String, Object>> input = new ArrayList<>();
        for (Manifest manifest : manifests) input.add(Map.of("source", manifest.source(), "object", manifest.object()));
        JsonNode results = validate(input);

        Map<String, List<String>> errors = new TreeMap<>();
        for (JsonNode result : results) {
            List<String> messages = new ArrayList<>();
            result.path("errors").forEach(error -> messages.add(error.asText()));
            errors.put(result.path("source").asText(), messages);
        }
        assertThat(errors.keySet()).as("every manifest validated")
                .containsExactlyInAnyOrderElementsOf(manifests.stream().map(Manifest::source).toList());
        assertThat(errors).allSatisfy((source, messages) -> assertThat(messages).as(source).isEmpty());
    }

    @Test
    void serviceAndDisruptionBudgetSelectTheServicePodsOnly() {
        JsonNode deployment = one("Deployment").object();
        JsonNode podLabels = deployment.at("/spec/template/metadata/labels");
        JsonNode runOnceLabels = one("CronJob").object().at("/spec/jobTemplate/spec/template/metadata/labels");

        assertThat(selects(deployment.at("/spec/selector/matchLabels"), podLabels)).as("Deployment selector").isTrue();
        for (JsonNode selector : List.of(one("Service").object().at("/spec/selector"),
                one("PodDisruptionBudget").object().at("/spec/selector/matchLabels"),
                deployment.at("/spec/template/spec/topologySpreadConstraints/0/labelSelector/matchLabels"))) {
            assertThat(selects(selector, podLabels)).as("%s selects the Deployment's pods", selector).isTrue();
            assertThat(selects(selector, runOnceLabels)).as("%s selects no run-once pod", selector).isFalse();
        }
    }

    @Test
    void serviceReachesThePortCertSyncListensOn() {
        JsonNode container = container(podSpec(one("Deployment").object()));
        JsonNode targetPort = one("Service").object().at("/spec/ports/0/targetPort");

        assertThat(containerPort(container, targetPort)).isEqualTo(Integer.parseInt(settings().getProperty("server.port")));
    }

    @Test
    void probesAskTheHealthGroupsOnThePortCertSyncListensOn() {
        Properties settings = settings();
        assertThat(settings.getProperty("management.endpoint.health.probes.enabled")).isEqualTo("true");
        assertThat(settings.getProperty("management.server.port")).as("the actuator is on the server's port").isNull();
        String health = settings.getProperty("management.endpoints.web.base-path", "/actuator") + "/health/";
        JsonNode container = container(podSpec(one("Deployment").object()));

        Map<String, String> groups = Map.of("startupProbe", "liveness", "livenessProbe", "liveness",
                "readinessProbe", "readiness");
        groups.forEach((probe, group) -> {
            JsonNode get = container.path(probe).path("httpGet");
            assertThat(get.path("path").asText()).as(probe).isEqualTo(health + group);
            assertThat(settings.getProperty("management.endpoint.health.group." + group + ".include")).as(probe).isNotBlank();
            assertThat(containerPort(container, get.path("port"))).as(probe)
                    .isEqualTo(Integer.parseInt(settings.getProperty("server.port")));
        });
    }

    @Test
    void podsMountWhatTheImageReadsAndWrites() {
        for (Manifest manifest : List.of(one("Deployment"), one("CronJob"))) {
            JsonNode pod = podSpec(manifest.object());
            JsonNode container = container(pod);
            List<String> volumes = names(pod.path("volumes"));
            List<String> mounted = names(container.path("volumeMounts"));
            assertThat(volumes).as(manifest.source() + ": declared volumes, each mounted")
                    .containsExactlyInAnyOrderElementsOf(mounted);

            JsonNode settings = mount(pod, SETTINGS_FILE);
            assertThat(configMapData(volume(pod, settings).at("/configMap/name").asText()))
                    .containsKey(settings.path("subPath").asText());
            JsonNode routes = mount(pod, ROUTES_FOLDER);
            assertThat(routes.has("subPath")).as("a subPath mount would never see a ConfigMap change").isFalse();
            assertThat(volume(pod, routes).at("/configMap/name").asText()).isEqualTo(RoutesConfigMap.NAME);
            for (String writable : List.of(WORKING_DIRECTORY, TMP)) {
                assertThat(volume(pod, mount(pod, writable)).has("emptyDir")).as(writable).isTrue();
            }

            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
            assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(IMAGE_USER);
            assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
            assertThat(container.at("/resources/limits/memory").asText()).as("the JVM sizes its heap from it").isNotEmpty();
            // a Service named certsync would give the pods CERTSYNC_* variables, which Spring reads as certsync.* settings
            assertThat(pod.path("enableServiceLinks").asBoolean(true)).isFalse();
        }
    }

    @Test
    void keyReferencesNameConfigMapsAndSecretsOfTheManifests() {
        Set<String> secretsFromEnvironment = new HashSet<>();
        for (Manifest manifest : List.of(one("Deployment"), one("CronJob"))) {
            for (JsonNode variable : container(podSpec(manifest.object())).path("env")) {
                JsonNode secret = variable.at("/valueFrom/secretKeyRef");
                JsonNode configMap = variable.at("/valueFrom/configMapKeyRef");
                if (!secret.isMissingNode()) {
                    assertThat(secretData(secret.path("name").asText())).as(manifest.source())
                            .containsKey(secret.path("key").asText());
                    secretsFromEnvironment.add(variable.path("name").asText());
                }
                if (!configMap.isMissingNode()) {
                    assertThat(configMapData(configMap.path("name").asText())).as(manifest.source())
                            .containsKey(configMap.path("key").asText());
                }
            }
        }
        assertThat(secretsFromEnvironment).contains("CERTSYNC_LDAP_PASSWORD", "CERTSYNC_EXCHANGE_CLIENT_SECRET",
                "SPRING_DATASOURCE_PASSWORD");
    }

    @Test
    void exampleSecretHoldsPlaceholdersOnly() {
        Manifest secret = one("Secret");
        assertThat(secret.file().getFileName()).hasToString(SECRET_EXAMPLE);
        assertThat(secret.object().has("data")).isFalse();
        assertThat(secretData(secret.name()).values()).allMatch(value -> value.matches("<[^<>]+>"));
    }

    @Test
    void routesConfigMapHoldsTheRoutesFolderByteForByte() throws IOException {
        String rendered = RoutesConfigMap.render(ROUTES);
        if (Boolean.getBoolean("certsync.kubernetes.write-routes")) Files.writeString(ROUTES_CONFIGMAP, rendered);
        assertThat(Files.readString(ROUTES_CONFIGMAP)).as("%s is generated from routes/; write it again with "
                + "-Dcertsync.kubernetes.write-routes=true", ROUTES_CONFIGMAP).isEqualTo(rendered);

        // what a pod reads through the mounted ConfigMap
        JsonNode configMap = yaml(ROUTES_CONFIGMAP);
        assertThat(configMap.at("/metadata/name").asText()).isEqualTo(RoutesConfigMap.NAME);
        Map<String, String> data = stringMap(configMap.path("data"));
        try (var files = Files.list(ROUTES)) {
            Map<String, byte[]> routes = new TreeMap<>();
            for (Path file : files.toList()) routes.put(file.getFileName().toString(), Files.readAllBytes(file));
            assertThat(data.keySet()).containsExactlyInAnyOrderElementsOf(routes.keySet());
            routes.forEach((name, bytes) -> assertThat(data.get(name).getBytes(StandardCharsets.UTF_8)).as(name).isEqualTo(bytes));
        }
    }

    @Test
    void settingsAreDocumentedAndShareStateInPostgresql() throws IOException {
        Properties documented = repositorySettings();
        Properties settings = configMapSettings();

        assertThat(settings.stringPropertyNames()).allSatisfy(name -> assertThat(
                documented.containsKey(name))
                .as("%s is a setting of application.properties", name).isTrue());
        assertThat(settings.getProperty("spring.datasource.url")).startsWith("jdbc:postgresql://");
        assertThat(settings.getProperty("certsync.cluster.enabled")).isEqualTo("true");
        assertThat(settings.stringPropertyNames()).as("secrets come from the Secret")
                .noneMatch(name -> name.endsWith("password") || name.endsWith("secret"));
    }

    @Test
    void runOnceCronJobTakesTheRunLockButNeverSchedules() {
        JsonNode cronJob = one("CronJob").object();
        JsonNode job = cronJob.at("/spec/jobTemplate/spec");
        JsonNode container = container(podSpec(cronJob));
        Map<String, String> environment = new HashMap<>();
        container.path("env").forEach(variable -> environment.put(variable.path("name").asText(), variable.path("value").asText()));

        assertThat(environment).containsEntry("CERTSYNC_RUN_ONCE", "true")
                .containsEntry("CERTSYNC_SCHEDULER_ENABLED", "false")
                // the cluster setting comes from certsync-settings: its runs take the cluster's run lock
                .doesNotContainKey("CERTSYNC_CLUSTER_ENABLED");
        assertThat(cronJob.at("/spec/concurrencyPolicy").asText()).isEqualTo("Forbid");
        assertThat(podSpec(cronJob).path("restartPolicy").asText()).isEqualTo("Never");
        assertThat(job.path("backoffLimit").asInt()).as("a failed run (exit 1) is tried again").isPositive();

        JsonNode failJob = job.at("/podFailurePolicy/rules/0");
        assertThat(failJob.path("action").asText()).isEqualTo("FailJob");
        assertThat(failJob.at("/onExitCodes/containerName").asText()).isEqualTo(container.path("name").asText());
        assertThat(failJob.at("/onExitCodes/operator").asText()).isEqualTo("In");
        List<Integer> ended = new ArrayList<>();
        failJob.at("/onExitCodes/values").forEach(code -> ended.add(code.asInt()));
        assertThat(ended).as("runs that ended: trying again at once changes nothing").containsExactlyInAnyOrder(
                RunStatus.COMPLETED_WITH_ERRORS.exitCode(), RunStatus.THRESHOLD_EXCEEDED.exitCode());

        assertThat(container(podSpec(one("Deployment").object())).path("env"))
                .noneMatch(variable -> variable.path("name").asText().equals("CERTSYNC_RUN_ONCE"));
    }

    @Test
    void rolloutsAndDrainsKeepAReadyPod() {
        JsonNode deployment = one("Deployment").object();

        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(deployment.at("/spec/strategy/type").asText()).isEqualTo("RollingUpdate");
        assertThat(deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt(-1)).isZero();
        assertThat(deployment.at("/spec/strategy/rollingUpdate/maxSurge").asInt()).isPositive();
        assertThat(one("PodDisruptionBudget").object().at("/spec/minAvailable").asInt()).isEqualTo(1);
    }

    @Test
    void kustomizationsApplyEveryManifestButTheExampleSecret() throws IOException {
        Set<Path> service = kustomized(DEPLOY);
        Set<Path> runOnce = kustomized(DEPLOY.resolve("run-once"));

        Set<Path> applied = new HashSet<>(service);
        applied.addAll(runOnce);
        assertThat(applied).containsExactlyInAnyOrderElementsOf(manifests.stream().map(Manifest::file)
                .filter(file -> !file.getFileName().toString().equals(SECRET_EXAMPLE)).distinct().toList());
        assertThat(service).contains(one("Deployment").file()).doesNotContain(one("CronJob").file());
        assertThat(runOnce).contains(one("CronJob").file()).doesNotContain(one("Deployment").file());

        for (Path kustomization : List.of(DEPLOY, DEPLOY.resolve("run-once"))) {
            JsonNode images = yaml(kustomization.resolve(KUSTOMIZATION)).path("images");
            assertThat(names(images)).as(kustomization.toString()).containsExactly("certsync");
        }
        assertThat(Stream.of(one("Deployment"), one("CronJob")).map(m -> container(podSpec(m.object())).path("image").asText()))
                .allMatch(image -> image.startsWith("certsync:"));
    }

    // --- the manifests ---

    record Manifest(Path file, int index, JsonNode object) {
        String source() {
            return DEPLOY.relativize(file) + "#" + index;
        }

        String kind() {
            return object.path("kind").asText();
        }

        String name() {
            return object.at("/metadata/name").asText();
        }
    }

    private static List<Manifest> manifests() {
        try (var files = Files.walk(DEPLOY)) {
            List<Manifest> manifests = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml"))
                    .filter(f -> !f.getFileName().toString().equals(KUSTOMIZATION)).sorted().toList()) {
                int index = 0;
                try (Reader reader = Files.newBufferedReader(file)) {
                    for (Object document : loader().loadAll(reader)) {
                        if (document != null) manifests.add(new Manifest(file, index++, JSON.valueToTree(document)));
                    }
                }
            }
            return manifests;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Manifest one(String kind) {
        List<Manifest> found = manifests.stream().filter(m -> m.kind().equals(kind)).toList();
        assertThat(found).as("manifests of kind " + kind).hasSize(1);
        return found.get(0);
    }

    private Map<String, String> configMapData(String name) {
        return stringMap(named("ConfigMap", name).path("data"));
    }

    private Map<String, String> secretData(String name) {
        return stringMap(named("Secret", name).path("stringData"));
    }

    private JsonNode named(String kind, String name) {
        return manifests.stream().filter(m -> m.kind().equals(kind) && m.name().equals(name)).map(Manifest::object)
                .findFirst().orElseGet(() -> fail("no %s named %s in %s", kind, name, DEPLOY));
    }

    private static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(field -> map.put(field.getKey(), field.getValue().asText()));
        return map;
    }

    private static JsonNode podSpec(JsonNode workload) {
        JsonNode template = workload.at("/spec/template");
        return (template.isMissingNode() ? workload.at("/spec/jobTemplate/spec/template") : template).path("spec");
    }

    private static JsonNode container(JsonNode podSpec) {
        assertThat(podSpec.path("containers")).hasSize(1);
        return podSpec.path("containers").get(0);
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(item -> names.add(item.path("name").asText()));
        return names;
    }

    private static JsonNode mount(JsonNode podSpec, String mountPath) {
        for (JsonNode mount : container(podSpec).path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals(mountPath)) return mount;
        }
        return fail("nothing is mounted at %s", mountPath);
    }

    private static JsonNode volume(JsonNode podSpec, JsonNode mount) {
        for (JsonNode volume : podSpec.path("volumes")) {
            if (volume.path("name").asText().equals(mount.path("name").asText())) return volume;
        }
        return fail("no volume %s", mount.path("name"));
    }

    /** The number of the container port a Service's targetPort or a probe's port names (by name or number). */
    private static int containerPort(JsonNode container, JsonNode port) {
        for (JsonNode declared : container.path("ports")) {
            if (port.isInt() ? declared.path("containerPort").asInt() == port.asInt()
                    : declared.path("name").asText().equals(port.asText())) {
                return declared.path("containerPort").asInt();
            }
        }
        return fail("port %s is no port of container %s", port, container.path("name"));
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        assertThat(selector.size()).as("a selector with labels").isPositive();
        return stringMap(labels).entrySet().containsAll(stringMap(selector).entrySet());
    }

    /** The manifest files a kustomization applies, through the kustomizations it includes. */
    private static Set<Path> kustomized(Path directory) throws IOException {
        Set<Path> files = new HashSet<>();
        for (JsonNode resource : yaml(directory.resolve(KUSTOMIZATION)).path("resources")) {
            Path path = directory.resolve(resource.asText()).normalize();
            assertThat(path).as("resource of " + directory).exists();
            if (Files.isDirectory(path)) files.addAll(kustomized(path));
            else files.add(path);
        }
        return files;
    }

    // --- the settings ---

    /** application.properties as the pods have it: the repository's, then certsync-settings over it. */
    private Properties settings() {
        try {
            Properties settings = repositorySettings();
            settings.putAll(configMapSettings());
            return settings;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Properties repositorySettings() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("application.properties"))) {
            properties.load(in);
        }
        return properties;
    }

    private Properties configMapSettings() throws IOException {
        JsonNode pod = podSpec(one("Deployment").object());
        JsonNode settings = mount(pod, SETTINGS_FILE);
        Properties properties = new Properties();
        properties.load(new StringReader(configMapData(volume(pod, settings).at("/configMap/name").asText())
                .get(settings.path("subPath").asText())));
        return properties;
    }

    // --- YAML and the validator ---

    private static Yaml loader() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }

    private static JsonNode yaml(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return JSON.valueToTree(loader().load(reader));
        }
    }

    /**
     * Runs src/test/kubernetes/validate.mjs with node in target/kubernetes-validator, after npm ci there (again only
     * when package-lock.json changed). Without node and npm this fails: the manifests would go unchecked.
     */
    private static JsonNode validate(List<Map<String, Object>> input) throws Exception {
        Files.createDirectories(VALIDATOR_WORK);
        for (String name : List.of("package.json", "package-lock.json", "validate.mjs")) {
            Files.copy(VALIDATOR.resolve(name), VALIDATOR_WORK.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        Path lock = VALIDATOR.resolve("package-lock.json");
        // inside node_modules, so that npm ci, which starts by deleting node_modules, deletes it too
        Path installed = VALIDATOR_WORK.resolve("node_modules/.certsync-installed-lock.json");
        if (!Files.exists(installed) || Files.mismatch(installed, lock) != -1) {
            run("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund");
            Files.copy(lock, installed, StandardCopyOption.REPLACE_EXISTING);
        }
        Path manifests = VALIDATOR_WORK.resolve("manifests.json");
        JSON.writeValue(manifests.toFile(), input);
        return JSON.readTree(run("node", "validate.mjs", manifests.getFileName().toString()));
    }

    private static String run(String... command) throws Exception {
        Path out = VALIDATOR_WORK.resolve("out.txt");
        Path err = VALIDATOR_WORK.resolve("err.txt");
        Process process;
        try {
            process = new ProcessBuilder(command).directory(VALIDATOR_WORK.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        } catch (IOException e) {
            return fail("%s is needed to validate the Kubernetes manifests (Debian: apt-get install nodejs npm): %s",
                    command[0], e.getMessage());
        }
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("%s did not finish within 5 minutes", String.join(" ", command));
        }
        assertThat(process.exitValue()).as("%s: %s", String.join(" ", command), Files.readString(err)).isZero();
        return Files.readString(out);
    }
}
