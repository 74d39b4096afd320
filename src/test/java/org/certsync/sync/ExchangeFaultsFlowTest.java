package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.certsync.demo.DemoUser;
import org.certsync.demo.DemoUsers;
import org.certsync.demo.simulator.MailRecipientType;
import org.certsync.demo.simulator.LoggedRequest;
import org.certsync.demo.simulator.SimulatedRecipient;
import org.certsync.state.DeadLetters;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The publisher against a simulator that throttles (budget per window, Retry-After), fails at random with 5xx
 * and refuses revoked tokens: every publishable user still ends published exactly once, permanent failures
 * end as dead letters, nothing is lost.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.demo=true",
        "certsync.demo.data-dir=",
        "certsync.scheduler.enabled=false",
        "certsync.simulator.throttle.requests=6",
        "certsync.simulator.throttle.window=2s",
        "certsync.simulator.fault.server-error-rate=0.1",
        "certsync.simulator.fault.seed=7",
        "certsync.exchange.retry.max-retries=8",
        "certsync.exchange.retry.max-total-time=30s",
        "certsync.exchange.retry.initial-delay-ms=100",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/exchange-faults/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/exchange-faults/last-run.json"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExchangeFaultsFlowTest extends SyncFlowSupport {

    @Autowired
    DeadLetters deadLetters;

    @Test
    @Order(1)
    void everyPublishableUserIsPublishedExactlyOnceDespiteThrottlingAndServerErrors() {
        String dirSynced = DemoUsers.mail("onprem-faults");
        addUser("onprem-faults");
        simulator.register(dirSynced, MailRecipientType.MAIL_USER, true);

        RunReport report = sync();

        for (DemoUser user : directory.users()) {
            boolean publishable = !user.expectedUserCertificate().isEmpty() || !user.expectedSmime().isEmpty();
            SimulatedRecipient recipient = simulator.recipient(user.mail()).orElse(null);
            if (!publishable) {
                assertThat(recipient).as(user.uid()).isNull();
                continue;
            }
            assertThat(recipient).as(user.uid()).isNotNull();
            assertThat(recipient.modificationCount()).as("writes to %s", user.uid()).isEqualTo(1);
            assertThat(Set.copyOf(recipient.userCertificate())).as(user.uid()).isEqualTo(user.expectedUserCertificate());
            assertThat(Set.copyOf(recipient.userSmimeCertificate())).as(user.uid()).isEqualTo(user.expectedSmime());
        }
        List<LoggedRequest> calls = setCalls();
        assertThat(calls).filteredOn(r -> r.status() == 429).isNotEmpty();
        assertThat(calls).filteredOn(r -> r.status() >= 500).isNotEmpty();
        assertThat(report.throttled()).isPositive();
        assertThat(report.retries()).isPositive();
        // the recipient synchronized from on-premises is not a failure but on the directory path
        assertThat(report.failed()).isZero();
        assertThat(report.directoryPath()).isEqualTo(1);
        assertThat(deadLetters.list()).isEmpty();
        assertThat(report.problems()).filteredOn(p -> dirSynced.equals(p.recipient())).singleElement()
                .satisfies(p -> assertThat(p.kind()).isEqualTo(Outcomes.DIRECTORY_PATH));
        // the permanent failure was not retried: it may have been throttled first, but once refused for good it stops
        List<LoggedRequest> dirSyncedCalls = calls.stream().filter(r -> dirSynced.equals(r.identity())).toList();
        assertThat(dirSyncedCalls).filteredOn(r -> r.status() == 400).hasSize(1);
        assertThat(dirSyncedCalls.get(dirSyncedCalls.size() - 1).status()).isEqualTo(400);
    }

    @Test
    @Order(2)
    void aThrottledCallIsRepeatedOnlyAfterItsRetryAfter() {
        // the log of the first, throttled sync: a recipient throttled (alone or inside a $batch) is sent again only
        // once the Retry-After of that answer has passed, and within the retry bound
        Map<String, LoggedRequest> previous = new HashMap<>();
        List<String> tooEarly = new ArrayList<>();
        Map<String, Integer> throttledPerRecipient = new HashMap<>();
        for (LoggedRequest call : setCalls()) {
            LoggedRequest before = previous.put(call.identity(), call);
            if (call.status() == 429) throttledPerRecipient.merge(call.identity(), 1, Integer::sum);
            if (before != null && before.status() == 429 && before.retryAfter() != null
                    && call.time().isBefore(before.time().plus(before.retryAfter()))) {
                tooEarly.add(call.identity() + " at " + call.time() + ", Retry-After " + before.retryAfter() + " from " + before.time());
            }
        }
        assertThat(tooEarly).isEmpty();
        assertThat(throttledPerRecipient).isNotEmpty();
        assertThat(throttledPerRecipient.values()).allMatch(count -> count <= 8);
    }

    @Test
    @Order(3)
    void aRevokedTokenIsRenewedOnceAndTheCallRepeated() {
        sync();
        String uid = "token-faults";
        addUser(uid);
        int tokensBefore = simulator.tokensIssued();
        simulator.clearRequests();
        simulator.revokeTokens();

        RunReport report = sync();

        assertThat(report.problems()).noneMatch(p -> DemoUsers.mail(uid).equals(p.recipient()));
        List<LoggedRequest> calls = setCalls();
        // the first request (a $batch of this run's changes) is refused as a whole: every cmdlet it carried, once
        List<LoggedRequest> refused = calls.stream().takeWhile(r -> r.status() == 401).toList();
        assertThat(refused).isNotEmpty().extracting(LoggedRequest::identity).doesNotHaveDuplicates()
                .contains(DemoUsers.mail(uid));
        assertThat(calls).filteredOn(r -> r.status() == 401).hasSize(refused.size());
        // then each of them is repeated with the renewed token, and nothing else is refused
        assertThat(calls.subList(refused.size(), calls.size())).extracting(LoggedRequest::identity)
                .containsAll(refused.stream().map(LoggedRequest::identity).toList());
        assertThat(simulator.tokensIssued()).isEqualTo(tokensBefore + 1);
        assertThat(simulator.recipient(DemoUsers.mail(uid)).orElseThrow().modificationCount()).isEqualTo(1);
    }

}
