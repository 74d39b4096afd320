package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.certsync.testsupport.TestDirectory;
import org.junit.jupiter.api.Test;
import org.certsync.testsupport.TenantFixture;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A refused LDAP bind ends the run with one line naming the settings, and publishes nothing. */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.scheduler.enabled=false",
        "certsync.ldap.url=${certsync.test.directory-url}",
        "certsync.ldap.bind-dn=" + TestDirectory.BIND_DN,
        "certsync.ldap.password=not-the-password",
        "certsync.ldap.base-dn=" + TestDirectory.BASE,
        "certsync.ldap.user-filter=(objectClass=*)",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/wrong-ldap-password/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/wrong-ldap-password/last-run.json"})
class WrongLdapPasswordTest extends SyncFlowSupport {

    /** Outside the demo: a directory of its own, and the simulated tenant as a fixture. */
    @DynamicPropertySource
    static void tenant(DynamicPropertyRegistry registry) {
        TenantFixture.register(registry);
    }

    static {
        System.setProperty("certsync.test.directory-url", TestDirectory.start().url());
    }

    @Test
    void wrongPasswordFailsTheRunNamingTheSettingAndPublishesNothing() {
        simulator().clearRequests();

        RunReport report = sync();

        assertThat(report.status()).isEqualTo(RunStatus.FAILED);
        assertThat(report.message())
                .contains("LDAP bind as '" + TestDirectory.BIND_DN + "'")
                .contains("check certsync.ldap.bind-dn and certsync.ldap.password")
                .doesNotContain("not-the-password");
        assertThat(report.usersScanned()).isZero();
        assertThat(setCalls()).isEmpty();
        assertThat(runs.isRunning()).isFalse();
    }
}
