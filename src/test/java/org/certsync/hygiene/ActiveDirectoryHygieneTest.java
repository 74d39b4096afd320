package org.certsync.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchResultEntry;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.certsync.certificate.Fingerprints;
import org.certsync.demo.DemoCertificateAuthority;
import org.certsync.directory.DroppingEntries;
import org.certsync.ops.SyncControl;
import org.certsync.testsupport.IntegrationServer;
import org.certsync.testsupport.RequiresServer;
import org.certsync.testsupport.TenantFixture;
import org.certsync.testsupport.TestActiveDirectory;
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

    private static final String DOMAIN = "certsync.test";
    private static final DemoCertificateAuthority CA = new DemoCertificateAuthority("CertSync Hygiene Test CA");
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static String unit;
    private static TestActiveDirectory directory;
    private static LDAPConnection ad;
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
        directory = TestActiveDirectory.connect();
        ad = directory.connection();
        unit = directory.addUnit("certsync-hygiene-" + RUN);
        System.setProperty("certsync.test.hygiene-unit", unit);
        good = new ArrayList<>();
        for (int i = 1; i <= 12; i++) good.add(CA.issue(CA.leaf(mail("sixteen")).withValidity(daysAgo(i), daysAgo(-300))));
        bad = new ArrayList<>(List.of(expired("sixteen", 60), expired("sixteen", 90), expired("sixteen", 400)));
        sixteenUserCertificate = new ArrayList<>(good);
        sixteenUserCertificate.addAll(2, bad);
        // AD refuses one value twice in an attribute: the duplicate is the same certificate in userSMIMECertificate
        sixteenSmimeCertificate = List.of(good.get(5).clone());
        bad.add(sixteenSmimeCertificate.get(0));
        addUser("sixteen", sixteenUserCertificate, sixteenSmimeCertificate);
    }

    @AfterAll
    static void removeUnit() throws LDAPException {
        if (directory == null) return;
        directory.removeUnit(unit);
        directory.close();
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
            assertThat(user.dn()).isEqualTo(dn("sixteen"));
            assertThat(user.outcome()).isEqualTo("would-remove");
            assertThat(user.values()).extracting(v -> v.attribute() + " " + v.fingerprint() + " " + v.reason())
                    .containsExactlyInAnyOrder(
                            "userCertificate " + Fingerprints.sha256(bad.get(0)) + " expired",
                            "userCertificate " + Fingerprints.sha256(bad.get(1)) + " expired",
                            "userCertificate " + Fingerprints.sha256(bad.get(2)) + " expired",
                            "userSMIMECertificate " + Fingerprints.sha256(bad.get(3)) + " duplicate");
        });
        assertThat(fingerprints(values("sixteen", "userCertificate"))).containsExactlyInAnyOrderElementsOf(fingerprints(sixteenUserCertificate));
        assertThat(values("sixteen", "userSMIMECertificate")).hasSize(1);
    }

    @Test
    @Order(2)
    void theUserEndsWithTheTwelveGoodCertificates() throws LDAPException {
        HygieneReport report = hygiene(false);

        assertThat(report.status()).isEqualTo("SUCCEEDED");
        assertThat(report.valuesRemoved()).isEqualTo(4);
        assertThat(report.usersChanged()).isEqualTo(1);
        assertThat(fingerprints(values("sixteen", "userCertificate"))).containsExactlyInAnyOrderElementsOf(fingerprints(good));
        assertThat(values("sixteen", "userSMIMECertificate")).isEmpty();
    }

    @Test
    @Order(3)
    void aRestorePutsTheRemovedValuesBackByteForByteAndHygieneKeepsThem() throws LDAPException {
        String answer = control.restoreHygieneUser(dn("sixteen"));

        assertThat(answer).contains("restored 4 values");
        assertThat(values("sixteen", "userCertificate")).usingElementComparator(Arrays::compare)
                .containsExactlyInAnyOrderElementsOf(sixteenUserCertificate);
        assertThat(values("sixteen", "userSMIMECertificate")).usingElementComparator(Arrays::compare)
                .containsExactlyElementsOf(sixteenSmimeCertificate);
        assertThat(control.restoreHygieneUser(dn("sixteen"))).startsWith("nothing to restore");

        HygieneReport again = hygiene(false);
        assertThat(again.valuesRemoved()).isZero();
        assertThat(values("sixteen", "userCertificate")).hasSize(15);
        assertThat(again.users()).singleElement().satisfies(user -> assertThat(user.notes()).hasSize(4)
                .allSatisfy(note -> assertThat(note).endsWith("kept: an operator restored it")));
    }

    @Test
    @Order(4)
    void theThresholdHoldsARunThatWouldCleanTooManyUsersUntilAnOperatorApproves() throws Exception {
        for (int i = 1; i <= 4; i++) {
            String name = "renewed" + i;
            addUser(name, List.of(CA.issue(CA.leaf(mail(name))), expired(name, 60)), List.of());
        }

        HygieneReport held = hygiene(false);

        assertThat(held.status()).isEqualTo("HELD_FOR_APPROVAL");
        assertThat(held.message()).contains("4 users to change exceed certsync.hygiene.max-users-per-run=3");
        assertThat(held.valuesRemoved()).isZero();
        assertThat(held.usersHeld()).isEqualTo(4);
        for (int i = 1; i <= 4; i++) assertThat(values("renewed" + i, "userCertificate")).hasSize(2);
        assertThat(control.getPendingHygiene()).startsWith("4 values held back by run " + held.runId());

        assertThat(control.approveHygiene()).contains("approved by");
        HygieneReport approved = hygiene(false);

        assertThat(approved.status()).isEqualTo("SUCCEEDED");
        assertThat(approved.valuesRemoved()).isEqualTo(4);
        for (int i = 1; i <= 4; i++) assertThat(values("renewed" + i, "userCertificate")).hasSize(1);
        assertThat(control.approveHygiene()).startsWith("refused: nothing is held back");

        assertThat(control.restoreHygieneRun(approved.runId())).contains("restored 1 values");
        for (int i = 1; i <= 4; i++) assertThat(values("renewed" + i, "userCertificate")).hasSize(2);
    }

    @Test
    @Order(5)
    void aUserWhoseReadFailedIsUntouchedAndTheIncompleteReadRemovesNothing() throws Exception {
        addUser("unreadable", List.of(CA.issue(CA.leaf(mail("unreadable"))), expired("unreadable", 60)), List.of());
        addUser("readable", List.of(CA.issue(CA.leaf(mail("readable"))), expired("readable", 60)), List.of());
        entries.makeUnreadable(dn("unreadable"));

        HygieneReport report = hygiene(false);

        assertThat(report.status()).isEqualTo("READ_INCOMPLETE");
        assertThat(report.message()).contains(dn("unreadable"), "removes nothing");
        assertThat(report.valuesRemoved()).isZero();
        assertThat(values("unreadable", "userCertificate")).hasSize(2);
        assertThat(values("readable", "userCertificate")).hasSize(2);
    }

    @Test
    @Order(6)
    void anAccountAdminSdHolderProtectsIsSkippedAndReported() throws Exception {
        addUser("protected", List.of(CA.issue(CA.leaf(mail("protected"))), expired("protected", 60)), List.of());
        ad.modify(dn("protected"), new Modification(ModificationType.REPLACE, "adminCount", "1"));

        HygieneReport report = hygiene(false);

        assertThat(report.users()).filteredOn(u -> u.dn().equals(dn("protected"))).singleElement().satisfies(user -> {
            assertThat(user.outcome()).isEqualTo("skipped");
            assertThat(user.cause()).startsWith("adminsdholder-protected");
            assertThat(user.values()).hasSize(1);
        });
        assertThat(values("protected", "userCertificate")).hasSize(2);
    }

    @Test
    @Order(7)
    void aValueAddedBetweenTheReadAndTheWriteSurvives() throws Exception {
        byte[] good = CA.issue(CA.leaf(mail("meanwhile")));
        byte[] old = expired("meanwhile", 60);
        byte[] renewal = CA.issue(CA.leaf(mail("meanwhile")).withValidity(daysAgo(0), daysAgo(-365)));
        addUser("meanwhile", List.of(good, old), List.of());
        // the plan is made; the renewal arrives before the write (the last test: the route stays advised)
        AdviceWith.adviceWith(camel, "hygiene-run", route -> route.weaveById("hygiene-apply").before().process(exchange ->
                ad.modify(dn("meanwhile"), new Modification(ModificationType.ADD, "userCertificate", renewal))));

        HygieneReport report = hygiene(false);

        assertThat(report.users()).filteredOn(u -> u.dn().equals(dn("meanwhile"))).singleElement()
                .satisfies(user -> assertThat(user.outcome()).isEqualTo("removed"));
        assertThat(fingerprints(values("meanwhile", "userCertificate")))
                .containsExactlyInAnyOrder(Fingerprints.sha256(good), Fingerprints.sha256(renewal));
    }

    private HygieneReport hygiene(boolean dryRun) {
        return producer.request("direct:hygiene-run", exchange -> {
            exchange.setProperty(HygieneRuns.TRIGGER, "test");
            exchange.getMessage().setHeader(HygieneRuns.DRY_RUN, dryRun);
        }).getMessage().getBody(HygieneReport.class);
    }

    private static byte[] expired(String name, int daysAgo) {
        return CA.issue(CA.leaf(mail(name)).withValidity(daysAgo(daysAgo + 365), daysAgo(daysAgo)));
    }

    private static Instant daysAgo(int days) {
        return Instant.now().minus(Duration.ofDays(days));
    }

    private static void addUser(String name, List<byte[]> userCertificate, List<byte[]> smime) throws LDAPException {
        String account = name + "-" + RUN;
        List<Attribute> attributes = new ArrayList<>(List.of(
                new Attribute("objectClass", "top", "person", "organizationalPerson", "user"),
                new Attribute("sAMAccountName", account.length() > 20 ? account.substring(0, 20) : account),
                new Attribute("mail", mail(name)), new Attribute("userPrincipalName", account + "@" + DOMAIN),
                new Attribute("userCertificate", userCertificate.toArray(byte[][]::new))));
        if (!smime.isEmpty()) attributes.add(new Attribute("userSMIMECertificate", smime.toArray(byte[][]::new)));
        ad.add(dn(name), attributes);
    }

    private static List<byte[]> values(String name, String attribute) throws LDAPException {
        SearchResultEntry entry = ad.getEntry(dn(name), attribute);
        byte[][] values = entry.getAttributeValueByteArrays(attribute);
        return values == null ? List.of() : List.of(values);
    }

    private static List<String> fingerprints(List<byte[]> values) {
        return values.stream().map(Fingerprints::sha256).toList();
    }

    private static String dn(String name) {
        return "CN=" + name + "," + unit;
    }

    private static String mail(String name) {
        return name + "-" + RUN + "@" + DOMAIN;
    }
}
