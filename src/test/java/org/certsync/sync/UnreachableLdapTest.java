package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.certsync.testsupport.TenantFixture;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** An unreachable directory ends the run with one line naming certsync.ldap.url, and publishes nothing. */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.scheduler.enabled=false",
        "certsync.ldap.url=ldap://127.0.0.1:1",
        "certsync.ldap.connect-timeout=2s",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/unreachable-ldap/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/unreachable-ldap/last-run.json"})
class UnreachableLdapTest extends SyncFlowSupport {

    /** Outside the demo: a directory of its own, and the simulated tenant as a fixture. */
    @DynamicPropertySource
    static void tenant(DynamicPropertyRegistry registry) {
        TenantFixture.register(registry);
    }

    @Test
    void unreachableDirectoryFailsTheRunNamingTheUrlAndPublishesNothing() throws Exception {
        simulator().clearRequests();

        RunReport report = sync();

        assertThat(report.status()).isEqualTo(RunStatus.FAILED);
        assertThat(report.message()).startsWith("cannot reach the LDAP server at certsync.ldap.url=ldap://127.0.0.1:1");
        assertThat(setCalls()).isEmpty();
        // the report file says the same as the log line
        assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("target/test-data/unreachable-ldap/last-run.json")))
                .contains("\"status\" : \"FAILED\"");
    }
}
