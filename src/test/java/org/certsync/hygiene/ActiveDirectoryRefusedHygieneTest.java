package org.certsync.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.unboundid.ldap.sdk.LDAPException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.certsync.testsupport.IntegrationServer;
import org.certsync.testsupport.RequiresServer;
import org.certsync.testsupport.TenantFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Hygiene whose write account may not write the users (an ordinary domain account, no delegated rights): Samba AD
 * refuses each modify, every user keeps its values, each refusal is one line naming the user and the LDAP result.
 */
@CamelSpringBootTest
@RequiresServer(IntegrationServer.ACTIVE_DIRECTORY)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.scheduler.enabled=false",
        "certsync.ldap.url=${CERTSYNC_TEST_AD_URL}",
        "certsync.ldap.bind-dn=${CERTSYNC_TEST_AD_BIND_DN}",
        "certsync.ldap.password=${CERTSYNC_TEST_AD_PASSWORD}",
        "certsync.ldap.base-dn=${certsync.test.refused-unit}",
        "certsync.hygiene.enabled=true",
        "certsync.hygiene.apply=true",
        "certsync.hygiene.bind-dn=${certsync.test.refused-account}",
        "certsync.hygiene.bind-password=" + ActiveDirectoryRefusedHygieneTest.PASSWORD,
        "certsync.hygiene.report-file=target/test-data/ad-hygiene-refused/last-hygiene.json",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/ad-hygiene-refused/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/ad-hygiene-refused/last-run.json",
        "certsync.report-dir=target/test-data/ad-hygiene-refused/history"})
class ActiveDirectoryRefusedHygieneTest {

    static final String PASSWORD = "Hygiene-Passw0rd!refused";
    private static HygieneUnit directory;

    @DynamicPropertySource
    static void tenant(DynamicPropertyRegistry registry) {
        TenantFixture.register(registry);
    }

    @Autowired
    ProducerTemplate producer;
    @Autowired
    JdbcTemplate jdbc;

    @BeforeAll
    static void unitWithAnAccountWithoutWriteRights() throws Exception {
        directory = new HygieneUnit("certsync-refused", "certsync.test.refused-unit");
        directory.addAccount("hygiene", PASSWORD);
        System.setProperty("certsync.test.refused-account", directory.upn("hygiene"));
        for (String name : List.of("carol", "dave")) {
            directory.addUser(name, List.of(directory.good(name, 30), directory.expired(name, 60)), List.of());
        }
    }

    @AfterAll
    static void removeUnit() throws LDAPException {
        if (directory != null) directory.close();
    }

    @Test
    void aWriteTheDirectoryRefusesIsOneLinePerUserAndTheRunGoesOn() throws LDAPException {
        HygieneReport report = producer.request("direct:hygiene-run", exchange -> exchange.setProperty(HygieneRuns.TRIGGER, "test"))
                .getMessage().getBody(HygieneReport.class);

        assertThat(report.status()).isEqualTo("COMPLETED_WITH_ERRORS");
        assertThat(report.usersRefused()).isEqualTo(2);
        assertThat(report.valuesRemoved()).isZero();
        assertThat(report.users()).extracting(HygieneRun.UserResult::dn)
                .containsExactlyInAnyOrder(directory.dn("carol"), directory.dn("dave"));
        assertThat(report.users()).allSatisfy(user -> {
            assertThat(user.outcome()).isEqualTo("refused");
            assertThat(user.cause()).startsWith("the directory refused the modify: 50 (insufficient access rights)");
        });
        for (String name : List.of("carol", "dave")) {
            assertThat(directory.values(name, "userCertificate")).hasSize(2);
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hygiene_removal", Integer.class)).isZero();
    }
}
