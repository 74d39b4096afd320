package org.certsync.ops;

import java.util.EnumSet;
import java.util.Set;

import javax.management.ObjectName;

import org.jolokia.server.core.service.api.Restrictor;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Jolokia's access rules by console role: a viewer may read, list, search and ask the version; only an operator
 * may execute operations and write attributes. Jolokia picks up a {@link Restrictor} bean by itself and calls it
 * on the request's thread, where Spring Security has put the authenticated user.
 */
public class ConsoleRoleRestrictor implements Restrictor {

    private static final Set<RequestType> VIEWER_TYPES =
            EnumSet.of(RequestType.READ, RequestType.LIST, RequestType.SEARCH, RequestType.VERSION);
    /** Heap dumps and diagnostic commands reach every secret in memory and on disk: never from the console. */
    private static final String JVM_DIAGNOSTICS_DOMAIN = "com.sun.management";
    /** The command line and system properties may carry passwords given as -D or --certsync.* arguments. */
    private static final ObjectName RUNTIME = objectName("java.lang:type=Runtime");
    private static final Set<String> HIDDEN_RUNTIME_ATTRIBUTES = Set.of("SystemProperties", "InputArguments");

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
        return mayAct() && !JVM_DIAGNOSTICS_DOMAIN.equals(name.getDomain());
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        return mayAct() && !JVM_DIAGNOSTICS_DOMAIN.equals(name.getDomain());
    }

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
