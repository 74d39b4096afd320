package org.certsync.demo.simulator;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The smallest application serving the simulator: auto-configuration plus {@link SimulatorConfiguration} (which needs
 * {@code certsync.demo=true}). It declares no beans and excludes nothing itself: the real application's component
 * scan finds it on the test class path, and would inherit its exclusions. Those who start it alone exclude with
 * {@link #ALONE}.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(SimulatorConfiguration.class)
public class SimulatorTestApplication {

    /** {@code spring.autoconfigure.exclude} for the simulator alone: no database, no console users. */
    public static final String ALONE = "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration,"
            + "org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration,"
            + "org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration";
}
