package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.certsync.testsupport.TenantFixture;
import org.certsync.testsupport.TestDirectory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A token endpoint that refuses the app's secret ends the run once, naming the setting; nothing is published. */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.scheduler.enabled=false",
        "certsync.ldap.bind-dn=" + TestDirectory.BIND_DN,
        "certsync.ldap.password=" + TestDirectory.PASSWORD,
        "certsync.ldap.base-dn=" + TestDirectory.BASE,
        "certsync.ldap.user-filter=(objectClass=*)",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/refused-token/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/refused-token/last-run.json"})
class RefusedTokenTest extends SyncFlowSupport {

    private static final TestDirectory DIRECTORY = TestDirectory.start();

    /** The fixture tenant, with a secret it refuses. */
    @DynamicPropertySource
    static void tenant(DynamicPropertyRegistry registry) {
        TenantFixture.register(registry);
        registry.add("certsync.exchange.client-secret", () -> "wrong-secret-value");
        registry.add("certsync.ldap.url", DIRECTORY::url);
    }

    @Test
    void refusedClientSecretFailsTheRunNamingTheSettingAndPublishesNothing() {
        simulator().clearRequests();

        RunReport report = sync();

        assertThat(report.status()).isEqualTo(RunStatus.FAILED);
        assertThat(report.message()).contains("certsync.exchange.client-secret").doesNotContain("wrong-secret-value");
        assertThat(report.published()).isZero();
        assertThat(setCalls()).isEmpty();
    }
}
