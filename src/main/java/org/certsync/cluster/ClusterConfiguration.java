package org.certsync.cluster;

import java.time.Clock;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The run lock and the issuing CA upload lock of this node: the cluster's on PostgreSQL when
 * {@code certsync.cluster.enabled}, else its own.
 */
@Configuration(proxyBeanMethods = false)
public class ClusterConfiguration {

    @Bean // closed by Spring (inferred close()): the lock's connection ends with the node
    RunLock runLock(ClusterSettings cluster, DataSourceProperties database, DataSource pooled, Clock clock,
                    @Value("${certsync.exchange.tenant-id}") String tenant) {
        if (!cluster.enabled()) return new SingleNodeRunLock(cluster.nodeId(), clock);
        return new PostgresRunLock(dedicated(database), pooled, tenant.strip(), cluster.nodeId(), cluster.leaseTimeout(),
                cluster.startupRunAfter());
    }

    /** One issuing CA upload of the tenant at a time: on a cluster, across its nodes (see ExclusiveTaskLock). */
    @Bean
    ExclusiveTaskLock issuingCaUploadLock(ClusterSettings cluster, DataSourceProperties database,
                                          @Value("${certsync.exchange.tenant-id}") String tenant) {
        if (!cluster.enabled()) return new SingleNodeExclusiveTaskLock();
        return new PostgresExclusiveTaskLock(dedicated(database), PostgresExclusiveTaskLock.ISSUING_CA_UPLOAD, tenant.strip());
    }

    /** One directory hygiene run of the directory at a time: on a cluster, across its nodes (see ExclusiveTaskLock). */
    @Bean
    ExclusiveTaskLock hygieneLock(ClusterSettings cluster, DataSourceProperties database,
                                  @Value("${certsync.ldap.url:}") String url,
                                  @Value("${certsync.hygiene.base-dn:}") String baseDn) {
        if (!cluster.enabled()) return new SingleNodeExclusiveTaskLock();
        return new PostgresExclusiveTaskLock(dedicated(database), PostgresExclusiveTaskLock.HYGIENE,
                url.strip() + " " + baseDn.strip());
    }

    /** Connections of a lock's own, outside the pool (config.SettingsCheck made sure this is PostgreSQL). */
    private static DataSource dedicated(DataSourceProperties database) {
        return new DriverManagerDataSource(database.determineUrl(), database.determineUsername(),
                database.determinePassword());
    }

    @Bean
    ClusterHealth clusterHealthIndicator(RunLock lock) {
        return new ClusterHealth(lock);
    }

    @Bean
    MeterBinder clusterMetrics(RunLock lock, ClusterSettings cluster) {
        return registry -> {
            Gauge.builder("certsync.run.lock.held", lock, l -> l.holdsLock() ? 1 : 0)
                    .tag("node", cluster.nodeId())
                    .description("1 while this node's run holds the run lock (on a cluster: the node that runs)")
                    .register(registry);
            Gauge.builder("certsync.last.run.on.this.node", lock, l -> cluster.nodeId().equals(l.view().lastRunNode()) ? 1 : 0)
                    .tag("node", cluster.nodeId())
                    .description("1 when the last run that ended, on any node of the cluster, was this node's")
                    .register(registry);
        };
    }
}
