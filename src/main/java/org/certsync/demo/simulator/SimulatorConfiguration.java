package org.certsync.demo.simulator;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Serves the Exchange Online simulator in the demo ({@code certsync.demo=true}) and nowhere else: the application's
 * /simulator/** answers 404 outside the demo. The controller is imported rather than declared as a bean method:
 * under the application's component scan, a bean method would register it a second time.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "certsync.demo", havingValue = "true")
@EnableConfigurationProperties(SimulatorSettings.class)
@Import(SimulatorController.class)
public class SimulatorConfiguration {

    /** Uses the application's Clock bean when there is one, so tests and demos can move time. */
    @Bean
    public ExchangeOnlineSimulator exchangeOnlineSimulator(SimulatorSettings settings, ObjectProvider<Clock> clock) {
        return new ExchangeOnlineSimulator(settings, clock.getIfAvailable(Clock::systemUTC));
    }

    /** Keeps the recipients in the demo's state file: every second when anything changed, and at shutdown. */
    @Bean
    SimulatorKeeper simulatorKeeper(ExchangeOnlineSimulator simulator) {
        return new SimulatorKeeper(simulator);
    }

    /**
     * The simulated tenant's endpoints are the tenant's, not the console's: no login (its token endpoint and bearer
     * tokens are its own), no CSRF (its callers are API clients). Ordered before the console's rules.
     */
    @Bean
    @Order(1)
    SecurityFilterChain simulatorSecurity(HttpSecurity http) throws Exception {
        return http.securityMatcher("/simulator/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .build();
    }

    static final class SimulatorKeeper implements DisposableBean {
        private final ExchangeOnlineSimulator simulator;
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "certsync-simulator-keeper");
            thread.setDaemon(true);
            return thread;
        });

        SimulatorKeeper(ExchangeOnlineSimulator simulator) {
            this.simulator = simulator;
            timer.scheduleWithFixedDelay(simulator::keep, 1, 1, TimeUnit.SECONDS);
        }

        @Override
        public void destroy() {
            timer.shutdownNow();
            simulator.keep();
        }
    }
}
