package org.certsync.demo;

import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The embedded demo directory and its data, with {@code certsync.demo=true}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "certsync.demo", havingValue = "true")
public class DemoConfiguration {

    /** The name of the demo's issuing CA. */
    public static final String AUTHORITY = "CertSync Demo Issuing CA";

    @Bean
    DemoData demoData(@Value("${certsync.demo.data-dir:data/demo}") String directory) {
        return new DemoData(directory.isBlank() ? null : Path.of(directory));
    }

    @Bean
    DemoCertificateAuthority demoCertificateAuthority(DemoData data) {
        return data.authority(AUTHORITY);
    }

    /** On the port DemoSettings chose and gave certsync.ldap.url. */
    @Bean
    EmbeddedDirectory embeddedDirectory(DemoData data, DemoCertificateAuthority ca, @Value("${certsync.demo.ldap-port}") int port,
                                        @Value("${certsync.demo.extra-users:0}") int extraUsers) {
        return new EmbeddedDirectory(port, data.users(() -> DemoUsers.generate(ca, extraUsers)));
    }
}
