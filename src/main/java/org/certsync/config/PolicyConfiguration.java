package org.certsync.config;

import java.time.Clock;
import java.time.Duration;

import org.certsync.certificate.CertificatePolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class PolicyConfiguration {

    @Bean
    CertificatePolicy certificatePolicy(Clock clock) {
        return new CertificatePolicy(clock, Duration.ofMinutes(5));
    }
}
