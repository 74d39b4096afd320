package org.certsync.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ProducerTemplate;
import org.certsync.WorkerThreads;
import org.certsync.certificate.CertificatePolicy;
import org.certsync.certificate.PolicySettings;
import org.certsync.cluster.RunLock;
import org.certsync.directory.DeletedEntries;
import org.certsync.directory.DirectoryConnection;
import org.certsync.directory.ChangeMarks;
import org.certsync.directory.LdapSettings;
import org.certsync.exchangeonline.ExchangeOnlineAccess;
import org.certsync.exchangeonline.InvokeCommandBatches;
import org.certsync.exchangeonline.InvokeCommandCalls;
import org.certsync.exchangeonline.PublishRetries;
import org.certsync.state.DeltaCursor;
import org.certsync.state.ClearApprovals;
import org.certsync.state.DeadLetters;
import org.certsync.state.ExpiryNotices;
import org.certsync.state.JudgedRecipients;
import org.certsync.state.PublishedState;
import org.certsync.state.RecipientTypes;
import org.certsync.state.RunRecipients;
import org.certsync.state.SynchronizedRecipients;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
public class SyncConfiguration {

    /** The tenant the state belongs to; SettingsCheck made sure it is set (or the demo's). */
    static final String TENANT = "${certsync.exchange.tenant-id}";

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    // the state is the configured tenant's: another tenant's rows are neither read nor changed

    @Bean
    PublishedState publishedState(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock,
                                  @Value(TENANT) String tenant) {
        return new PublishedState(jdbc, transactions, clock, tenant.strip());
    }

    @Bean
    DeadLetters deadLetters(JdbcTemplate jdbc, Clock clock, @Value(TENANT) String tenant) {
        return new DeadLetters(jdbc, clock, tenant.strip());
    }

    /** The clears' threshold; the directory hygiene has one of its own (hygieneApprovals). */
    @Bean
    @org.springframework.context.annotation.Primary
    ClearApprovals clearApprovals(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock,
                                  @Value(TENANT) String tenant, SafetySettings safety) {
        return new ClearApprovals(jdbc, transactions, clock, tenant.strip(), safety.approvalLifetime());
    }

    @Bean
    RunRecipients runRecipients(JdbcTemplate jdbc, Clock clock, @Value(TENANT) String tenant, PublishedState state) {
        return new RunRecipients(jdbc, clock, tenant.strip(), state);
    }

    @Bean
    JudgedRecipients judgedRecipients(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock,
                                      @Value(TENANT) String tenant, PublishedState state) {
        return new JudgedRecipients(jdbc, transactions, clock, tenant.strip(), state);
    }

    @Bean
    SettledUsers settledUsers(CertificatePolicy policy, Clock clock) {
        return new SettledUsers(policy, clock);
    }

    /** The threads that judge a page's users (sync-run's split with parallelProcessing); certsync.judging-threads. */
    @Bean(destroyMethod = "shutdown")
    ExecutorService judgingThreads(@Value("${certsync.judging-threads:0}") int threads) {
        if (threads < 0) throw new IllegalArgumentException("certsync.judging-threads must be 0 (one per processor) or more: " + threads);
        return WorkerThreads.fixed("judge", threads == 0 ? Runtime.getRuntime().availableProcessors() : threads);
    }

    @Bean
    DeltaCursor deltaCursor(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock,
                                    @Value(TENANT) String tenant) {
        return new DeltaCursor(jdbc, transactions, clock, tenant.strip());
    }

    @Bean
    ReadPlanner readPlanner(ChangeMarks marks, DeltaCursor cursor, PublishedState state,
                            DeadLetters deadLetters, DeltaSettings delta, LdapSettings ldap,
                            DirectoryConnection connection, PolicySettings policy, Clock clock) {
        return new ReadPlanner(marks, new DeletedEntries(connection, ldap.pageSize()), cursor, state, deadLetters,
                delta, ldap, connection.url(), policy, clock);
    }

    @Bean
    SyncRuns syncRuns(Clock clock, ObjectMapper json, SyncSettings settings, DeadLetters deadLetters,
                      PublishedState state, ExpirySettings expiry, RunLock lock) {
        return new SyncRuns(clock, new ReportWriter(json, settings.reportFile(), settings.reportDir(), settings.reportKeep()),
                deadLetters, new ExpiryWarnings(state, Duration.ofDays(expiry.warnDays())), settings.dryRun(), lock);
    }

    @Bean
    ExpiryNotices expiryNotices(JdbcTemplate jdbc, PublishedState state, Clock clock, @Value(TENANT) String tenant,
                                ExpirySettings expiry, ObjectMapper json) {
        return new ExpiryNotices(jdbc, state, clock, tenant.strip(), expiry.webhookUrl(), expiry.webhookAuthorization(),
                json);
    }

    @Bean
    SynchronizedRecipients synchronizedRecipients(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock,
                                                  @Value(TENANT) String tenant) {
        return new SynchronizedRecipients(jdbc, transactions, clock, tenant.strip());
    }

    @Bean
    RecipientPaths recipientPaths(HybridSettings hybrid, SynchronizedRecipients synchronizedRecipients, Clock clock) {
        return new RecipientPaths(hybrid, synchronizedRecipients, clock);
    }

    @Bean
    Outcomes outcomes(PublishedState state, DeadLetters deadLetters, RecipientPaths paths,
                      SynchronizedRecipients synchronizedRecipients) {
        return new Outcomes(state, deadLetters, paths, synchronizedRecipients);
    }

    @Bean
    UserOutcomes userOutcomes() {
        return new UserOutcomes();
    }

    @Bean
    ClearPolicy clearPolicy(PublishedState state, RunRecipients recipients, ClearApprovals approvals, SafetySettings safety,
                            Outcomes outcomes) {
        return new ClearPolicy(state, recipients, approvals, safety, outcomes);
    }

    @Bean
    PublishRetries publishRetries(Clock clock, ConfigurableEnvironment environment) {
        PublishRetries.Limits limits = Binder.get(environment)
                .bindOrCreate("certsync.exchange.retry", PublishRetries.Limits.class);
        return new PublishRetries(limits, clock);
    }

    @Bean
    InvokeCommandCalls invokeCommandCalls(ExchangeOnlineAccess access, RecipientTypes recipientTypes) {
        return new InvokeCommandCalls(access, recipientTypes);
    }

    @Bean
    InvokeCommandBatches invokeCommandBatches(InvokeCommandCalls calls, Clock clock) {
        return new InvokeCommandBatches(calls, clock);
    }

    @Bean
    @ConditionalOnProperty(name = "certsync.run-once", havingValue = "true")
    RunOnce runOnce(ProducerTemplate producer, SyncRuns runs, ConfigurableApplicationContext context) {
        return new RunOnce(producer, runs, context);
    }
}
