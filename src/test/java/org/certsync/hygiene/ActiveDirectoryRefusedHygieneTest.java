package org.certsync.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.certsync.demo.DemoCertificateAuthority;
import org.certsync.testsupport.IntegrationServer;
import org.certsync.testsupport.RequiresServer;
import org.certsync.testsupport.TenantFixture;
import org.certsync.testsupport.TestActiveDirectory;
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
    private static final String DOMAIN = "certsync.test";
    private static final DemoCertificateAuthority CA = new DemoCertificateAuthority("CertSync Refused Hygiene Test CA");
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static String unit;
    private static TestActiveDirectory directory;
    private static LDAPConnection ad;

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
        directory = TestActiveDirectory.connect();
        ad = directory.connection();
        unit = directory.addUnit("certsync-refused-" + RUN);
        System.setProperty("certsync.test.refused-unit", unit);
        String account = "hyg-" + RUN;
        ad.add("CN=" + account + "," + unit, new Attribute("objectClass", "top", "person", "organizationalPerson", "user"),
                new Attribute("sAMAccountName", account), new Attribute("userPrincipalName", account + "@" + DOMAIN),
                new Attribute("unicodePwd", ("\"" + PASSWORD + "\"").getBytes(StandardCharsets.UTF_16LE)),
                new Attribute("userAccountControl", "512"));
        System.setProperty("certsync.test.refused-account", account + "@" + DOMAIN);
        for (String name : List.of("carol", "dave")) {
            ad.add("CN=" + name + "," + unit, new Attribute("objectClass", "top", "person", "organizationalPerson", "user"),
                    new Attribute("sAMAccountName", name + "-" + RUN), new Attribute("mail", mail(name)),
                    new Attribute("userCertificate", CA.issue(CA.leaf(mail(name))), expired(name)));
        }
    }

    @AfterAll
    static void removeUnit() throws LDAPException {
        if (directory == null) return;
        directory.removeUnit(unit);
        directory.close();
    }

    @Test
    void aWriteTheDirectoryRefusesIsOneLinePerUserAndTheRunGoesOn() throws LDAPException {
        HygieneReport report = producer.request("direct:hygiene-run", exchange -> exchange.setProperty(HygieneRuns.TRIGGER, "test"))
                .getMessage().getBody(HygieneReport.class);

        assertThat(report.status()).isEqualTo("COMPLETED_WITH_ERRORS");
        assertThat(report.usersRefused()).isEqualTo(2);
        assertThat(report.valuesRemoved()).isZero();
        assertThat(report.users()).extracting(HygieneRun.UserResult::dn)
                .containsExactlyInAnyOrder("CN=carol," + unit, "CN=dave," + unit);
        assertThat(report.users()).allSatisfy(user -> {
            assertThat(user.outcome()).isEqualTo("refused");
            assertThat(user.cause()).startsWith("the directory refused the modify: 50 (insufficient access rights)");
        });
        for (String name : List.of("carol", "dave")) {
            assertThat(ad.getEntry("CN=" + name + "," + unit, "userCertificate").getAttributeValueByteArrays("userCertificate").length)
                    .isEqualTo(2);
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hygiene_removal", Integer.class)).isZero();
    }

    private static byte[] expired(String name) {
        Instant now = Instant.now();
        return CA.issue(CA.leaf(mail(name)).withValidity(now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(60))));
    }

    private static String mail(String name) {
        return name + "-" + RUN + "@" + DOMAIN;
    }
}
