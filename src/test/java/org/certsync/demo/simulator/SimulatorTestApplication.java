package org.certsync.demo.simulator;

import org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The smallest application serving the simulator: auto-configuration plus {@link SimulatorConfiguration}.
 * It declares no beans of its own, so the real application's component scan, which finds it on the test class
 * path, gains nothing from it. It has no console to guard, so Spring Security's defaults stay off: the simulator's
 * endpoints are open, as in the application.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration(exclude = {SecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
        ManagementWebSecurityAutoConfiguration.class})
@Import(SimulatorConfiguration.class)
public class SimulatorTestApplication {
}
