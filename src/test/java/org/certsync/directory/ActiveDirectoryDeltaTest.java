package org.certsync.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.certsync.demo.DemoCertificateAuthority;
import org.certsync.demo.simulator.ExchangeOnlineSimulator;
import org.certsync.ops.SyncControl;
import org.certsync.state.DeltaCursor;
import org.certsync.sync.ReadPlanner;
import org.certsync.sync.RunReport;
import org.certsync.sync.SyncRuns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.certsync.testsupport.IntegrationServer;
import org.certsync.testsupport.RequiresServer;
import org.certsync.testsupport.TestActiveDirectory;
import org.springframework.beans.factory.annotation.Autowired;
import org.certsync.testsupport.TenantFixture;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Delta sync against a real Active Directory: Samba's AD domain controller, which .ci/samba-ad provisions and starts
 * (CERTSYNC_TEST_AD_*). Each run works in OUs of its own, so the domain may outlive the test. The bind user is the
 * domain's administrator, who may list the deleted objects.
 */
@CamelSpringBootTest
@RequiresServer(IntegrationServer.ACTIVE_DIRECTORY)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.scheduler.enabled=false",
        "certsync.ldap.url=${CERTSYNC_TEST_AD_URL}",
        "certsync.ldap.bind-dn=${CERTSYNC_TEST_AD_BIND_DN}",
        "certsync.ldap.password=${CERTSYNC_TEST_AD_PASSWORD}",
        "certsync.ldap.base-dn=${certsync.test.ad-unit}",
        "certsync.ldap.page-size=2",
        // one leaver among six users is above the default 10 %
        "certsync.safety.max-clear-percent=50",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/active-directory/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/active-directory/last-run.json",
        "certsync.report-dir=target/test-data/active-directory/history"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ActiveDirectoryDeltaTest {

    /** Outside the demo: a directory of its own, and the simulated tenant as a fixture. */
    @DynamicPropertySource
    static void tenant(DynamicPropertyRegistry registry) {
        TenantFixture.register(registry);
    }

    private static final String DOMAIN = "certsync.test";
    private static final DemoCertificateAuthority CA = new DemoCertificateAuthority("CertSync AD Test CA");
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static String unit;
    private static String outside;
    private static TestActiveDirectory directory;
    private static LDAPConnection ad;

    @Autowired
    ProducerTemplate producer;
    @Autowired
    SyncRuns runs;
    /** The fixture tenant: ActiveDirectoryDeltaTest runs outside the demo. */
    private final ExchangeOnlineSimulator simulator = TenantFixture.simulator();
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DeltaCursor cursor;
    @Autowired
    SyncControl control;

    @BeforeAll
    static void unitWithUsers() throws Exception {
        directory = TestActiveDirectory.connect();
        ad = directory.connection();
        unit = directory.addUnit("certsync-" + RUN);
        outside = directory.addUnit("certsync-" + RUN + "-elsewhere");
        for (int i = 1; i <= 5; i++) addUser("user" + i);
        System.setProperty("certsync.test.ad-unit", unit);
    }

    @AfterAll
    static void removeUnits() throws LDAPException {
        if (directory == null) return;
        directory.removeUnit(unit);
        directory.removeUnit(outside);
        directory.close();
    }

    @Test
    @Order(1)
    void theFirstRunReadsEverythingAndRecordsTheDomainControllersPosition() throws LDAPException {
        RunReport report = sync();

        assertThat(report.mode()).isEqualTo("full");
        assertThat(report.usersScanned()).isEqualTo(5);
        assertThat(report.published()).isEqualTo(5);
        DeltaCursor.Position position = cursor.load().orElseThrow();
        assertThat(position.directory().tracking()).isEqualTo(ChangeTracking.USN);
        assertThat(Long.parseLong(position.directory().mark())).isPositive()
                .isLessThanOrEqualTo(Long.parseLong(ad.getRootDSE().getAttributeValue("highestCommittedUSN")));
        assertThat(position.directory().server()).startsWith("CN=NTDS Settings,");
    }

    @Test
    @Order(2)
    void aDeltaRunReadsOnlyTheEntriesWhoseUsnMoved() throws LDAPException {
        ad.modify(dn("user2"), new Modification(ModificationType.ADD, "userCertificate", CA.issue(CA.leaf(mail("user2")))));
        addUser("user6");
        simulator.clearRequests();

        RunReport report = sync();

        assertThat(report.mode()).isEqualTo("delta");
        assertThat(report.usersScanned()).isEqualTo(2);
        assertThat(report.published()).isEqualTo(2);
        assertThat(simulator.requests()).extracting(r -> r.identity()).containsOnly(mail("user2"), mail("user6"));
        assertThat(sync().usersScanned()).as("nothing changed since").isZero();
    }

    @Test
    @Order(3)
    void aDeletedUserIsClearedByTheNextDeltaRun() throws LDAPException {
        ad.delete(dn("user3"));

        RunReport delta = sync();

        assertThat(delta.mode()).isEqualTo("delta");
        assertThat(delta.usersScanned()).isZero();
        assertThat(delta.cleared()).isEqualTo(1);
        assertThat(simulator.recipient(mail("user3")).orElseThrow().userCertificate()).isEmpty();
    }

    @Test
    @Order(4)
    void aUserMovedOutOfTheScopeIsClearedByTheFullReconcile() throws LDAPException {
        ad.modifyDN(dn("user5"), "CN=user5", true, outside);

        RunReport delta = sync();
        assertThat(delta.mode()).isEqualTo("delta");
        assertThat(delta.cleared()).as("a delta read does not see who moved away").isZero();

        RunReport full = run(true);
        assertThat(full.mode()).isEqualTo("full");
        assertThat(full.fullReadReason()).contains("requested");
        assertThat(full.cleared()).isEqualTo(1);
        assertThat(simulator.recipient(mail("user5")).orElseThrow().userCertificate()).isEmpty();
    }

    @Test
    @Order(5)
    void aPositionFromAnotherDomainControllerIsNotContinued() {
        // as if the last read had been served by another domain controller (or before a restore)
        jdbc.update("UPDATE directory_cursor SET server_id = ?", UUID.randomUUID().toString());

        RunReport report = sync();

        assertThat(report.mode()).isEqualTo("full");
        assertThat(report.fullReadReason()).contains("invocationId changed");
        assertThat(report.usersScanned()).as("user1, user2, user4, user6").isEqualTo(4);
        assertThat(sync().mode()).isEqualTo("delta");
    }

    @Test
    @Order(6)
    void aUserToReadAgainIsFoundByItsObjectGuid() {
        assertThat(control.resyncUser(mail("user4"))).contains("reads the user again");
        simulator.clearRequests();

        RunReport report = sync();

        assertThat(report.mode()).isEqualTo("delta");
        assertThat(report.usersScanned()).isEqualTo(1);
        assertThat(report.published()).isEqualTo(1);
        assertThat(simulator.requests()).extracting(r -> r.identity()).containsOnly(mail("user4"));
    }

    private RunReport sync() {
        return run(false);
    }

    private RunReport run(boolean fullRead) {
        producer.sendBodyAndHeader("direct:sync-run", null, ReadPlanner.FULL_READ, fullRead);
        return runs.lastReport().orElseThrow();
    }

    private static void addUser(String name) throws LDAPException {
        String account = name + "-" + RUN;
        ad.add(dn(name), new Attribute("objectClass", "top", "person", "organizationalPerson", "user"),
                new Attribute("sAMAccountName", account), new Attribute("mail", mail(name)),
                new Attribute("userPrincipalName", account + "@" + DOMAIN),
                new Attribute("userCertificate", CA.issue(CA.leaf(mail(name)))));
    }

    private static String dn(String name) {
        return "CN=" + name + "," + unit;
    }

    private static String mail(String name) {
        return name + "-" + RUN + "@" + DOMAIN;
    }
}
