package org.certsync.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;

import javax.management.ObjectName;

import org.jolokia.server.core.util.RequestType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

class ConsoleRoleRestrictorTest {

    private static final ObjectName SYNC = name(SyncControl.OBJECT_NAME);
    private static final ObjectName ROUTE = name("org.apache.camel:context=certsync,type=routes,name=\"sync-run\"");
    private static final ObjectName CONTEXT = name("org.apache.camel:context=certsync,type=context,name=\"certsync\"");
    private final ConsoleAudit audit = new ConsoleAudit(Clock.systemUTC());
    private final ConsoleRoleRestrictor restrictor = new ConsoleRoleRestrictor(audit);

    @BeforeEach
    void post() {
        overHttp("POST");
    }

    @AfterEach
    void logOut() {
        SecurityContextHolder.clearContext();
        RequestContextHolder.resetRequestAttributes();
    }

    @Test
    void viewerMayReadListSearchAndSeeRouteDiagramsButNotExecuteOrWrite() {
        logIn(ConsoleRole.VIEWER);

        assertThat(restrictor.isAttributeReadAllowed(SYNC, "Status")).isTrue();
        assertThat(restrictor.isTypeAllowed(RequestType.LIST)).isTrue();
        assertThat(restrictor.isTypeAllowed(RequestType.SEARCH)).isTrue();
        assertThat(restrictor.isOperationAllowed(CONTEXT, "dumpRoutesAsXml()")).isTrue();
        assertThat(restrictor.isOperationAllowed(SYNC, "syncNow()")).isFalse();
        assertThat(restrictor.isOperationAllowed(ROUTE, "stop()")).isFalse();
        assertThat(restrictor.isAttributeWriteAllowed(SYNC, "Anything")).isFalse();
        assertThat(restrictor.isTypeAllowed(RequestType.EXEC)).isFalse();
        assertThat(audit.entries()).extracting(Object::toString).anyMatch(entry -> entry.endsWith(
                " someone stop(on " + ROUTE + "): refused: the operator role is needed"));
    }

    @Test
    void operatorRunsCertSyncsOperationsAndStartsAndStopsRoutes() {
        logIn(ConsoleRole.OPERATOR);

        assertThat(restrictor.isOperationAllowed(SYNC, "syncNow()")).isTrue();
        assertThat(restrictor.isOperationAllowed(SYNC, "resyncUser")).isTrue();
        assertThat(restrictor.isOperationAllowed(ROUTE, "stop()")).isTrue();
        assertThat(restrictor.isOperationAllowed(ROUTE, "start")).isTrue();
        assertThat(restrictor.isAttributeReadAllowed(SYNC, "Status")).isTrue();
        // CertSync's MBean audits its operations itself, with their outcome
        assertThat(audit.entries()).extracting(Object::toString).hasSize(2)
                .allMatch(entry -> entry.contains(" someone st") && entry.endsWith("(on " + ROUTE + "): allowed"));
    }

    @Test
    void operatorMayNotSendToEndpointsAddRoutesOrWriteOutsideCertSync() {
        logIn(ConsoleRole.OPERATOR);

        assertThat(restrictor.isOperationAllowed(CONTEXT, "sendBody(java.lang.String,java.lang.Object)")).isFalse();
        assertThat(restrictor.isOperationAllowed(CONTEXT, "requestBody")).isFalse();
        assertThat(restrictor.isOperationAllowed(CONTEXT, "addOrUpdateRoutesFromXml(java.lang.String)")).isFalse();
        assertThat(restrictor.isOperationAllowed(ROUTE, "remove()")).isFalse();
        assertThat(restrictor.isOperationAllowed(CONTEXT, "dumpRoutesAsXml(boolean)")).isFalse();
        assertThat(restrictor.isAttributeWriteAllowed(ROUTE, "Tracing")).isFalse();
        assertThat(restrictor.isOperationAllowed(name("java.lang:type=Memory"), "gc()")).isFalse();

        assertThat(audit.entries()).hasSize(7).first().hasToString(audit.entries().get(0).at()
                + " someone gc(on java.lang:type=Memory): refused: the console runs CertSync's operations and route"
                + " start/stop only");
        assertThat(audit.entries().get(1).toString())
                .endsWith(" someone setTracing(on " + ROUTE + "): refused: the console writes CertSync's attributes only");
    }

    @Test
    void operationsAndWritesOverGetAreRefused() {
        logIn(ConsoleRole.OPERATOR);
        overHttp("GET");

        assertThat(restrictor.isOperationAllowed(SYNC, "syncNow()")).isFalse();
        assertThat(restrictor.isOperationAllowed(ROUTE, "stop()")).isFalse();
        assertThat(restrictor.isAttributeWriteAllowed(SYNC, "Anything")).isFalse();
        assertThat(restrictor.isAttributeReadAllowed(SYNC, "Status")).isTrue();
        assertThat(audit.entries().get(2).toString())
                .endsWith(" someone syncNow(on " + SYNC + "): refused: operations and writes only over POST");
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
        assertThat(restrictor.isOperationAllowed(CONTEXT, "dumpRoutesAsXml()")).isFalse();
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

    private static void overHttp(String method) {
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest(method, "/actuator/jolokia")));
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
