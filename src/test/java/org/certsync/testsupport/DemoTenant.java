package org.certsync.testsupport;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.certsync.demo.EmbeddedDirectory;

/**
 * A child CertSync in demo mode that plays the directory and the tenant (its embedded LDAP server and Exchange Online
 * simulator) for CertSyncs in other JVMs, which {@link #syncArguments()} point at it.
 */
public final class DemoTenant {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;
    private final int ldapPort;

    private DemoTenant(int port, int ldapPort) {
        this.port = port;
        this.ldapPort = ldapPort;
    }

    /**
     * Starts it with its state under {@code dir} and waits until the simulator answers. Its ports are free when chosen
     * but may be taken before it binds them (other builds on the host): a start that dies is tried again on others.
     */
    public static DemoTenant start(ChildCertSyncs jvms, Path dir, String... settings) throws Exception {
        for (int attempt = 1; ; attempt++) {
            DemoTenant tenant = new DemoTenant(FreePort.onLoopback(), FreePort.onLoopback());
            List<String> arguments = new ArrayList<>(List.of("--certsync.demo=true", "--certsync.demo.data-dir=",
                    "--server.port=" + tenant.port, "--certsync.scheduler.enabled=false",
                    "--certsync.demo.ldap-port=" + tenant.ldapPort,
                    "--spring.datasource.url=jdbc:h2:file:./" + dir + "/tenant-" + attempt + "/certsync"));
            arguments.addAll(List.of(settings));
            Process process = jvms.start(dir.resolve("tenant-" + attempt + ".log"), arguments.toArray(String[]::new));
            await().atMost(Duration.ofSeconds(180)).ignoreExceptions()
                    .until(() -> !process.isAlive() || tenant.get("/simulator/requests").isArray());
            if (process.isAlive()) return tenant;
            if (attempt == 3) throw new IllegalStateException("the demo tenant did not start; see " + dir.resolve("tenant-3.log"));
        }
    }

    /** The settings of a CertSync that syncs this directory to this tenant. */
    public List<String> syncArguments() {
        String simulator = "http://localhost:" + port + "/simulator";
        return List.of("--certsync.ldap.url=ldap://127.0.0.1:" + ldapPort,
                "--certsync.ldap.bind-dn=" + EmbeddedDirectory.BIND_DN,
                "--certsync.ldap.password=" + EmbeddedDirectory.BIND_PASSWORD,
                "--certsync.ldap.base-dn=" + EmbeddedDirectory.PEOPLE_DN,
                "--certsync.ldap.user-filter=(objectClass=inetOrgPerson)",
                "--certsync.exchange.tenant-id=demo-tenant", "--certsync.exchange.client-id=certsync-demo",
                "--certsync.exchange.client-secret=demo-client-secret",
                "--certsync.exchange.login-url=" + simulator + "/login", "--certsync.exchange.api-url=" + simulator + "/exchange");
    }

    /** The Set-* cmdlets the tenant received, in order. */
    public List<JsonNode> setCalls() throws Exception {
        List<JsonNode> calls = new ArrayList<>();
        for (JsonNode request : get("/simulator/requests")) {
            if (request.path("cmdlet").asText().startsWith("Set-")) calls.add(request);
        }
        return calls;
    }

    /**
     * The Set-* cmdlets once no more arrive: after a CertSync was killed, the tenant still finishes the requests that
     * were in flight.
     */
    public List<JsonNode> settledSetCalls() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> setCalls().size(), new java.util.function.Predicate<Integer>() {
                    private int last = -1;

                    @Override
                    public boolean test(Integer size) {
                        boolean stable = size == last;
                        last = size;
                        return stable;
                    }
                });
        try {
            return setCalls();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the tenant holds per recipient. */
    public JsonNode recipients() throws Exception {
        return get("/simulator/recipients");
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }
}
