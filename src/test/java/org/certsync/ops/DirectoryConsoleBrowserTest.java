package org.certsync.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import javax.management.MalformedObjectNameException;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.certsync.testsupport.IntegrationServer;
import org.certsync.testsupport.RequiresServer;
import org.certsync.testsupport.TenantFixture;
import org.certsync.testsupport.TestDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console's login form in headless Chromium with a directory account (UnboundID's in-memory server as
 * certsync.ldap.url, certsync.console.ldap.* naming its groups): a member of the operator group reaches Hawtio and runs
 * CertSync's operations, a member of the viewer group only looks, a wrong password stays on the login page with its
 * error. No local console users.
 */
@CamelSpringBootTest
@DisableJmx(false)
@RequiresServer(IntegrationServer.CHROMIUM)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.scheduler.enabled=false",
        "certsync.ldap.url=${certsync.test.console-directory-url}",
        "certsync.ldap.bind-dn=" + TestDirectory.BIND_DN,
        "certsync.ldap.password=" + TestDirectory.PASSWORD,
        "certsync.ldap.base-dn=" + TestDirectory.BASE,
        "certsync.console.ldap.operator-group=" + DirectoryConsoleBrowserTest.OPERATORS,
        "certsync.console.ldap.viewer-group=" + DirectoryConsoleBrowserTest.VIEWERS,
        // JMX on, so that Hawtio shows its JMX navigation; other test applications in this JVM export the same beans
        "spring.jmx.enabled=true",
        "spring.jmx.unique-names=true",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/directory-console-browser/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/directory-console-browser/last-run.json"})
class DirectoryConsoleBrowserTest {

    static final String OPERATORS = "cn=certsync-operators,ou=groups," + TestDirectory.BASE;
    static final String VIEWERS = "cn=certsync-viewers,ou=groups," + TestDirectory.BASE;
    private static final String ACCOUNT = "uid=ada,ou=people," + TestDirectory.BASE;
    private static final String PASSWORD = "ada-directory-secret";
    private static final String VIEWER = "uid=vic,ou=people," + TestDirectory.BASE;
    private static final String VIEWER_PASSWORD = "vic-directory-secret";
    private static final TestDirectory DIRECTORY = TestDirectory.start();

    static {
        DIRECTORY.add(unit("ou=people," + TestDirectory.BASE), unit("ou=groups," + TestDirectory.BASE),
                new Entry(ACCOUNT, new Attribute("objectClass", "inetOrgPerson"), new Attribute("uid", "ada"),
                        new Attribute("userPassword", PASSWORD)),
                new Entry(VIEWER, new Attribute("objectClass", "inetOrgPerson"), new Attribute("uid", "vic"),
                        new Attribute("userPassword", VIEWER_PASSWORD)),
                // each account in one group: the role the console grants is the group's
                new Entry(OPERATORS, new Attribute("objectClass", "groupOfNames"), new Attribute("member", ACCOUNT)),
                new Entry(VIEWERS, new Attribute("objectClass", "groupOfNames"), new Attribute("member", VIEWER)));
        // a system property, because the demo defaults are decided before dynamic test properties exist
        System.setProperty("certsync.test.console-directory-url", DIRECTORY.url());
    }

    @LocalServerPort
    int port;
    @Autowired
    SyncControl control;
    private ConsoleBrowser browser;

    /** Outside the demo: a directory of its own, and the simulated tenant as a fixture. */
    @DynamicPropertySource
    static void tenant(DynamicPropertyRegistry registry) {
        TenantFixture.register(registry);
    }

    @AfterAll
    static void stopDirectory() {
        DIRECTORY.stop();
    }

    @BeforeEach
    void openBrowser(TestInfo test) {
        browser = new ConsoleBrowser("directory-" + test.getTestMethod().orElseThrow().getName() + "-");
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) browser.close();
    }

    @Test
    void anOperatorGroupMemberLogsInThroughTheFormAndReachesTheConsole() throws MalformedObjectNameException {
        browser.logIn(baseUrl(), "ada", PASSWORD);

        assertThat(browser.driver().getCurrentUrl()).contains("/actuator/hawtio/");
        assertThat(browser.find(ConsoleBrowser.HAWTIO_NAVIGATION).isDisplayed()).isTrue();
        // the operator group's role: CertSync's operations run
        assertThat(deadLetters("ada", PASSWORD).path("status").asInt()).isEqualTo(200);
    }

    @Test
    void aViewerGroupMemberLogsInThroughTheFormButRunsNoOperation() throws MalformedObjectNameException {
        browser.logIn(baseUrl(), "vic", VIEWER_PASSWORD);

        assertThat(browser.driver().getCurrentUrl()).contains("/actuator/hawtio/");
        assertThat(deadLetters("vic", VIEWER_PASSWORD).path("status").asInt()).isEqualTo(403);
    }

    private JsonNode deadLetters(String user, String password) throws MalformedObjectNameException {
        return new ConsoleClient(port).jolokia(user, password, Map.of("type", "exec", "mbean",
                control.getObjectName().toString(), "operation", "deadLetters()"));
    }

    @Test
    void aWrongPasswordStaysOnTheLoginPageWithItsError() {
        browser.submitLogin(baseUrl(), "ada", "not-adas-password");

        browser.await("the login form's error", ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//*[@role='alert' and contains(normalize-space(), 'Invalid credentials')]")));
        browser.screenshot("login-refused");
        assertThat(browser.driver().getCurrentUrl()).contains("/login?error");
        assertThat(browser.find(By.name("username")).isDisplayed()).isTrue();
        assertThat(browser.driver().findElements(ConsoleBrowser.HAWTIO_NAVIGATION)).isEmpty();
    }

    private String baseUrl() {
        return new ConsoleClient(port).baseUrl();
    }

    private static Entry unit(String dn) {
        return new Entry(dn, new Attribute("objectClass", "organizationalUnit"));
    }
}
