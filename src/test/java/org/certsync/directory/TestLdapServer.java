package org.certsync.directory;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultReference;

/**
 * An LDAP server on loopback with generated users, some without mail and some in a nested unit; like AD, it answers
 * every search with a reference to a partition held by another server. It counts search
 * requests below its base (one per page), can fail a chosen one, as a server that goes away in the middle of a read, and can find
 * nobody.
 */
public final class TestLdapServer {

    public static final String BASE = "dc=corp,dc=example";
    public static final String PEOPLE = "ou=people," + BASE;
    public static final String BIND_DN = "cn=reader," + BASE;
    public static final String PASSWORD = "reader-secret";
    public static final String USER_FILTER = "(objectClass=user)";
    /** A unit held by another server: searching below it gets a referral, searching elsewhere a reference to it. */
    public static final String ELSEWHERE = "ou=elsewhere," + PEOPLE;
    private static final String OTHER_SERVER = "ldap://dc2.corp.example/" + ELSEWHERE;

    private final InMemoryDirectoryServer server;
    private final AtomicInteger searchRequests = new AtomicInteger();
    private volatile int failingRequest;
    private volatile boolean findsNobody;
    private int users;
    private int withoutMail;

    private TestLdapServer(InMemoryDirectoryServerConfig config) throws LDAPException {
        config.addInMemoryOperationInterceptor(new InMemoryOperationInterceptor() {
            @Override
            public void processSearchRequest(InMemoryInterceptedSearchRequest request) throws LDAPException {
                // the rootDSE (read before each run for the delta position) is not part of the user search
                if (request.getRequest().getBaseDN().isEmpty()) return;
                if (searchRequests.incrementAndGet() == failingRequest) {
                    throw new LDAPException(ResultCode.UNAVAILABLE, "the test server is going away");
                }
                if (request.getRequest().getBaseDN().equalsIgnoreCase(ELSEWHERE)) {
                    throw new LDAPException(ResultCode.REFERRAL, "held by another server", null, new String[]{OTHER_SERVER});
                }
                // as AD at a domain's root: a reference to another partition with every page, whatever JNDI asked
                request.sendSearchReference(new SearchResultReference(new String[]{OTHER_SERVER}, new Control[0]));
                if (findsNobody) {
                    SearchRequest nobody = request.getRequest().duplicate();
                    nobody.setFilter(Filter.createEqualityFilter("cn", "nobody"));
                    request.setRequest(nobody);
                }
            }
        });
        server = new InMemoryDirectoryServer(config);
    }

    public static TestLdapServer start() {
        try {
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
            config.setSchema(null);
            config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
            config.addAdditionalBindCredentials(BIND_DN, PASSWORD);
            TestLdapServer test = new TestLdapServer(config);
            test.server.add(new Entry(BASE, new Attribute("objectClass", "domain"), new Attribute("dc", "corp")));
            test.server.add(new Entry(PEOPLE, new Attribute("objectClass", "organizationalUnit"), new Attribute("ou", "people")));
            test.server.add(new Entry("ou=lab," + PEOPLE, new Attribute("objectClass", "organizationalUnit"), new Attribute("ou", "lab")));
            test.server.startListening();
            return test;
        } catch (LDAPException e) {
            throw new IllegalStateException("cannot start the test LDAP server", e);
        }
    }

    /** Adds users; every tenth has no mail, every hundredth lives in ou=lab below ou=people. */
    public void addUsers(int count) {
        try {
            for (int i = 0; i < count; i++) {
                int n = users++;
                String cn = "user%06d".formatted(n);
                Entry entry = new Entry("cn=" + cn + "," + (n % 100 == 50 ? "ou=lab," : "") + PEOPLE,
                        new Attribute("objectClass", "user"), new Attribute("cn", cn),
                        new Attribute("userCertificate;binary", new byte[]{1, (byte) n}));
                if (n % 10 == 3) withoutMail++;
                else entry.addAttribute("mail", cn + "@corp.example");
                server.add(entry);
            }
        } catch (LDAPException e) {
            throw new IllegalStateException("cannot add test users", e);
        }
    }

    public int usersWithoutMail() {
        return withoutMail;
    }

    /** The mail of a user in the nested unit. */
    public String userInNestedUnit() {
        return "user000050@corp.example";
    }

    public int searchRequests() {
        return searchRequests.get();
    }

    /** The search request with this number (counted since start) is answered "unavailable"; 0 fails none. */
    public void failSearchRequest(int number) {
        failingRequest = number;
    }

    /** Every search finds nobody, as with a wrong base DN or a bind account without read rights. */
    public void findNobody(boolean nobody) {
        findsNobody = nobody;
    }

    public String url() {
        return "ldap://127.0.0.1:" + server.getListenPort();
    }

    public DirectoryConnection connection() {
        return new DirectoryConnection(new LdapSettings(url(), BIND_DN, PASSWORD, BASE, USER_FILTER, 100, null, null,
                Duration.ofSeconds(5), Duration.ofSeconds(5)), url());
    }

    public void stop() {
        server.shutDown(true);
    }
}
