package org.certsync.ops;

import java.util.EnumSet;
import java.util.Set;

import javax.management.ObjectName;

import jakarta.servlet.http.HttpServletRequest;
import org.jolokia.server.core.service.api.Restrictor;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Jolokia's access rules: the console runs CertSync and nothing else. A viewer reads; an operator also runs
 * CertSync's own MBean operations, starts and stops routes and writes CertSync's attributes. Everything else that
 * acts is refused for both, above all the Camel context's {@code sendBody}/{@code addOrUpdateRoutes} (they reach any
 * endpoint the jar can build) and {@code com.sun.management} (heap dumps reach every secret in memory). Operations
 * and writes run only over POST, which CSRF protection covers. Every operation or write the console asks for is
 * audited: CertSync's own operations by the MBean, the rest here, refused ones too.
 *
 * <p>Jolokia picks up a {@link Restrictor} bean by itself and calls it on the request's thread, where Spring Security
 * has put the authenticated user and Spring's request filter the HTTP request.
 */
public class ConsoleRoleRestrictor implements Restrictor {

    private static final Set<RequestType> VIEWER_TYPES =
            EnumSet.of(RequestType.READ, RequestType.LIST, RequestType.SEARCH, RequestType.VERSION);
    private static final String CERTSYNC_DOMAIN = objectName(SyncControl.OBJECT_NAME).getDomain();
    private static final String CAMEL_DOMAIN = "org.apache.camel";
    private static final Set<String> ROUTE_OPERATIONS = Set.of("start", "stop");
    /**
     * Camel operations that only show what the console shows anyway (Hawtio's route diagram, statistics and
     * endpoint list): any signature of these...
     */
    private static final Set<String> CAMEL_VIEWS = Set.of("dumpRouteStatsAsXml", "dumpRoutesStatsAsXml",
            "dumpStepStatsAsXml", "endpointStatistics", "componentNames", "listRestServices", "isUpdateRouteEnabled");
    /** ...and these without arguments only: with them they may resolve placeholders, i.e. settings. */
    private static final Set<String> CAMEL_VIEWS_WITHOUT_ARGUMENTS = Set.of("dumpRoutesAsXml()", "dumpRouteAsXml()");
    /** The command line and system properties may carry passwords given as -D or --certsync.* arguments. */
    private static final ObjectName RUNTIME = objectName("java.lang:type=Runtime");
    private static final Set<String> HIDDEN_RUNTIME_ATTRIBUTES = Set.of("SystemProperties", "InputArguments");

    private final ConsoleAudit audit;

    public ConsoleRoleRestrictor(ConsoleAudit audit) {
        this.audit = audit;
    }

    @Override
    public boolean isTypeAllowed(RequestType type) {
        return VIEWER_TYPES.contains(type) ? mayLook() : mayAct();
    }

    // Jolokia 2 asks isTypeAllowed only for list and search: reads, writes and operations are checked here

    @Override
    public boolean isAttributeReadAllowed(ObjectName name, String attribute) {
        return mayLook() && !(RUNTIME.equals(name) && HIDDEN_RUNTIME_ATTRIBUTES.contains(attribute));
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        String refusal = !mayAct() ? "refused: the operator role is needed"
                : !CERTSYNC_DOMAIN.equals(name.getDomain()) ? "refused: the console writes CertSync's attributes only"
                : overPost();
        audit.record("set" + attribute, "on " + name, refusal == null ? "allowed" : refusal);
        return refusal == null;
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        String operationName = operation.contains("(") ? operation.substring(0, operation.indexOf('(')) : operation;
        if (isView(name, operation, operationName)) return mayLook();
        boolean certsync = CERTSYNC_DOMAIN.equals(name.getDomain());
        boolean route = isRoute(name) && ROUTE_OPERATIONS.contains(operationName);
        String refusal = !mayAct() ? "refused: the operator role is needed"
                : !certsync && !route ? "refused: the console runs CertSync's operations and route start/stop only"
                : overPost();
        // CertSync's MBean audits its own operations with their outcome
        if (refusal != null || !certsync) audit.record(operationName, "on " + name, refusal == null ? "allowed" : refusal);
        return refusal == null;
    }

    /** All methods pass here: {@link #overPost()} keeps operations and writes off GET. */
    @Override
    public boolean isHttpMethodAllowed(HttpMethod method) {
        return true;
    }

    /** Spring Security decides who reaches Jolokia at all. */
    @Override
    public boolean isRemoteAccessAllowed(String... hostOrAddress) {
        return true;
    }

    /**
     * Strict origin checks pass (Spring Security and CSRF guard the requests); CORS headers are never sent,
     * so pages of other origins cannot read Jolokia's answers.
     */
    @Override
    public boolean isOriginAllowed(String origin, boolean onlyWhenStrictCheckingIsEnabled) {
        return onlyWhenStrictCheckingIsEnabled;
    }

    @Override
    public boolean isObjectNameHidden(ObjectName name) {
        return false;
    }

    private static boolean isView(ObjectName name, String operation, String operationName) {
        return CAMEL_DOMAIN.equals(name.getDomain())
                && (CAMEL_VIEWS.contains(operationName) || CAMEL_VIEWS_WITHOUT_ARGUMENTS.contains(operation));
    }

    private static boolean isRoute(ObjectName name) {
        return CAMEL_DOMAIN.equals(name.getDomain()) && "routes".equals(name.getKeyProperty("type"));
    }

    /** Null when the request came by POST; GET requests are not covered by CSRF protection, so they may only look. */
    private static String overPost() {
        HttpServletRequest request = RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet
                ? servlet.getRequest() : null;
        return request != null && "POST".equals(request.getMethod()) ? null
                : "refused: operations and writes only over POST";
    }

    private static boolean mayLook() {
        return has(ConsoleRole.VIEWER) || has(ConsoleRole.OPERATOR);
    }

    private static boolean mayAct() {
        return has(ConsoleRole.OPERATOR);
    }

    private static boolean has(ConsoleRole role) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority).anyMatch(role.authority()::equals);
    }

    private static ObjectName objectName(String name) {
        try {
            return new ObjectName(name);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
