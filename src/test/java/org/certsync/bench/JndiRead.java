package org.certsync.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.naming.ldap.Control;
import javax.naming.ldap.InitialLdapContext;
import javax.naming.ldap.LdapContext;
import javax.naming.ldap.PagedResultsControl;
import javax.naming.ldap.PagedResultsResponseControl;

import org.certsync.directory.DirectoryEntries;

/**
 * The Java baseline of a full read: CertSync's paged search through the client CertSync reads with (JNDI's LDAP
 * provider, with the environment of {@code DirectoryConnection} and the request of {@code PagedSearch}: a new bound
 * connection, a critical paged-results control, each page collected into a list), in the harness's JVM and doing
 * nothing else with the entries; or only turning each page into users with the product's
 * {@link DirectoryEntries#toUsers}. What a full reconcile takes beyond this is CertSync's own work. Written out here
 * rather than calling {@code PagedSearch}, so that the read-only yardstick stays put while the product's read changes.
 * The caller warms the JIT up first: these figures compare with a service whose JIT is warm.
 */
final class JndiRead {

    /**
     * One read.
     *
     * @param seconds    connection, bind and every page, wall time
     * @param cpuSeconds CPU time of the harness's JVM meanwhile (the read's threads, JIT, GC; the idle simulator)
     * @param entries    entries returned; with the conversion, users made of them (an entry that cannot be made a
     *                   user fails the read)
     */
    record Result(double seconds, double cpuSeconds, long entries) {
    }

    /** The attributes JNDI hands out as bytes, as CertSync asks ({@code DirectoryConnection.BINARY_ATTRIBUTES}). */
    private static final String BINARY_ATTRIBUTES = "objectGUID invocationId userCertificate userSMIMECertificate";

    private JndiRead() {
    }

    /** Reads every user of the bench directory; with {@code toUsers}, each page also goes through the product's conversion. */
    static Result run(String url, int pageSize, String returnedAttributes, boolean toUsers)
            throws NamingException, IOException {
        DirectoryEntries entries = new DirectoryEntries();
        Duration cpuBefore = CertSyncRun.harnessCpu();
        long started = System.nanoTime();
        long count = 0;
        LdapContext context = new InitialLdapContext(environment(url), null);
        try {
            SearchControls controls = new SearchControls();
            controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
            controls.setReturningAttributes(returnedAttributes.split(","));
            byte[] cookie = null;
            do {
                context.setRequestControls(new Control[]{new PagedResultsControl(pageSize, cookie, Control.CRITICAL)});
                List<SearchResult> page = new ArrayList<>();
                NamingEnumeration<SearchResult> results = context.search(BenchDirectory.PEOPLE, BenchDirectory.USER_FILTER, controls);
                while (results.hasMore()) page.add(results.next());
                count += toUsers ? entries.toUsers(page, dropped -> {
                    throw new IllegalStateException("entry " + dropped.dn() + " cannot be read: " + dropped.cause());
                }).size() : page.size();
                cookie = cookie(context.getResponseControls());
            } while (cookie != null);
        } finally {
            context.close();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Result(seconds, CertSyncRun.harnessCpu().minus(cpuBefore).toMillis() / 1e3, count);
    }

    private static Hashtable<String, Object> environment(String url) {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, url);
        env.put("java.naming.ldap.attributes.binary", BINARY_ATTRIBUTES);
        // the product's default timeouts: with a read timeout JNDI waits for each answer differently
        env.put("com.sun.jndi.ldap.connect.timeout", "10000");
        env.put("com.sun.jndi.ldap.read.timeout", "60000");
        env.put(Context.REFERRAL, "ignore");
        env.put(Context.SECURITY_AUTHENTICATION, "simple");
        env.put(Context.SECURITY_PRINCIPAL, BenchDirectory.BIND_DN);
        env.put(Context.SECURITY_CREDENTIALS, BenchDirectory.BIND_PASSWORD);
        return env;
    }

    private static byte[] cookie(Control[] response) {
        if (response != null) {
            for (Control control : response) {
                if (control instanceof PagedResultsResponseControl paged) {
                    byte[] next = paged.getCookie();
                    return next == null || next.length == 0 ? null : next;
                }
            }
        }
        return null;
    }
}
