package org.certsync.demo.simulator;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Serves the Exchange Online simulator when {@code certsync.simulator.enabled=true}. The controller is imported
 * rather than declared as a bean method: under the application's component scan, a bean method would register
 * the controller a second time.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = SimulatorSettings.ENABLED_PROPERTY, havingValue = "true")
@EnableConfigurationProperties(SimulatorSettings.class)
@Import(SimulatorController.class)
public class SimulatorConfiguration {

    /** Uses the application's Clock bean when there is one, so tests and demos can move time. */
    @Bean
    public ExchangeOnlineSimulator exchangeOnlineSimulator(SimulatorSettings settings, ObjectProvider<Clock> clock) {
        return new ExchangeOnlineSimulator(settings, clock.getIfAvailable(Clock::systemUTC));
    }
}
