package org.certsync.config;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Refuses to start unless the settings say what to sync where: {@code certsync.demo=true}, or both
 * {@code certsync.ldap.url} and {@code certsync.exchange.tenant-id}; and a cluster on anything but PostgreSQL. Runs before any bean is created, so a refused
 * start writes nothing (no database, no report); after the test frameworks' dynamic properties are in place.
 */
public class SettingsCheck implements BeanFactoryPostProcessor, EnvironmentAware {

    static final String LDAP_URL = "certsync.ldap.url";
    static final String TENANT = "certsync.exchange.tenant-id";
    static final String CLUSTER = "certsync.cluster.enabled";

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

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
