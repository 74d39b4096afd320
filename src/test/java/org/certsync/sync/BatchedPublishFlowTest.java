package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.certsync.demo.DemoUsers;
import org.certsync.demo.simulator.LoggedRequest;
import org.certsync.demo.simulator.SimulatorSettings;
import org.certsync.demo.simulator.SimulatorStatistics;
import org.certsync.state.DeadLetters;
import org.certsync.state.PublishedState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Publishing in $batch requests over the simulator's HTTP endpoints: each recipient is recorded by its own answer,
 * a throttled sub-request waits for its own Retry-After and goes alone, a cmdlet error in a 200 answer is a dead
 * letter with Exchange's message, a clear is sent as null.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.demo=true",
        "certsync.demo.data-dir=",
        "certsync.scheduler.enabled=false",
        "certsync.ldap.user-filter=(uid=batch-*)",
        "certsync.exchange.retry.initial-delay-ms=100",
        "certsync.exchange.retry.max-total-time=30s",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/batched/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/batched/last-run.json"})
class BatchedPublishFlowTest extends SyncFlowSupport {

    @Autowired
    DeadLetters deadLetters;
    @Autowired
    PublishedState state;

    private SimulatorSettings initial;

    @BeforeEach
    void rememberSimulator() {
        initial = simulator.settings();
        simulator.clearRequests();
    }

    @AfterEach
    void restoreSimulator() {
        simulator.reconfigure(s -> initial);
    }

    private List<String> addUsers(String prefix, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> {
            String uid = "batch-%s%02d".formatted(prefix, i);
            addUser(uid);
            return DemoUsers.mail(uid);
        }).toList();
    }

    private List<LoggedRequest> callsFor(String recipient) {
        return setCalls().stream().filter(r -> recipient.equals(r.identity())).toList();
    }

    @Test
    void changedRecipientsGoInBatchesOfTenAndEachIsRecordedByItsOwnAnswer() {
        List<String> recipients = addUsers("a", 23);
        String onHold = recipients.get(4);
        simulator.failNextCmdlet(onHold, "|Microsoft.Exchange.Data.Storage.StoragePermanentException|The mailbox is on litigation hold.");
        SimulatorStatistics before = simulator.statistics();

        RunReport report = sync();

        SimulatorStatistics after = simulator.statistics();
        assertThat(after.batchRequests() - before.batchRequests()).isEqualTo(3);  // 10 + 10 + 3
        // a permanent failure is not retried within the run
        assertThat(after.cmdlets() - before.cmdlets()).isEqualTo(23);
        assertThat(setCalls()).filteredOn(r -> recipients.contains(r.identity())).allMatch(LoggedRequest::batched);
        assertThat(report.published()).isEqualTo(22);
        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.recipient()).isEqualTo(onHold);
            assertThat(problem.kind()).isEqualTo("publish-permanent");
            assertThat(problem.reason()).contains("nothing was set", "The mailbox is on litigation hold.");
        });
        assertThat(deadLetters.list()).filteredOn(d -> d.recipient().equals(onHold)).singleElement()
                .satisfies(dead -> assertThat(dead.reason()).contains("The mailbox is on litigation hold."));
        assertThat(state.find(onHold)).isEmpty();
        assertThat(simulator.recipient(onHold)).isEmpty();
        for (String recipient : recipients) {
            if (recipient.equals(onHold)) continue;
            assertThat(simulator.recipient(recipient).orElseThrow().modificationCount()).as(recipient).isEqualTo(1);
            assertThat(state.find(recipient)).as(recipient).isPresent();
        }

        // the dead letter is retried by the next run, and now succeeds
        simulator.clearRequests();
        nextSecond();
        RunReport next = sync();
        assertThat(next.published()).isEqualTo(1);
        assertThat(callsFor(onHold)).singleElement().satisfies(call -> assertThat(call.status()).isEqualTo(200));
        assertThat(deadLetters.list()).noneMatch(d -> d.recipient().equals(onHold));
    }

    @Test
    void aSubRequestThrottledInsideTheBatchWaitsForItsOwnRetryAfterAndGoesAlone() {
        List<String> recipients = addUsers("b", 6);
        simulator.reconfigure(s -> s.withThrottle(new SimulatorSettings.Throttle(4, Duration.ofSeconds(1))));

        RunReport report = sync();

        assertThat(report.failed()).isZero();
        assertThat(report.throttled()).isGreaterThanOrEqualTo(2);
        List<String> throttled = recipients.stream()
                .filter(r -> callsFor(r).stream().anyMatch(c -> c.status() == 429)).toList();
        assertThat(throttled).hasSizeGreaterThanOrEqualTo(2);
        for (String recipient : throttled) {
            List<LoggedRequest> calls = callsFor(recipient);
            // refused inside the $batch, then alone and only once more per refusal
            assertThat(calls.get(0).batched()).isTrue();
            assertThat(calls.get(0).status()).isEqualTo(429);
            assertThat(calls.subList(1, calls.size())).noneMatch(LoggedRequest::batched);
            assertThat(calls.get(calls.size() - 1).status()).isEqualTo(200);
        }
        for (String recipient : recipients) {
            assertThat(simulator.recipient(recipient).orElseThrow().modificationCount()).as(recipient).isEqualTo(1);
        }
    }

    @Test
    void aClearIsSentAsNullAndRecorded() {
        String recipient = addUsers("d", 1).get(0);
        sync();
        nextSecond();
        directory.replaceValues("batch-d01", "userCertificate");

        RunReport report = sync();

        assertThat(report.cleared()).isEqualTo(1);
        assertThat(simulator.recipient(recipient).orElseThrow().userCertificate()).isEmpty();
        assertThat(state.find(recipient).orElseThrow().userCertificate()).isEmpty();
    }
}
