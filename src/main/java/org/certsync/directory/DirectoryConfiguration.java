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

    /** The context camel-ldap searches with ({@code ldap:certsyncLdap}); prototype because camel-ldap closes it. */
    @Bean
    @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
    LdapContext certsyncLdap(DirectoryConnection connection) {
        return connection.open();
    }

    @Bean
    DirectoryPositions directoryPositions(DirectoryConnection connection, java.time.Clock clock) {
        return new DirectoryPositions(connection, clock);
    }

    @Bean
    DirectoryEntries directoryEntries() {
        return new DirectoryEntries();
    }

    @Bean
    DirectoryReads directoryReads(DirectoryEntries entries) {
        return new DirectoryReads(entries);
    }

    /** {@code ldap-pages:} in the routes: the directory read streamed page by page. */
    @Bean("ldap-pages")
    LdapPagesComponent ldapPagesComponent() {
        return new LdapPagesComponent();
    }
}
