package org.certsync.directory;

import javax.naming.ldap.LdapContext;

import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;

@Configuration(proxyBeanMethods = false)
public class DirectoryConfiguration {

    @Bean
    DirectoryConnection directoryConnection(LdapSettings settings) {
        return new DirectoryConnection(settings, settings.url());
    }

    /** The context the routes search with ({@code ldap:certsyncLdap}); prototype: each search holds its own connection. */
    @Bean
    @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
    LdapContext certsyncLdap(DirectoryConnection connection) {
        return connection.open();
    }

    @Bean
    ChangeMarks changeMarks(DirectoryConnection connection, java.time.Clock clock) {
        return new ChangeMarks(connection, clock);
    }

    @Bean
    DirectoryEntries directoryEntries() {
        return new DirectoryEntries();
    }

    /** {@code ldap:} in the routes: camel-ldap's endpoint, its search streamed page by page. */
    @Bean("ldap")
    StreamedLdapComponent ldapComponent() {
        return new StreamedLdapComponent();
    }
}
