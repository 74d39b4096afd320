package org.certsync.testsupport;

import java.util.List;
import java.util.Map;

import org.certsync.demo.simulator.ExchangeOnlineSimulator;
import org.certsync.demo.simulator.SimulatorTestApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A simulated Exchange Online tenant for tests that run CertSync outside the demo (a directory of their own): the
 * simulator in an application of its own on a random port, started once per test JVM and shared.
 */
public final class TenantFixture {

    public static final String TENANT = "fixture-tenant";
    public static final String CLIENT_ID = "certsync-fixture";
    public static final String CLIENT_SECRET = "fixture-client-secret";

    private static ConfigurableApplicationContext context;

    private TenantFixture() {
    }

    public static synchronized ExchangeOnlineSimulator simulator() {
        return context().getBean(ExchangeOnlineSimulator.class);
    }

    /** {@code http://127.0.0.1:<port>/simulator} */
    public static synchronized String url() {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context()).getWebServer().getPort() + "/simulator";
    }

    /** Points CertSync at the fixture tenant. */
    public static void register(DynamicPropertyRegistry registry) {
        settings().forEach((name, value) -> registry.add(name, () -> value));
    }

    /** The same as command-line arguments, for a CertSync in a child JVM. */
    public static List<String> arguments() {
        return settings().entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList();
    }

    private static Map<String, String> settings() {
        return Map.of("certsync.exchange.tenant-id", TENANT, "certsync.exchange.client-id", CLIENT_ID,
                "certsync.exchange.client-secret", CLIENT_SECRET, "certsync.exchange.login-url", url() + "/login",
                "certsync.exchange.api-url", url() + "/exchange");
    }

    private static ConfigurableApplicationContext context() {
        if (context == null) {
            // arguments, not default properties: they must win over ./application.properties
            context = new SpringApplicationBuilder(SimulatorTestApplication.class).run(
                    "--server.port=0",
                    "--server.address=127.0.0.1",
                    "--spring.autoconfigure.exclude=" + SimulatorTestApplication.ALONE,
                    "--certsync.demo=true",
                    "--certsync.demo.data-dir=",
                    "--certsync.simulator.tenant=" + TENANT,
                    "--certsync.simulator.client-id=" + CLIENT_ID,
                    "--certsync.simulator.client-secret=" + CLIENT_SECRET,
                    // the simulator alone: none of the application's routes
                    "--camel.main.routes-include-pattern=classpath:no-routes/*.yaml",
                    "--camel.main.routes-reload-enabled=false",
                    "--spring.jmx.enabled=false",
                    "--management.endpoint.health.group.readiness.include=readinessState");
        }
        return context;
    }
}
