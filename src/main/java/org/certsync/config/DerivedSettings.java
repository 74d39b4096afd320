package org.certsync.config;

import java.util.LinkedHashMap;
import java.util.Map;

import org.certsync.exchangeonline.CallSettings;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Derives the settings that follow from others before any bean is created: whether the console is open (the demo
 * only, and not with {@code certsync.console.security=always}), whether the schedule runs, the call spacing of a
 * budget. Placed above application.properties and below the command line, the environment and test properties.
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
        if (environment.getProperty("certsync.scheduler.enabled") == null) {
            boolean runOnce = Boolean.parseBoolean(environment.getProperty("certsync.run-once", "false"));
            derived.put("certsync.scheduler.enabled", !runOnce);
        }
        // a budget of calls per second as the period of the exchange-online-budget route's throttle (ten cmdlets per period);
        // without a budget the route is never called, but Camel's throttle still needs a positive period
        derived.put("certsync.exchange.budget-period-ms", Math.max(1, CallSettings.budgetPeriodMillis(
                parseOrZero(environment.getProperty("certsync.exchange.calls-per-second")))));
        addAboveApplicationProperties(environment, new MapPropertySource("certsyncDerived", derived));
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
