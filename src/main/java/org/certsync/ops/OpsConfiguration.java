package org.certsync.ops;

import java.lang.management.ManagementFactory;
import java.time.Clock;

import javax.management.MBeanServer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.camel.ProducerTemplate;
import org.certsync.directory.DirectoryConnection;
import org.certsync.exchangeonline.ExchangeOnlineAccess;
import org.certsync.exchangeonline.TenantConcurrency;
import org.certsync.state.ClearApprovals;
import org.certsync.state.DeadLetters;
import org.certsync.state.DeltaCursor;
import org.certsync.state.PublishedState;
import org.certsync.state.SynchronizedRecipients;
import org.certsync.cluster.RunLock;
import org.certsync.sync.SyncRuns;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The console's MBean, the health indicators, the run metrics, the guard of route edits and routes from a ConfigMap. */
@Configuration(proxyBeanMethods = false)
public class OpsConfiguration {

    @Bean
    ConsoleAudit consoleAudit(Clock clock) {
        return new ConsoleAudit(clock);
    }

    @Bean
    SyncControl syncControl(SyncRuns runs, RunLock lock, LastRuns lastRuns, PublishedState state, DeadLetters deadLetters,
                            SynchronizedRecipients synchronizedRecipients, ClearApprovals approvals,
                            DeltaCursor cursor, ProducerTemplate producer, org.certsync.hygiene.HygieneOperations hygiene,
                            ConsoleAudit audit, ConsoleSettings console, ObjectProvider<MBeanServer> server) {
        // the MBeanServer bean is there only when spring.jmx.enabled=true (Spring Boot's tests turn it off)
        return new SyncControl(runs, lock, lastRuns, state, deadLetters, synchronizedRecipients, approvals, cursor, producer,
                hygiene, audit, console.syncNowWait(),
                server.getIfAvailable(ManagementFactory::getPlatformMBeanServer));
    }

    @Bean
    DirectoryHealth directoryHealthIndicator(DirectoryConnection connection, HealthSettings health, Clock clock) {
        return new DirectoryHealth(connection, health.directoryTimeout(), health.directoryCache(), clock);
    }

    @Bean
    ExchangeTokenHealth exchangeTokenHealthIndicator(ExchangeOnlineAccess access) {
        return new ExchangeTokenHealth(access);
    }

    @Bean
    LastRuns lastRuns(SyncRuns runs, RunLock lock, ObjectMapper json) {
        return new LastRuns(runs, lock, json);
    }

    @Bean
    LastRunHealth lastRunHealthIndicator(LastRuns lastRuns, Clock clock, HealthSettings health) {
        return new LastRunHealth(lastRuns::latest, clock, health.maxRunAge());
    }

    @Bean
    RouteEditGuard routeEditGuard() {
        return new RouteEditGuard();
    }

    @Bean
    ConfigMapRouteReload configMapRouteReload() {
        return new ConfigMapRouteReload();
    }

    /** The requests CertSync may have in flight to the tenant (adaptive), and has now. */
    @Bean
    MeterBinder exchangeConcurrencyMetrics(TenantConcurrency concurrency) {
        return registry -> {
            Gauge.builder("certsync.exchange.requests.limit", concurrency, TenantConcurrency::limit)
                    .description("Requests CertSync may have in flight to Exchange Online now (adaptive: halves on 429/503)")
                    .register(registry);
            Gauge.builder("certsync.exchange.requests.in.flight", concurrency, TenantConcurrency::inFlight)
                    .description("Requests to Exchange Online in flight now").register(registry);
        };
    }

    @Bean
    ExpiryMetrics expiryMetrics(MeterRegistry registry, SyncRuns runs, PublishedState state, Clock clock) {
        ExpiryMetrics metrics = new ExpiryMetrics(registry, state, clock);
        runs.addListener(metrics);
        return metrics;
    }

    @Bean
    RunMetrics runMetrics(MeterRegistry registry, SyncRuns runs, LastRuns lastRuns, Clock clock) {
        RunMetrics metrics = new RunMetrics(registry, clock.instant(), lastRuns::latest);
        runs.addListener(metrics);
        return metrics;
    }
}
