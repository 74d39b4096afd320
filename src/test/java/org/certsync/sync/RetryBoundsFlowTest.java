package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.certsync.demo.DemoUsers;
import org.certsync.demo.simulator.LoggedRequest;
import org.certsync.state.DeadLetters;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A tenant that fails every cmdlet: a recipient's answer in its $batch is its first attempt, then it goes alone
 * max-retries times, and then it is a dead letter: bounded, however often Exchange asks to retry.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.demo=true",
        "certsync.demo.data-dir=",
        "certsync.scheduler.enabled=false",
        "certsync.ldap.user-filter=(uid=bounded-*)",
        "certsync.simulator.fault.server-error-rate=1",
        "certsync.simulator.fault.retry-after=50ms",
        "certsync.exchange.retry.max-retries=2",
        "certsync.exchange.retry.initial-delay-ms=20",
        "certsync.exchange.retry.max-delay-ms=100",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/retry-bounds/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/retry-bounds/last-run.json"})
class RetryBoundsFlowTest extends SyncFlowSupport {

    @Autowired
    DeadLetters deadLetters;

    @Test
    void aFailingTenantGetsEachRecipientOnceInItsBatchAndMaxRetriesTimesAlone() {
        addUser("bounded-1");
        addUser("bounded-2");

        RunReport report = sync();

        assertThat(report.failed()).isEqualTo(2);
        for (String uid : List.of("bounded-1", "bounded-2")) {
            List<LoggedRequest> calls = setCalls().stream().filter(r -> DemoUsers.mail(uid).equals(r.identity())).toList();
            assertThat(calls).as(uid).extracting(LoggedRequest::batched).containsExactly(true, false, false);
            assertThat(calls).as(uid).allMatch(r -> r.status() >= 500);
        }
        assertThat(deadLetters.list()).extracting(DeadLetters.DeadLetter::kind).isSubsetOf("publish-transient", "publish-throttled");
    }
}
