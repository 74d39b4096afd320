package org.certsync.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.certsync.certificate.RejectionReason;
import org.quartz.CronExpression;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Refuses to start unless the settings say what to sync where: {@code certsync.demo=true}, or both
 * {@code certsync.ldap.url} and {@code certsync.exchange.tenant-id}; and a cluster on anything but PostgreSQL; and, with
 * directory hygiene on, hygiene settings that mean what they say. Runs before any bean is created, so a refused
 * start writes nothing (no database, no report); after the test frameworks' dynamic properties are in place.
 */
public class SettingsCheck implements BeanFactoryPostProcessor, EnvironmentAware {

    static final String LDAP_URL = "certsync.ldap.url";
    static final String TENANT = "certsync.exchange.tenant-id";
    static final String CLUSTER = "certsync.cluster.enabled";
    static final String HYGIENE = "certsync.hygiene.";

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        check(environment);
    }

    /** @throws IncompleteSettingsException naming what is missing or in conflict, and how to start the demo instead */
    static void check(Environment environment) {
        checkCluster(environment);
        checkHygiene(environment);
        boolean demo = environment.getProperty(DerivedSettings.DEMO, Boolean.class, false);
        if (demo) return;
        List<String> missing = new ArrayList<>();
        if (blank(environment.getProperty(LDAP_URL))) missing.add(LDAP_URL);
        if (blank(environment.getProperty(TENANT))) missing.add(TENANT);
        if (missing.isEmpty()) return;
        throw new IncompleteSettingsException(String.join(" and ", missing) + (missing.size() == 1 ? " is" : " are")
                + " not set: CertSync syncs a directory to a tenant only when both certsync.ldap.url and"
                + " certsync.exchange.tenant-id are set; to try it without either, start the demo with --certsync.demo=true");
    }

    /** A cluster shares its state, schedule and run lock in PostgreSQL; an H2 file belongs to one process. */
    private static void checkCluster(Environment environment) {
        if (!environment.getProperty(CLUSTER, Boolean.class, false)) return;
        String url = environment.getProperty("spring.datasource.url", "");
        if (url.startsWith("jdbc:postgresql:")) return;
        throw new IncompleteSettingsException(CLUSTER + "=true needs PostgreSQL, but spring.datasource.url is "
                + url.replaceAll("[?;].*", "") + ": nodes share their state, schedule and run lock in one PostgreSQL"
                + " database (an H2 file belongs to one process); set spring.datasource.url=jdbc:postgresql://host/db"
                + " or run a single node with " + CLUSTER + "=false");
    }

    /** Hygiene writes to the directory: when it is on, every setting must mean what it says, and apply needs its account. */
    private static void checkHygiene(Environment environment) {
        if (!environment.getProperty(HYGIENE + "enabled", Boolean.class, false)) return;
        String problem = hygieneProblem(environment);
        if (problem != null) {
            throw new IncompleteSettingsException(problem + " (" + HYGIENE + "enabled=true; see docs/hygiene.md, or set "
                    + HYGIENE + "enabled=false)");
        }
    }

    private static String hygieneProblem(Environment environment) {
        String reasons = environment.getProperty(HYGIENE + "reasons", "");
        Set<String> known = Arrays.stream(RejectionReason.values()).map(RejectionReason::code).collect(Collectors.toSet());
        for (String reason : reasons.split(",")) {
            if (reason.isBlank() || !known.contains(reason.strip())) {
                return HYGIENE + "reasons=" + reasons + " names '" + reason.strip() + "', which is no rejection reason"
                        + " (any of " + String.join(", ", new TreeSet<>(known)) + ")";
            }
        }
        for (String limit : List.of("max-users-per-run", "max-values-per-run")) {
            String value = environment.getProperty(HYGIENE + limit, "");
            if (!value.strip().matches("\\d+")) return HYGIENE + limit + "='" + value + "' is not a number of 0 or more";
        }
        try {
            if (DurationStyle.detectAndParse(
                    environment.getProperty(HYGIENE + "expired-grace", "0s").strip()).isNegative()) {
                return HYGIENE + "expired-grace must not be negative";
            }
        } catch (RuntimeException e) {
            return HYGIENE + "expired-grace='" + environment.getProperty(HYGIENE + "expired-grace")
                    + "' is not a duration (e.g. P30D or 30d)";
        }
        if (!CronExpression.isValidExpression(environment.getProperty(HYGIENE + "schedule", ""))) {
            return HYGIENE + "schedule='" + environment.getProperty(HYGIENE + "schedule") + "' is not a Quartz cron";
        }
        if (blank(environment.getProperty(HYGIENE + "base-dn"))) return HYGIENE + "base-dn is not set";
        if (blank(environment.getProperty(HYGIENE + "filter"))) return HYGIENE + "filter is not set";
        if (environment.getProperty(HYGIENE + "apply", Boolean.class, false)) {
            for (String account : List.of("bind-dn", "bind-password")) {
                if (blank(environment.getProperty(HYGIENE + account))) {
                    return HYGIENE + account + " is not set, but " + HYGIENE + "apply=true removes values from the"
                            + " directory: hygiene writes with an account of its own, never certsync.ldap.bind-dn's";
                }
            }
        }
        return null;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
