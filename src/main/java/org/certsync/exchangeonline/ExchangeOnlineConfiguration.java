package org.certsync.exchangeonline;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

import org.apache.camel.Ordered;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.certsync.WorkerThreads;
import org.certsync.certificate.CertificatePolicy;
import org.certsync.cluster.ExclusiveTaskLock;
import org.certsync.state.IssuingCaState;
import org.certsync.state.RecipientTypes;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
public class ExchangeOnlineConfiguration {

    @Bean
    ExchangeOnlineAccess exchangeOnlineAccess(ConfigurableEnvironment environment) {
        // bound on first use: in demo mode the URLs contain the web server's port
        return new ExchangeOnlineAccess(() -> Binder.get(environment).bindOrCreate("certsync.exchange", ExchangeOnlineSettings.class));
    }

    @Bean
    RecipientTypes recipientTypes(JdbcTemplate jdbc, Clock clock, @Value("${certsync.exchange.tenant-id}") String tenant) {
        return new RecipientTypes(jdbc, clock, tenant.strip());
    }

    @Bean
    IssuingCaState issuingCaState(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock,
                                  @Value("${certsync.exchange.tenant-id}") String tenant) {
        return new IssuingCaState(jdbc, transactions, clock, tenant.strip());
    }

    /** The trusted S/MIME issuing CAs the tenant is to hold: the CA certificates of the policy's trust store. */
    @Bean
    IssuingCaUploads issuingCaUploads(ExchangeOnlineAccess access, IssuingCaState state, CertificatePolicy policy,
                                      IssuingCaSettings settings,
                                      @Qualifier("issuingCaUploadLock") ExclusiveTaskLock lock,
                                      @Value("${certsync.dry-run:false}") boolean dryRun) {
        if (settings.enabled() && policy.trustedCas().isEmpty()) {
            throw new IllegalArgumentException("certsync.issuing-cas.enabled=true needs certsync.policy.trust-store with"
                    + " the issuing CAs' certificates: they are what CertSync uploads");
        }
        return new IssuingCaUploads(access, state, policy.trustedCas(), settings, lock, dryRun);
    }

    @Bean
    TenantConcurrency tenantConcurrency(CallSettings settings) {
        return new TenantConcurrency(settings);
    }

    /** The threads that send a page's $batch requests (split with parallelProcessing); their number caps concurrency. */
    @Bean(destroyMethod = "shutdown")
    ExecutorService publishingThreads(CallSettings settings) {
        return WorkerThreads.fixed("publish", settings.ceiling());
    }

    /**
     * The HTTP producer's timeouts come from certsync.exchange.connect-timeout / request-timeout. Its client's own
     * retries are off: retries are the route's (counted, bounded, dead-lettered), never hidden in the client (Apache
     * HttpClient re-sends 429 and 503 by itself otherwise). Applied last: camel-http-starter's own customizer copies
     * its defaults (retries on, 3-minute timeouts) onto the component and would otherwise undo this at random.
     */
    @Bean
    ComponentCustomizer exchangeHttpTimeouts(ConfigurableEnvironment environment) {
        Duration connect = environment.getProperty("certsync.exchange.connect-timeout", Duration.class, Duration.ofSeconds(10));
        Duration request = environment.getProperty("certsync.exchange.request-timeout", Duration.class, Duration.ofSeconds(60));
        return ComponentCustomizer.builder(HttpComponent.class).withOrder(Ordered.LOWEST).build(http -> {
            http.setConnectTimeout(connect.toMillis());
            http.setResponseTimeout(request.toMillis());
            http.setAutomaticRetriesDisabled(true);
        });
    }
}
