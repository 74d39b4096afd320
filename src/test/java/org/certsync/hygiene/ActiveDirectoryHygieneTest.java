package org.certsync.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchResultEntry;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.certsync.certificate.Fingerprints;
import org.certsync.directory.DroppingEntries;
import org.certsync.ops.SyncControl;
import org.certsync.testsupport.IntegrationServer;
import org.certsync.testsupport.RequiresServer;
import org.certsync.testsupport.TenantFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Directory hygiene against a real Active Directory (Samba's domain controller, CERTSYNC_TEST_AD_*), in an OU of its
 * own. The domain's administrator serves as read and write account. The tests build on each other, in order.
 */
@CamelSpringBootTest
@RequiresServer(IntegrationServer.ACTIVE_DIRECTORY)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.scheduler.enabled=false",
        "certsync.ldap.url=${CERTSYNC_TEST_AD_URL}",
        "certsync.ldap.bind-dn=${CERTSYNC_TEST_AD_BIND_DN}",
        "certsync.ldap.password=${CERTSYNC_TEST_AD_PASSWORD}",
        "certsync.ldap.base-dn=${certsync.test.hygiene-unit}",
        "certsync.ldap.page-size=2",
        "certsync.hygiene.enabled=true",
        "certsync.hygiene.apply=true",
        "certsync.hygiene.bind-dn=${CERTSYNC_TEST_AD_BIND_DN}",
        "certsync.hygiene.bind-password=${CERTSYNC_TEST_AD_PASSWORD}",
        "certsync.hygiene.max-users-per-run=3",
        "certsync.hygiene.max-values-per-run=10",
        "certsync.hygiene.report-file=target/test-data/ad-hygiene/last-hygiene.json",
        // Entra Connect synchronizes the test's unit: its users' certificates take the directory path
        "certsync.hybrid.synchronized-units=${certsync.test.hygiene-unit}",
        // the routes name the bean directoryEntries: this test's entries take its place
        "spring.main.allow-bean-definition-overriding=true",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/ad-hygiene/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/ad-hygiene/last-run.json",
        "certsync.report-dir=target/test-data/ad-hygiene/history"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class ActiveDirectoryHygieneTest {

    @DynamicPropertySource
    static void tenant(DynamicPropertyRegistry registry) {
        TenantFixture.register(registry);
    }

    @TestConfiguration
    static class Entries {
        @Bean
        DroppingEntries directoryEntries() {
            return new DroppingEntries();
        }
    }

    private static HygieneUnit directory;
    /** The sixteen values of the user "sixteen", as added. */
    private static List<byte[]> sixteenUserCertificate;
    private static List<byte[]> sixteenSmimeCertificate;
    private static List<byte[]> good;
    private static List<byte[]> bad;

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    SyncControl control;
    @Autowired
    DroppingEntries entries;

    @BeforeAll
    static void unitWithTheSixteenValueUser() throws Exception {
        directory = new HygieneUnit("certsync-hygiene", "certsync.test.hygiene-unit");
        good = new ArrayList<>();
        for (int i = 1; i <= 12; i++) good.add(directory.good("sixteen", i));
        bad = new ArrayList<>(List.of(directory.expired("sixteen", 60), directory.expired("sixteen", 90), directory.expired("sixteen", 400)));
        sixteenUserCertificate = new ArrayList<>(good);
        sixteenUserCertificate.addAll(2, bad);
        // AD refuses one value twice in an attribute: the duplicate is the same certificate in userSMIMECertificate
        sixteenSmimeCertificate = List.of(good.get(5).clone());
        bad.add(sixteenSmimeCertificate.get(0));
        directory.addUser("sixteen", sixteenUserCertificate, sixteenSmimeCertificate);
    }

    @AfterAll
    static void removeUnit() throws LDAPException {
        if (directory != null) directory.close();
    }

    @AfterEach
    void readable() {
        entries.reset();
    }

    @Test
    @Order(1)
    void aDryRunListsTheFourValuesAndChangesNothing() throws LDAPException {
        HygieneReport report = hygiene(true);

        assertThat(report.status()).isEqualTo("DRY_RUN");
        assertThat(report.valuesPlanned()).isEqualTo(4);
        assertThat(report.valuesRemoved()).isZero();
        assertThat(report.users()).singleElement().satisfies(user -> {
            assertThat(user.dn()).isEqualTo(directory.dn("sixteen"));
            assertThat(user.recipient()).isEqualTo(directory.mail("sixteen").toLowerCase(java.util.Locale.ROOT));
            assertThat(user.path()).isEqualTo("directory");
            assertThat(user.outcome()).isEqualTo("would-remove");
            assertThat(user.values()).extracting(v -> v.attribute() + " " + v.fingerprint() + " " + v.reason())
                    .containsExactlyInAnyOrder(
                            "userCertificate " + Fingerprints.sha256(bad.get(0)) + " expired",
                            "userCertificate " + Fingerprints.sha256(bad.get(1)) + " expired",
                            "userCertificate " + Fingerprints.sha256(bad.get(2)) + " expired",
                            "userSMIMECertificate " + Fingerprints.sha256(bad.get(3)) + " duplicate");
        });
        assertThat(fingerprints(directory.values("sixteen", "userCertificate"))).containsExactlyInAnyOrderElementsOf(fingerprints(sixteenUserCertificate));
        assertThat(directory.values("sixteen", "userSMIMECertificate")).hasSize(1);
    }

    @Test
    @Order(2)
    void theUserEndsWithTheTwelveGoodCertificates() throws LDAPException {
        HygieneReport report = hygiene(false);

        assertThat(report.status()).isEqualTo("SUCCEEDED");
        assertThat(report.valuesRemoved()).isEqualTo(4);
        assertThat(report.usersChanged()).isEqualTo(1);
        assertThat(fingerprints(directory.values("sixteen", "userCertificate"))).containsExactlyInAnyOrderElementsOf(fingerprints(good));
        assertThat(directory.values("sixteen", "userSMIMECertificate")).isEmpty();
    }

    @Test
    @Order(3)
    void aRestorePutsTheRemovedValuesBackByteForByteAndHygieneKeepsThem() throws LDAPException {
        String answer = control.restoreHygieneUser(directory.dn("sixteen"));

        assertThat(answer).contains("restored 4 values");
        assertThat(directory.values("sixteen", "userCertificate")).usingElementComparator(Arrays::compare)
                .containsExactlyInAnyOrderElementsOf(sixteenUserCertificate);
        assertThat(directory.values("sixteen", "userSMIMECertificate")).usingElementComparator(Arrays::compare)
                .containsExactlyElementsOf(sixteenSmimeCertificate);
        assertThat(control.restoreHygieneUser(directory.dn("sixteen"))).startsWith("nothing to restore");

        HygieneReport again = hygiene(false);
        assertThat(again.valuesRemoved()).isZero();
        assertThat(directory.values("sixteen", "userCertificate")).hasSize(15);
        assertThat(again.users()).singleElement().satisfies(user -> assertThat(user.notes()).hasSize(4)
                .allSatisfy(note -> assertThat(note).endsWith("kept: an operator restored it")));
    }

    @Test
    @Order(4)
    void theThresholdHoldsARunThatWouldCleanTooManyUsersUntilAnOperatorApproves() throws Exception {
        for (int i = 1; i <= 4; i++) {
            String name = "renewed" + i;
            byte[] expired = directory.expired(name, 60);
            // renewed1 has its expired certificate in both attributes: two removals of one fingerprint
            directory.addUser(name, List.of(directory.good(name, 30), expired), i == 1 ? List.of(expired.clone()) : List.of());
        }

        HygieneReport held = hygiene(false);

        assertThat(held.status()).isEqualTo("HELD_FOR_APPROVAL");
        assertThat(held.message()).contains("4 users to change exceed certsync.hygiene.max-users-per-run=3");
        assertThat(held.valuesRemoved()).isZero();
        assertThat(held.usersHeld()).isEqualTo(4);
        for (int i = 1; i <= 4; i++) assertThat(directory.values("renewed" + i, "userCertificate")).hasSize(2);
        assertThat(control.getPendingHygiene()).startsWith("5 values held back by run " + held.runId());

        assertThat(control.approveHygiene()).contains("approved by");
        // a user the held run did not see: not in the approved set, judged against the threshold on its own
        directory.addUser("renewed5", List.of(directory.good("renewed5", 30), directory.expired("renewed5", 60)), List.of());
        HygieneReport approved = hygiene(false);

        assertThat(approved.status()).isEqualTo("SUCCEEDED");
        assertThat(approved.valuesRemoved()).isEqualTo(6);
        for (int i = 1; i <= 5; i++) assertThat(directory.values("renewed" + i, "userCertificate")).hasSize(1);
        assertThat(directory.values("renewed1", "userSMIMECertificate")).isEmpty();
        assertThat(approved.users()).filteredOn(u -> u.dn().startsWith("CN=renewed")).hasSize(5).allSatisfy(user -> {
            assertThat(user.outcome()).isEqualTo("removed");
            if (user.dn().equals(directory.dn("renewed5"))) {
                assertThat(user.cause()).startsWith("not in the approved set; these 1 users alone are within the threshold");
            } else {
                assertThat(user.cause()).startsWith("approved by console:").contains("(held back by run " + held.runId() + ")");
            }
        });
        assertThat(control.approveHygiene()).startsWith("refused: nothing is held back");

        assertThat(control.restoreHygieneRun(approved.runId())).contains(directory.dn("renewed1") + ": restored 2 values")
                .contains(directory.dn("renewed5") + ": restored 1 values");
        for (int i = 1; i <= 5; i++) assertThat(directory.values("renewed" + i, "userCertificate")).hasSize(2);
        assertThat(directory.values("renewed1", "userSMIMECertificate")).hasSize(1);
    }

    @Test
    @Order(5)
    void aUserWhoseReadFailedIsUntouchedAndTheIncompleteReadRemovesNothing() throws Exception {
        directory.addUser("unreadable", List.of(directory.good("unreadable", 30), directory.expired("unreadable", 60)), List.of());
        directory.addUser("readable", List.of(directory.good("readable", 30), directory.expired("readable", 60)), List.of());
        entries.makeUnreadable(directory.dn("unreadable"));

        HygieneReport report = hygiene(false);

        assertThat(report.status()).isEqualTo("READ_INCOMPLETE");
        assertThat(report.message()).contains(directory.dn("unreadable"), "removes nothing");
        assertThat(report.valuesRemoved()).isZero();
        assertThat(directory.values("unreadable", "userCertificate")).hasSize(2);
        assertThat(directory.values("readable", "userCertificate")).hasSize(2);
    }

    @Test
    @Order(6)
    void anAccountAdminSdHolderProtectsIsSkippedAndReported() throws Exception {
        directory.addUser("protected", List.of(directory.good("protected", 30), directory.expired("protected", 60)), List.of());
        directory.ad().modify(directory.dn("protected"), new Modification(ModificationType.REPLACE, "adminCount", "1"));

        HygieneReport report = hygiene(false);

        assertThat(report.users()).filteredOn(u -> u.dn().equals(directory.dn("protected"))).singleElement().satisfies(user -> {
            assertThat(user.outcome()).isEqualTo("skipped");
            assertThat(user.cause()).startsWith("adminsdholder-protected");
            assertThat(user.values()).hasSize(1);
        });
        assertThat(directory.values("protected", "userCertificate")).hasSize(2);
    }

    @Test
    @Order(7)
    void aRestoreNeverGivesTheValuesToAnotherAccountCreatedUnderTheSameDn() throws Exception {
        directory.addUser("reused", List.of(directory.good("reused", 30), directory.expired("reused", 60)), List.of());
        HygieneReport report = hygiene(false);
        HygieneRun.UserResult removed = report.users().stream().filter(u -> u.dn().equals(directory.dn("reused")))
                .findFirst().orElseThrow();
        assertThat(removed.outcome()).isEqualTo("removed");
        // the account is deleted and another one is created under the same name
        directory.ad().delete(directory.dn("reused"));
        byte[] newcomers = directory.good("reused", 1);
        directory.addUser("reused", List.of(newcomers), List.of());

        assertThat(control.restoreHygieneRun(report.runId())).contains(directory.dn("reused")
                + ": not restored, the entry at this DN is another object now (id ").contains("not the user " + removed.userId());
        assertThat(control.restoreHygieneUser(directory.dn("reused"))).startsWith("nothing to restore")
                .contains("1 values removed from another user once at this DN (" + removed.userId() + ") are not restored here");
        assertThat(fingerprints(directory.values("reused", "userCertificate"))).containsExactly(Fingerprints.sha256(newcomers));
    }

    @Test
    @Order(8)
    void aValueAddedBetweenTheReadAndTheWriteSurvives() throws Exception {
        byte[] good = directory.good("meanwhile", 30);
        byte[] old = directory.expired("meanwhile", 60);
        byte[] renewal = directory.good("meanwhile", 0);
        directory.addUser("meanwhile", List.of(good, old), List.of());
        // the plan is made; the renewal arrives before the write (the last test: the route stays advised)
        AdviceWith.adviceWith(camel, "hygiene-run", route -> route.weaveById("hygiene-apply").before().process(exchange ->
                directory.add("meanwhile", "userCertificate", renewal)));

        HygieneReport report = hygiene(false);

        assertThat(report.users()).filteredOn(u -> u.dn().equals(directory.dn("meanwhile"))).singleElement()
                .satisfies(user -> assertThat(user.outcome()).isEqualTo("removed"));
        assertThat(fingerprints(directory.values("meanwhile", "userCertificate")))
                .containsExactlyInAnyOrder(Fingerprints.sha256(good), Fingerprints.sha256(renewal));
    }

    private HygieneReport hygiene(boolean dryRun) {
        return producer.request("direct:hygiene-run", exchange -> {
            exchange.setProperty(HygieneRuns.TRIGGER, "test");
            exchange.getMessage().setHeader(HygieneRuns.DRY_RUN, dryRun);
        }).getMessage().getBody(HygieneReport.class);
    }

    private static List<String> fingerprints(List<byte[]> values) {
        return values.stream().map(Fingerprints::sha256).toList();
    }
}
