package org.certsync.config;

import java.util.LinkedHashMap;
import java.util.Map;

import org.certsync.demo.EmbeddedDirectory;
import org.certsync.exchange.CallSettings;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Derives the settings that follow from others before any bean is created: the demo defaults
 * (embedded directory when {@code certsync.ldap.url} is empty, built-in Exchange Online simulator
 * when {@code certsync.exchange.tenant-id} is empty), the call spacing of a budget, whether the console is open and
 * whether the schedule runs.
 */
public class DemoModeDefaults implements EnvironmentPostProcessor {

    static final String DEMO_TENANT = "demo-tenant";
    static final String DEMO_CLIENT_ID = "certsync-demo";
    static final String DEMO_CLIENT_SECRET = "demo-client-secret";
    private static final String LOCAL_SERVER = "http://localhost:${local.server.port}";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> derived = new LinkedHashMap<>();
        boolean demoDirectory = isBlank(environment.getProperty("certsync.ldap.url"));
        boolean demoExchange = isBlank(environment.getProperty("certsync.exchange.tenant-id"));
        derived.put("certsync.demo.directory", demoDirectory);
        derived.put("certsync.demo.exchange", demoExchange);
        if (demoDirectory) {
            derived.put("certsync.ldap.bind-dn", EmbeddedDirectory.BIND_DN);
            derived.put("certsync.ldap.password", EmbeddedDirectory.BIND_PASSWORD);
            derived.put("certsync.ldap.base-dn", EmbeddedDirectory.PEOPLE_DN);
            derived.put("certsync.ldap.user-filter", "(objectClass=inetOrgPerson)");
            // the embedded directory stamps modifyTimestamp with this JVM's clock: no margin for clock differences
            derived.put("certsync.delta.timestamp-margin", "0s");
        }
        if (demoExchange) {
            derived.put("certsync.simulator.enabled", true);
            derived.put("certsync.simulator.client-id", DEMO_CLIENT_ID);
            derived.put("certsync.simulator.client-secret", DEMO_CLIENT_SECRET);
            derived.put("certsync.exchange.tenant-id", DEMO_TENANT);
            derived.put("certsync.exchange.client-id", DEMO_CLIENT_ID);
            derived.put("certsync.exchange.client-secret", DEMO_CLIENT_SECRET);
            derived.put("certsync.exchange.login-url", LOCAL_SERVER + "/simulator/login");
            derived.put("certsync.exchange.api-url", LOCAL_SERVER + "/simulator/exchange");
        }
        // a budget of calls per second as the period of the exchange-budget route's throttle (ten cmdlets per period);
        // without a budget the route is never called, but Camel's throttle still needs a positive period
        derived.put("certsync.exchange.budget-period-ms", Math.max(1, CallSettings.budgetPeriodMillis(
                parseOrZero(environment.getProperty("certsync.exchange.calls-per-second")))));
        // the console is open only while something is simulated, and not when security is forced on
        boolean consoleOpen = (demoDirectory || demoExchange)
                && !"always".equalsIgnoreCase(environment.getProperty("certsync.console.security", "auto").trim());
        derived.put("certsync.console.open", consoleOpen);
        if (consoleOpen) derived.put("management.endpoint.health.show-details", "always");
        // Spring Security guards the console in every mode (ops.ConsoleSecurityConfiguration); Hawtio's own login is off
        derived.put("hawtio.authenticationEnabled", false);
        if (environment.getProperty("certsync.scheduler.enabled") == null) {
            boolean runOnce = Boolean.parseBoolean(environment.getProperty("certsync.run-once", "false"));
            derived.put("certsync.scheduler.enabled", !runOnce);
        }
        // above application.properties, below command line, environment and test properties
        MapPropertySource source = new MapPropertySource("certsyncDerived", derived);
        environment.getPropertySources().stream().map(PropertySource::getName)
                .filter(name -> name.startsWith("Config resource")).findFirst()
                .ifPresentOrElse(name -> environment.getPropertySources().addBefore(name, source),
                        () -> environment.getPropertySources().addLast(source));
    }

    /** A malformed value is reported by CallSettings' validation at start-up; until then it means no budget. */
    private static double parseOrZero(String value) {
        try {
            return value == null || value.isBlank() ? 0 : Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
