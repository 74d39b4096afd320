package org.certsync.demo;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The embedded demo directory, started when {@code certsync.ldap.url} is empty. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "certsync.demo.directory", havingValue = "true")
public class DemoConfiguration {

    @Bean
    DemoCertificateAuthority demoCertificateAuthority() {
        return new DemoCertificateAuthority("CertSync Demo Issuing CA");
    }

    @Bean
    EmbeddedDirectory embeddedDirectory(DemoCertificateAuthority ca, @Value("${certsync.demo.ldap-port:0}") int port,
                                        @Value("${certsync.demo.extra-users:0}") int extraUsers) {
        return new EmbeddedDirectory(port, DemoUsers.generate(ca, extraUsers));
    }
}
