package org.certsync.directory;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where and how CertSync reads users ({@code certsync.ldap.*}).
 *
 * @param url                LDAP URL, e.g. {@code ldaps://dc1.corp.example:636}; empty starts the embedded demo directory
 * @param bindDn             DN (or UPN on AD) for the simple bind; empty binds anonymously
 * @param password           bind password; prefer the environment variable CERTSYNC_LDAP_PASSWORD
 * @param baseDn             search base; users below it are in scope
 * @param userFilter         LDAP filter selecting the users in scope
 * @param pageSize           paged-results page size (AD caps it at MaxPageSize, 1000 by default)
 * @param trustStore         trust store (PKCS12 or JKS) with the CA of the LDAPS server certificate; empty uses the JVM's
 * @param trustStorePassword password of the trust store
 * @param connectTimeout     how long to wait for the TCP connection
 * @param readTimeout        how long to wait for one LDAP response
 */
@Validated
@ConfigurationProperties("certsync.ldap")
public record LdapSettings(
        String url,
        String bindDn,
        String password,
        @NotBlank(message = "certsync.ldap.base-dn must name the search base, e.g. dc=corp,dc=example") String baseDn,
        @NotBlank(message = "certsync.ldap.user-filter must be an LDAP filter, e.g. (objectClass=user)") String userFilter,
        @DefaultValue("500") @Min(1) @Max(100000) int pageSize,
        String trustStore,
        String trustStorePassword,
        @DefaultValue("10s") @NotNull Duration connectTimeout,
        @DefaultValue("60s") @NotNull Duration readTimeout) {

    @Override
    public String toString() {
        return "LdapSettings[url=" + url + ", bindDn=" + bindDn + ", baseDn=" + baseDn + ", userFilter=" + userFilter
                + ", pageSize=" + pageSize + ", trustStore=" + trustStore + "]";
    }
}
