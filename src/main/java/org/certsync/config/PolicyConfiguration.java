package org.certsync.config;

import java.time.Clock;

import org.certsync.certificate.CertificatePolicy;
import org.certsync.certificate.PolicySettings;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

@Configuration(proxyBeanMethods = false)
public class PolicyConfiguration {

    /** {@code certsync.policy.*}; the policy itself stays a plain class, so it is bound here. */
    @Bean
    PolicySettings policySettings(ConfigurableEnvironment environment) {
        return Binder.get(environment).bindOrCreate("certsync.policy", PolicySettings.class);
    }

    @Bean
    CertificatePolicy certificatePolicy(PolicySettings settings, Clock clock) {
        return new CertificatePolicy(settings, clock);
    }
}
