package org.certsync.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPException;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.certsync.sync.RunReport;
import org.certsync.sync.SyncRuns;
import org.certsync.testsupport.IntegrationServer;
import org.certsync.testsupport.RequiresServer;
import org.certsync.testsupport.TenantFixture;
import org.certsync.testsupport.TestActiveDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Console logins with the accounts of a real Active Directory (Samba's AD DC, which .ci/samba-ad starts), over HTTP:
 * roles from groups, nested ones included, beside the local users. The test makes its own unit with accounts and
 * groups, and removes it afterwards.
 */
@CamelSpringBootTest
@DisableJmx(false)
@RequiresServer(IntegrationServer.ACTIVE_DIRECTORY)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.scheduler.enabled=false",
        "certsync.ldap.url=${CERTSYNC_TEST_AD_URL}",
        "certsync.ldap.bind-dn=${CERTSYNC_TEST_AD_BIND_DN}",
        "certsync.ldap.password=${CERTSYNC_TEST_AD_PASSWORD}",
        "certsync.console.users.olivia.roles=operator",
        "certsync.console.users.olivia.password={noop}" + ActiveDirectoryConsoleLoginTest.LOCAL_PASSWORD,
        // JMX on, so that Jolokia sees the CertSync MBean; other test applications in this JVM export the same beans
        "spring.jmx.enabled=true",
        "spring.jmx.unique-names=true",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/ad-console/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/ad-console/last-run.json",
        "certsync.report-dir=target/test-data/ad-console/history"})
class ActiveDirectoryConsoleLoginTest {

    static final String LOCAL_PASSWORD = "local-operator-secret";
    private static final String DOMAIN = "certsync.test";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    /** Operator through G2, a group in the operator group. */
    private static final String ADA = "ada" + RUN;
    private static final String VERA = "vera" + RUN;
    /** In no group. */
    private static final String NORA = "nora" + RUN;
    /** In the operator group, and a local viewer of the same name. */
    private static final String LENA = "lena" + RUN;
    private static String unit;
    private static TestActiveDirectory directory;

    @LocalServerPort
    int port;
    @Autowired
    SyncRuns runs;
    @Autowired
    SyncControl control;

    @BeforeAll
    static void unitWithAccountsAndGroups() throws LDAPException {
        directory = TestActiveDirectory.connect();
        unit = directory.addUnit("certsync-console-" + RUN);
        for (String name : List.of(ADA, VERA, NORA, LENA)) addAccount(name);
        addGroup("g2", dn(ADA));
        addGroup("operators", dn("g2"), dn(LENA));
        addGroup("viewers", dn(VERA));
    }

    @DynamicPropertySource
    static void directoryAndTenant(DynamicPropertyRegistry registry) {
        TenantFixture.register(registry);
        registry.add("certsync.ldap.base-dn", () -> unit);
        registry.add("certsync.console.ldap.operator-group", () -> dn("operators"));
        registry.add("certsync.console.ldap.viewer-group", () -> dn("viewers"));
        registry.add("certsync.console.users." + LENA + ".roles", () -> "viewer");
        registry.add("certsync.console.users." + LENA + ".password", () -> "{noop}" + LOCAL_PASSWORD);
    }

    @AfterAll
    static void removeUnit() throws LDAPException {
        if (directory == null) return;
        directory.removeUnit(unit);
        directory.close();
    }

    @Test
    void anAccountInAGroupOfTheOperatorGroupRunsSyncNowAndTheAuditNamesIt() {
        JsonNode exec = console().jolokia(ADA, password(ADA), Map.of("type", "exec", "mbean", syncMBean(),
                "operation", "syncNow()"));

        RunReport report = runs.lastReport().orElseThrow();
        assertThat(exec.path("status").asInt()).isEqualTo(200);
        assertThat(exec.path("value").asText()).isEqualTo(report.summary());
        assertThat(report.trigger()).isEqualTo("console:" + ADA);
        assertThat(control.getAuditTrail().get(0)).contains(" " + ADA + " syncNow(): run " + report.runId());
    }

    @Test
    void aViewerGroupMemberReadsButCannotRunSyncNowAlsoByUserPrincipalName() {
        Optional<RunReport> before = runs.lastReport();
        String upn = VERA + "@" + DOMAIN;

        JsonNode read = console().jolokia(upn, password(VERA), Map.of("type", "read", "mbean", syncMBean(),
                "attribute", "Running"));
        JsonNode exec = console().jolokia(upn, password(VERA), Map.of("type", "exec", "mbean", syncMBean(),
                "operation", "syncNow()"));

        assertThat(read.path("status").asInt()).isEqualTo(200);
        assertThat(exec.path("status").asInt()).isEqualTo(403);
        assertThat(runs.lastReport()).isEqualTo(before);
    }

    @Test
    void anAccountInNeitherGroupGets401() {
        assertThat(console().getAs(NORA, password(NORA), "/actuator/jolokia/version").statusCode()).isEqualTo(401);
    }

    @Test
    void aWrongPasswordGets401() {
        assertThat(console().getAs(ADA, password(VERA), "/actuator/jolokia/version").statusCode()).isEqualTo(401);
        assertThat(console().getAs(ADA, "", "/actuator/jolokia/version").statusCode()).isEqualTo(401);
    }

    @Test
    void localUsersStillLogInAndALocalNameIsNeverTheDirectorysAccount() {
        JsonNode local = console().jolokia("olivia", LOCAL_PASSWORD, Map.of("type", "read", "mbean", syncMBean(),
                "attribute", "Running"));
        // LENA is an operator in the directory, but the local viewer of that name decides
        JsonNode localViewer = console().jolokia(LENA, LOCAL_PASSWORD, Map.of("type", "exec", "mbean", syncMBean(),
                "operation", "syncNow()"));

        assertThat(local.path("status").asInt()).isEqualTo(200);
        assertThat(localViewer.path("status").asInt()).isEqualTo(403);
        assertThat(console().getAs(LENA, password(LENA), "/actuator/jolokia/version").statusCode()).isEqualTo(401);
    }

    private ConsoleClient console() {
        return new ConsoleClient(port);
    }

    private String syncMBean() {
        try {
            return control.getObjectName().toString();
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An enabled account with a password; with mail, so that a sync finds it. */
    private static void addAccount(String name) throws LDAPException {
        // AD takes a password as unicodePwd: the quoted password in UTF-16LE
        byte[] unicodePwd = ("\"" + password(name) + "\"").getBytes(StandardCharsets.UTF_16LE);
        directory.connection().add(dn(name), new Attribute("objectClass", "top", "person", "organizationalPerson", "user"),
                new Attribute("sAMAccountName", name), new Attribute("userPrincipalName", name + "@" + DOMAIN),
                new Attribute("mail", name + "@" + DOMAIN), new Attribute("unicodePwd", unicodePwd),
                // NORMAL_ACCOUNT, enabled
                new Attribute("userAccountControl", "512"));
    }

    private static void addGroup(String name, String... members) throws LDAPException {
        directory.connection().add(dn(name), new Attribute("objectClass", "top", "group"), new Attribute("sAMAccountName", name + "-" + RUN),
                new Attribute("member", members));
    }

    private static String dn(String name) {
        return "CN=" + name + "," + unit;
    }

    /** Meets AD's complexity rules and holds no part of the account's name. */
    private static String password(String name) {
        return "Console-" + Integer.toHexString(name.hashCode()) + "-Pw1";
    }
}
