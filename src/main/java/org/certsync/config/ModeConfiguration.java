package org.certsync.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class ModeConfiguration {

    /** Static: a BeanFactoryPostProcessor runs before the configuration's other beans exist. */
    @Bean
    static SettingsCheck settingsCheck() {
        return new SettingsCheck();
    }
}
