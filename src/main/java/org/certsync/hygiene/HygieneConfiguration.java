package org.certsync.hygiene;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;

import org.certsync.certificate.CertificatePolicy;
import org.certsync.directory.LdapSettings;
import org.certsync.cluster.ExclusiveTaskLock;
import org.certsync.state.ClearApprovals;
import org.certsync.sync.RecipientPaths;
import org.certsync.sync.SafetySettings;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
public class HygieneConfiguration {

    /** The directory hygiene's state belongs to: the LDAP URL and the hygiene base DN, whatever the tenant. */
    static String directory(LdapSettings ldap, HygieneSettings settings) {
        return Objects.toString(ldap.url(), "") + " " + settings.baseDn();
    }

    @Bean
    HygienePlanner hygienePlanner(CertificatePolicy policy, HygieneSettings settings, Clock clock) {
        return new HygienePlanner(policy, settings.reasons(), settings.expiredGrace(), clock);
    }

    @Bean
    HygieneRemovals hygieneRemovals(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, LdapSettings ldap,
                                    HygieneSettings settings) {
        return new HygieneRemovals(jdbc, transactions, clock, directory(ldap, settings));
    }

    /** The hygiene's deletion threshold: held-back removals and approvals, as for clears, of this directory. */
    @Bean
    ClearApprovals hygieneApprovals(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, LdapSettings ldap,
                                    HygieneSettings settings, SafetySettings safety) {
        return new ClearApprovals(jdbc, transactions, clock, ClearApprovals.HYGIENE, directory(ldap, settings),
                safety.approvalLifetime());
    }

    @Bean
    HygieneRuns hygieneRuns(HygieneSettings settings, HygieneRemovals removals,
                            @Qualifier("hygieneApprovals") ClearApprovals approvals, Clock clock, RecipientPaths paths,
                            @Qualifier("hygieneLock") ExclusiveTaskLock lock, ObjectMapper json, MeterRegistry registry) {
        return new HygieneRuns(settings, removals, approvals, clock, paths, lock, json, registry);
    }

    @Bean
    DirectoryCleanup directoryCleanup(LdapSettings ldap, HygieneSettings settings, HygieneRemovals removals) {
        return new DirectoryCleanup(new HygieneWriter(ldap, settings.bindDn(), settings.bindPassword()), removals);
    }

    @Bean
    HygieneOperations hygieneOperations(HygieneSettings settings, HygieneRuns runs,
                                        @Qualifier("hygieneApprovals") ClearApprovals approvals, HygieneRemovals removals,
                                        DirectoryCleanup cleanup, ProducerTemplate producer,
                                        @Value("${certsync.console.sync-now-wait:30s}") Duration wait) {
        return new HygieneOperations(settings, runs, approvals, removals, cleanup, producer, wait);
    }
}
