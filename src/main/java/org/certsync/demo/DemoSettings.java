package org.certsync.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.certsync.config.DerivedSettings;
import org.certsync.config.IncompleteSettingsException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The demo's settings, when {@code certsync.demo=true}: the embedded directory (a free port on 127.0.0.1, or
 * {@code certsync.demo.ldap-port}), the Exchange Online simulator on this server, the console bound to 127.0.0.1, and
 * where the demo keeps its data. The demo is asked for, never fallen into: a demo with a real directory or tenant
 * set refuses to start.
 */
public class DemoSettings implements EnvironmentPostProcessor {

    static final String TENANT = "demo-tenant";
    static final String CLIENT_ID = "certsync-demo";
    static final String CLIENT_SECRET = "demo-client-secret";
    private static final String LOCAL_SERVER = "http://127.0.0.1:${local.server.port}";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty(DerivedSettings.DEMO, Boolean.class, false)) return;
        for (String real : new String[]{"certsync.ldap.url", "certsync.exchange.tenant-id"}) {
            if (!isBlank(environment.getProperty(real))) {
                throw new IncompleteSettingsException("certsync.demo=true runs the embedded directory and the simulated"
                        + " tenant, but " + real + " is set too: drop certsync.demo to sync a real directory and tenant");
            }
        }
        Map<String, Object> derived = new LinkedHashMap<>();
        int ldapPort = environment.getProperty("certsync.demo.ldap-port", Integer.class, 0);
        if (ldapPort == 0) ldapPort = freeLoopbackPort();
        derived.put("certsync.demo.ldap-port", ldapPort);
        derived.put("certsync.ldap.url", "ldap://127.0.0.1:" + ldapPort);
        derived.put("certsync.ldap.bind-dn", EmbeddedDirectory.BIND_DN);
        derived.put("certsync.ldap.password", EmbeddedDirectory.BIND_PASSWORD);
        derived.put("certsync.ldap.base-dn", EmbeddedDirectory.PEOPLE_DN);
        derived.put("certsync.ldap.user-filter", "(objectClass=inetOrgPerson)");
        // the embedded directory stamps modifyTimestamp with this JVM's clock: no margin for clock differences
        derived.put("certsync.delta.timestamp-margin", "0s");
        derived.put("certsync.simulator.tenant", TENANT);
        derived.put("certsync.simulator.client-id", CLIENT_ID);
        derived.put("certsync.simulator.client-secret", CLIENT_SECRET);
        derived.put("certsync.exchange.tenant-id", TENANT);
        derived.put("certsync.exchange.client-id", CLIENT_ID);
        derived.put("certsync.exchange.client-secret", CLIENT_SECRET);
        derived.put("certsync.exchange.login-url", LOCAL_SERVER + "/simulator/login");
        derived.put("certsync.exchange.api-url", LOCAL_SERVER + "/simulator/exchange");
        // the demo console is open: only this machine reaches it
        if (isBlank(environment.getProperty("server.address"))) derived.put("server.address", "127.0.0.1");
        String dataDir = environment.getProperty("certsync.demo.data-dir", "data/demo");
        if (!dataDir.isBlank() && isBlank(environment.getProperty("certsync.simulator.state-file"))) {
            derived.put("certsync.simulator.state-file", Path.of(dataDir, "simulator.json").toString());
        }
        DerivedSettings.addAboveApplicationProperties(environment, new MapPropertySource("certsyncDemo", derived));
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on 127.0.0.1 for the embedded demo directory", e);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
