package org.certsync.exchange.simulator;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The smallest application serving the simulator: auto-configuration plus {@link SimulatorConfiguration}.
 * It declares no beans of its own, so the real application's component scan, which finds it on the test class
 * path, gains nothing from it.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(SimulatorConfiguration.class)
public class SimulatorTestApplication {
}
