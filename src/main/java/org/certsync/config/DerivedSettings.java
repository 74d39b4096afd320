package org.certsync.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.certsync.cluster.ClusterSettings;
import org.certsync.exchangeonline.CallSettings;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Derives the settings that follow from others before any bean is created: whether the console is open (the demo
 * only, and not with {@code certsync.console.security=always}), whether the schedule (and the issuing CAs' schedule) runs, how Quartz keeps it
 * (in memory, or clustered on PostgreSQL), this node's id, the call spacing of a budget. Placed above application.properties and below the command line, the environment and test properties.
 */
public class DerivedSettings implements EnvironmentPostProcessor {

    /** Turns the demo on: embedded directory, Exchange Online simulator, open console on 127.0.0.1. */
    public static final String DEMO = "certsync.demo";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> derived = new LinkedHashMap<>();
        boolean demo = environment.getProperty(DEMO, Boolean.class, false);
        boolean consoleOpen = demo && !"always".equalsIgnoreCase(environment.getProperty("certsync.console.security", "auto").trim());
        derived.put("certsync.console.open", consoleOpen);
        if (consoleOpen) derived.put("management.endpoint.health.show-details", "always");
        // Spring Security guards the console in every mode (ops.ConsoleSecurityConfiguration); Hawtio's own login is off
        derived.put("hawtio.authenticationEnabled", false);
        boolean scheduler = environment.getProperty("certsync.scheduler.enabled") == null
                ? !Boolean.parseBoolean(environment.getProperty("certsync.run-once", "false"))
                : Boolean.parseBoolean(environment.getProperty("certsync.scheduler.enabled"));
        derived.put("certsync.scheduler.enabled", scheduler);
        // the issuing CAs' schedule route starts only with the schedule and the upload both on
        derived.put("certsync.issuing-cas.scheduled", scheduler
                && Boolean.parseBoolean(environment.getProperty("certsync.issuing-cas.enabled", "false")));
        // so does the directory hygiene's
        derived.put("certsync.hygiene.scheduled", scheduler
                && Boolean.parseBoolean(environment.getProperty("certsync.hygiene.enabled", "false")));
        quartz(environment, scheduler, derived);
        // a budget of calls per second as the period of the exchange-online-budget route's throttle (ten cmdlets per period);
        // without a budget the route is never called, but Camel's throttle still needs a positive period
        derived.put("certsync.exchange.budget-period-ms", Math.max(1, CallSettings.budgetPeriodMillis(
                parseOrZero(environment.getProperty("certsync.exchange.calls-per-second")))));
        addAboveApplicationProperties(environment, new MapPropertySource("certsyncDerived", derived));
    }

    /**
     * Spring's Quartz scheduler, which camel-quartz's routes use: in memory on a single node; on a cluster Quartz's
     * JDBC job store on the state database, its tables made by Flyway, one scheduler name per tenant (so that two
     * tenants' CertSyncs on one database keep their triggers apart) and the node id as Quartz's instance id. Camel
     * starts it once its routes are in (a trigger that fires earlier would find no route). A node without the
     * schedule (run-once, a CronJob) keeps it in memory and never starts it: it never joins the cluster.
     */
    private static void quartz(ConfigurableEnvironment environment, boolean scheduler, Map<String, Object> derived) {
        String node = environment.getProperty("certsync.cluster.node-id", "").strip();
        if (node.isEmpty()) {
            node = ClusterSettings.defaultNodeId();
            derived.put("certsync.cluster.node-id", node);
        }
        derived.put("spring.quartz.auto-startup", false);
        derived.put("spring.quartz.jdbc.initialize-schema", "never");
        if (!scheduler) {
            // never started, and its triggers (camel-quartz registers them even for routes that do not start) in memory
            derived.put("camel.component.quartz.auto-start-scheduler", false);
            return;
        }
        if (!environment.getProperty("certsync.cluster.enabled", Boolean.class, false)) return;
        String quartz = "spring.quartz.properties.org.quartz.";
        derived.put("spring.quartz.job-store-type", "jdbc");
        derived.put("spring.quartz.scheduler-name", "certsync-" + environment.getProperty("certsync.exchange.tenant-id", "").strip());
        derived.put(quartz + "scheduler.instanceId", node);
        derived.put(quartz + "jobStore.isClustered", true);
        derived.put(quartz + "jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        derived.put(quartz + "jobStore.clusterCheckinInterval", environment.getProperty("certsync.cluster.check-in-interval",
                Duration.class, Duration.ofMillis(7500)).toMillis());
    }

    /** Above the application.properties files, below the command line, environment and test properties. */
    public static void addAboveApplicationProperties(ConfigurableEnvironment environment, MapPropertySource source) {
        environment.getPropertySources().stream().map(ps -> ps.getName())
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
}
