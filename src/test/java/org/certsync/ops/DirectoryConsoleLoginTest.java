package org.certsync.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import org.certsync.directory.DirectoryConnection;
import org.certsync.directory.GroupMembership;
import org.certsync.directory.LdapSettings;
import org.certsync.testsupport.FreePort;
import org.certsync.testsupport.TestDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.provisioning.UserDetailsManager;

/**
 * Directory logins against an LDAP server that is not Active Directory (UnboundID's in-memory server): accounts by
 * uid, roles from direct membership (member), every refusal a BadCredentialsException and one log line.
 */
@ExtendWith(OutputCaptureExtension.class)
class DirectoryConsoleLoginTest {

    private static final String PEOPLE = "ou=people," + TestDirectory.BASE;
    private static final String GROUPS = "ou=groups," + TestDirectory.BASE;
    private static final String OPERATORS = "cn=certsync-operators," + GROUPS;
    private static final String VIEWERS = "cn=certsync-viewers," + GROUPS;
    private static final String TEAM = "cn=team," + GROUPS;
    private static final TestDirectory DIRECTORY = TestDirectory.start();

    static {
        DIRECTORY.add(entry(PEOPLE, "organizationalUnit"), entry(GROUPS, "organizationalUnit"),
                entry("ou=elsewhere," + TestDirectory.BASE, "organizationalUnit"),
                account("ada", PEOPLE), account("vera", PEOPLE), account("nico", PEOPLE), account("nora", PEOPLE),
                account("olivia", PEOPLE), account("twin", PEOPLE), account("twin", "ou=elsewhere," + TestDirectory.BASE),
                group(TEAM, uid("nico")),
                group(OPERATORS, uid("ada"), uid("olivia"), TEAM),
                group(VIEWERS, uid("vera"), uid("ada")));
    }

    private final UserDetailsManager localUsers = ConsoleUsers.from(Map.of("olivia",
            new ConsoleSettings.User("{noop}local-secret", Set.of(ConsoleRole.VIEWER))));
    private final DirectoryConsoleLogin login = login(OPERATORS, VIEWERS, DIRECTORY.url());

    @AfterAll
    static void stop() {
        DIRECTORY.stop();
    }

    @Test
    void aDirectMemberOfTheOperatorGroupLogsInAsOperatorUnderTheNameGiven() {
        Authentication ada = login.authenticate(token("ada", password("ada")));

        assertThat(ada.getName()).isEqualTo("ada");
        assertThat(ada.getCredentials()).isNull();
        assertThat(roles(ada)).containsExactlyInAnyOrder("ROLE_OPERATOR", "ROLE_VIEWER");
    }

    @Test
    void aMemberOfTheViewerGroupIsAViewerOnly() {
        assertThat(roles(login.authenticate(token("vera", password("vera"))))).containsExactly("ROLE_VIEWER");
    }

    @Test
    void outsideActiveDirectoryAGroupInTheGroupDoesNotMakeItsMembersOperators(CapturedOutput log) {
        assertThatThrownBy(() -> login.authenticate(token("nico", password("nico"))))
                .isInstanceOf(BadCredentialsException.class);
        assertThat(log).contains("Console login of 'nico' refused: " + uid("nico") + " is in neither of "
                + "certsync.console.ldap.operator-group=" + OPERATORS + ", certsync.console.ldap.viewer-group=" + VIEWERS);
    }

    @Test
    void anAccountInNeitherGroupCannotLogIn() {
        assertThatThrownBy(() -> login.authenticate(token("nora", password("nora"))))
                .isInstanceOf(BadCredentialsException.class);
    }

    @Test
    void aWrongPasswordIsRefusedAndNeverLogged(CapturedOutput log) {
        assertThatThrownBy(() -> login.authenticate(token("ada", "not-adas-password")))
                .isInstanceOf(BadCredentialsException.class);
        assertThat(log).contains("Console login of 'ada' refused: the directory refused the bind as " + uid("ada"))
                .doesNotContain("not-adas-password");
    }

    @Test
    void anEmptyPasswordIsRefusedThoughLdapWouldTakeItAsAnAnonymousBind(CapturedOutput log) {
        assertThatThrownBy(() -> login.authenticate(token("ada", ""))).isInstanceOf(BadCredentialsException.class);
        assertThat(log).contains("Console login of 'ada' refused: no password given");
    }

    @Test
    void anUnknownNameIsRefused(CapturedOutput log) {
        assertThatThrownBy(() -> login.authenticate(token("mallory", "whatever")))
                .isInstanceOf(BadCredentialsException.class);
        assertThat(log).contains("Console login of 'mallory' refused: no entry below " + TestDirectory.BASE
                + " matches certsync.console.ldap.user-filter=");
    }

    @Test
    void aNameCannotWidenTheFilter() {
        assertThatThrownBy(() -> login.authenticate(token("*", password("ada"))))
                .isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> login.authenticate(token("ada)(uid=*", password("ada"))))
                .isInstanceOf(BadCredentialsException.class);
    }

    @Test
    void aNameThatMatchesSeveralAccountsIsRefused(CapturedOutput log) {
        assertThatThrownBy(() -> login.authenticate(token("twin", password("twin"))))
                .isInstanceOf(BadCredentialsException.class);
        assertThat(log).contains("Console login of 'twin' refused: several entries below " + TestDirectory.BASE);
    }

    @Test
    void aLocalUsersNameIsLeftToTheLocalUserEvenWithTheDirectoryPassword() {
        assertThat(login.authenticate(token("olivia", password("olivia")))).isNull();
    }

    @Test
    void anUnreachableDirectoryRefusesTheLoginNamingTheUrl(CapturedOutput log) {
        String nowhere = "ldap://127.0.0.1:" + FreePort.onLoopback();

        assertThatThrownBy(() -> login(OPERATORS, VIEWERS, nowhere).authenticate(token("ada", password("ada"))))
                .isInstanceOf(AuthenticationServiceException.class)
                .hasMessageContaining("cannot reach the LDAP server at certsync.ldap.url=" + nowhere);
        assertThat(log).contains("Console login of 'ada' refused, the directory could not tell: cannot reach the LDAP"
                + " server at certsync.ldap.url=" + nowhere);
    }

    @Test
    void aGroupThatNamesNoEntryRefusesEveryLoginNamingTheSetting() {
        String missing = "cn=certsync-viewerz," + GROUPS;

        assertThatThrownBy(() -> login(OPERATORS, missing, DIRECTORY.url()).authenticate(token("ada", password("ada"))))
                .isInstanceOf(AuthenticationServiceException.class)
                .hasMessageStartingWith("certsync.console.ldap.viewer-group=" + missing + " names no entry");
    }

    @Test
    void settingsThatCannotWorkStopTheStart() {
        assertThatThrownBy(() -> new ConsoleSettings.DirectoryLogin("CertSync Operators", null, null, null, null))
                .hasMessageStartingWith("certsync.console.ldap.operator-group='CertSync Operators' is not a DN");
        assertThatThrownBy(() -> new ConsoleSettings.DirectoryLogin(OPERATORS, null, null, "(uid=alice)", null))
                .hasMessageStartingWith("certsync.console.ldap.user-filter=(uid=alice) must contain {0}");
        assertThatThrownBy(() -> new ConsoleSettings.DirectoryLogin(OPERATORS, null, null, "(uid={0}", null))
                .hasMessageStartingWith("certsync.console.ldap.user-filter=(uid={0} is not an LDAP filter");
        assertThat(new ConsoleSettings.DirectoryLogin(" ", "", null, null, null).enabled()).isFalse();
    }

    private DirectoryConsoleLogin login(String operators, String viewers, String url) {
        LdapSettings directory = new LdapSettings(url, TestDirectory.BIND_DN, TestDirectory.PASSWORD, TestDirectory.BASE,
                "(uid=*)", 500, null, null, Duration.ofSeconds(5), Duration.ofSeconds(5));
        ConsoleSettings.DirectoryLogin settings = new ConsoleSettings.DirectoryLogin(operators, viewers, null, null,
                GroupMembership.AUTO);
        return new DirectoryConsoleLogin(settings, directory.baseDn(), new DirectoryConnection(directory, url), localUsers);
    }

    private static UsernamePasswordAuthenticationToken token(String name, String password) {
        return UsernamePasswordAuthenticationToken.unauthenticated(name, password);
    }

    private static Set<String> roles(Authentication authentication) {
        return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .collect(Collectors.toSet());
    }

    private static String uid(String name) {
        return "uid=" + name + "," + PEOPLE;
    }

    private static String password(String name) {
        return name + "-directory-secret";
    }

    private static Entry entry(String dn, String objectClass) {
        return new Entry(dn, new Attribute("objectClass", objectClass));
    }

    private static Entry account(String name, String unit) {
        return new Entry("uid=" + name + "," + unit, new Attribute("objectClass", "inetOrgPerson"),
                new Attribute("uid", name), new Attribute("userPassword", password(name)));
    }

    private static Entry group(String dn, String... members) {
        return new Entry(dn, new Attribute("objectClass", "groupOfNames"), new Attribute("member", members));
    }
}
