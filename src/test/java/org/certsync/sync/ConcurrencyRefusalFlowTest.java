package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;

import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.certsync.demo.DemoUsers;
import org.certsync.demo.simulator.SimulatorStatistics;
import org.certsync.exchangeonline.TenantConcurrency;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A tenant that takes one request at a time: CertSync starts with two in flight, is refused with Exchange's
 * "maximum number of concurrent requests" answer, halves to one and still publishes everyone exactly once.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.demo=true",
        "certsync.demo.data-dir=",
        "certsync.scheduler.enabled=false",
        "certsync.ldap.user-filter=(uid=refused-*)",
        "certsync.simulator.concurrent-limit=1",
        "certsync.simulator.latency=150ms",
        "certsync.exchange.retry.initial-delay-ms=100",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/concurrency-refusal/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/concurrency-refusal/last-run.json"})
class ConcurrencyRefusalFlowTest extends SyncFlowSupport {

    @Autowired
    TenantConcurrency concurrency;
    @Autowired
    CamelContext camel;

    @Test
    void theHttpClientRetriesNothingBehindTheRoutesBack() {
        HttpComponent http = camel.getComponent("http", HttpComponent.class);

        // Apache HttpClient would re-send a 429 or 503 by itself: every retry must be the route's, counted and bounded
        assertThat(http.isAutomaticRetriesDisabled()).isTrue();
        assertThat(http.getConnectTimeout()).isEqualTo(10_000);
        assertThat(http.getResponseTimeout()).isEqualTo(60_000);
    }

    @Test
    void refusalsForConcurrencyHalveTheRequestsInFlightAndLoseNothing() {
        List<String> recipients = IntStream.rangeClosed(1, 40).mapToObj(i -> {
            String uid = "refused-%02d".formatted(i);
            addUser(uid);
            return DemoUsers.mail(uid);
        }).toList();
        assertThat(concurrency.limit()).isEqualTo(2);

        RunReport report = sync();

        SimulatorStatistics statistics = simulator.statistics();
        assertThat(statistics.concurrencyRefusals()).isPositive();
        assertThat(statistics.mostInFlight()).isEqualTo(1);
        assertThat(concurrency.limit()).isEqualTo(1);
        assertThat(report.failed()).isZero();
        assertThat(report.throttled()).isPositive();
        assertThat(report.published()).isEqualTo(40);
        for (String recipient : recipients) {
            assertThat(simulator.recipient(recipient).orElseThrow().modificationCount()).as(recipient).isEqualTo(1);
        }
    }
}
