package org.certsync.ops;

import static org.assertj.core.api.Assertions.assertThat;

import javax.management.ObjectName;

import org.jolokia.server.core.util.RequestType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

class ConsoleRoleRestrictorTest {

    private static final ObjectName SYNC = name(SyncControl.OBJECT_NAME);
    private final ConsoleRoleRestrictor restrictor = new ConsoleRoleRestrictor();

    @AfterEach
    void logOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void viewerMayReadListAndSearchButNotExecuteOrWrite() {
        logIn(ConsoleRole.VIEWER);

        assertThat(restrictor.isAttributeReadAllowed(SYNC, "Status")).isTrue();
        assertThat(restrictor.isTypeAllowed(RequestType.LIST)).isTrue();
        assertThat(restrictor.isTypeAllowed(RequestType.SEARCH)).isTrue();
        assertThat(restrictor.isOperationAllowed(SYNC, "syncNow")).isFalse();
        assertThat(restrictor.isAttributeWriteAllowed(name("org.apache.camel:type=routes,name=\"sync-run\""), "Tracing"))
                .isFalse();
        assertThat(restrictor.isTypeAllowed(RequestType.EXEC)).isFalse();
    }

    @Test
    void operatorMayExecuteAndWrite() {
        logIn(ConsoleRole.OPERATOR);

        assertThat(restrictor.isOperationAllowed(SYNC, "syncNow")).isTrue();
        assertThat(restrictor.isAttributeWriteAllowed(name("org.apache.camel:type=routes,name=\"sync-run\""), "Tracing"))
                .isTrue();
        assertThat(restrictor.isAttributeReadAllowed(SYNC, "Status")).isTrue();
    }

    @Test
    void nobodyMayUseJvmDiagnosticsOrReadTheCommandLine() {
        logIn(ConsoleRole.OPERATOR);

        assertThat(restrictor.isOperationAllowed(name("com.sun.management:type=HotSpotDiagnostic"), "dumpHeap")).isFalse();
        assertThat(restrictor.isOperationAllowed(name("com.sun.management:type=DiagnosticCommand"), "vmSystemProperties"))
                .isFalse();
        assertThat(restrictor.isAttributeReadAllowed(name("java.lang:type=Runtime"), "SystemProperties")).isFalse();
        assertThat(restrictor.isAttributeReadAllowed(name("java.lang:type=Runtime"), "InputArguments")).isFalse();
        assertThat(restrictor.isAttributeReadAllowed(name("java.lang:type=Runtime"), "Uptime")).isTrue();
    }

    @Test
    void withoutAConsoleRoleNothingIsAllowed() {
        SecurityContextHolder.getContext().setAuthentication(new AnonymousAuthenticationToken("key", "anonymousUser",
                AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")));

        assertThat(restrictor.isAttributeReadAllowed(SYNC, "Status")).isFalse();
        assertThat(restrictor.isOperationAllowed(SYNC, "syncNow")).isFalse();
        assertThat(restrictor.isTypeAllowed(RequestType.LIST)).isFalse();
    }

    @Test
    void corsHeadersAreNeverSentButStrictOriginChecksPass() {
        assertThat(restrictor.isOriginAllowed("https://elsewhere.example", false)).isFalse();
        assertThat(restrictor.isOriginAllowed("http://localhost:8080", true)).isTrue();
    }

    private static void logIn(ConsoleRole role) {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                "someone", null, AuthorityUtils.createAuthorityList(role.authority())));
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
