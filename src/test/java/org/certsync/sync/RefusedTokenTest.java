package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** A token endpoint that refuses the app's secret ends the run once, naming the setting; nothing is published. */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.scheduler.enabled=false",
        "certsync.exchange.tenant-id=contoso-test",
        "certsync.exchange.client-id=certsync-test-app",
        "certsync.exchange.client-secret=wrong-secret-value",
        "certsync.exchange.login-url=http://localhost:${local.server.port}/simulator/login",
        "certsync.exchange.api-url=http://localhost:${local.server.port}/simulator/exchange",
        "certsync.simulator.enabled=true",
        "certsync.simulator.client-id=certsync-test-app",
        "certsync.simulator.client-secret=the-right-secret",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/refused-token/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/refused-token/last-run.json"})
class RefusedTokenTest extends SyncFlowSupport {

    @Test
    void refusedClientSecretFailsTheRunNamingTheSettingAndPublishesNothing() {
        RunReport report = sync();

        assertThat(report.status()).isEqualTo(RunStatus.FAILED);
        assertThat(report.message()).contains("certsync.exchange.client-secret").doesNotContain("wrong-secret-value");
        assertThat(report.published()).isZero();
        assertThat(setCalls()).isEmpty();
    }
}
