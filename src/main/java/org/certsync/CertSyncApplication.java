package org.certsync;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** CertSync: publishes S/MIME certificates from the directory to Exchange Online. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CertSyncApplication {

    public static void main(String[] args) {
        SpringApplication.run(CertSyncApplication.class, args);
    }
}
