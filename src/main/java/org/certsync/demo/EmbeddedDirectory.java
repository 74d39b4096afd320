package org.certsync.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchEntry;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/** The embedded demo directory: an UnboundID in-memory LDAP server on loopback, seeded with {@link DemoUsers}. */
public class EmbeddedDirectory implements DisposableBean {

    public static final String BASE_DN = "dc=demo,dc=certsync,dc=example";
    public static final String PEOPLE_DN = "ou=people," + BASE_DN;
    public static final String BIND_DN = "cn=certsync,ou=services," + BASE_DN;
    public static final String BIND_PASSWORD = "demo-directory-password";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDirectory.class);

    private final InMemoryDirectoryServer server;
    private final List<DemoUser> users;
    private final AtomicLong entriesSent = new AtomicLong();

    public EmbeddedDirectory(int port, List<DemoUser> users) {
        this.users = List.copyOf(users);
        try {
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE_DN);
            config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap",
                    java.net.InetAddress.getLoopbackAddress(), port, null));
            // AD attributes such as proxyAddresses are not in the standard schema
            config.setSchema(null);
            config.addAdditionalBindCredentials(BIND_DN, BIND_PASSWORD);
            config.addInMemoryOperationInterceptor(new InMemoryOperationInterceptor() {
                @Override
                public void processSearchEntry(InMemoryInterceptedSearchEntry entry) {
                    // the rootDSE (read for the delta position) is not a directory entry
                    if (!entry.getSearchEntry().getDN().isEmpty()) entriesSent.incrementAndGet();
                }
            });
            server = new InMemoryDirectoryServer(config);
            server.add(new Entry(BASE_DN, new Attribute("objectClass", "top", "domain"), new Attribute("dc", "demo")));
            server.add(new Entry(PEOPLE_DN, new Attribute("objectClass", "top", "organizationalUnit"), new Attribute("ou", "people")));
            for (DemoUser user : users) server.add(entry(user));
            server.startListening();
        } catch (LDAPException e) {
            throw new IllegalStateException("cannot start the embedded demo directory: " + e.getMessage(), e);
        }
        LOG.info("Embedded demo directory listening at {} (base {}, {} users)", url(), BASE_DN, users.size());
    }

    public String url() {
        return "ldap://127.0.0.1:" + server.getListenPort();
    }

    /** How many entries (not the rootDSE) the directory has sent in answer to searches: a delta run reads only the changed ones. */
    public long entriesSent() {
        return entriesSent.get();
    }

    public List<DemoUser> users() {
        return users;
    }

    public static String dn(String uid) {
        return "uid=" + uid + "," + PEOPLE_DN;
    }

    /** Adds a certificate value to a user, as a PKI would publish a renewal. */
    public void addValue(String uid, String attribute, byte[] value) {
        modify(uid, new Modification(ModificationType.ADD, attribute, value));
    }

    /** Replaces all values of an attribute; no value removes it. */
    public void replaceValues(String uid, String attribute, byte[]... values) {
        modify(uid, new Modification(ModificationType.REPLACE, attribute, values));
    }

    public void addUser(DemoUser user) {
        try {
            server.add(entry(user));
        } catch (LDAPException e) {
            throw new IllegalStateException("cannot add " + user.uid() + ": " + e.getMessage(), e);
        }
    }

    public void deleteUser(String uid) {
        try {
            server.delete(dn(uid));
        } catch (LDAPException e) {
            throw new IllegalStateException("cannot delete " + uid + ": " + e.getMessage(), e);
        }
    }

    private void modify(String uid, Modification modification) {
        try {
            server.modify(dn(uid), modification);
        } catch (LDAPException e) {
            throw new IllegalStateException("cannot modify " + uid + ": " + e.getMessage(), e);
        }
    }

    private static Entry entry(DemoUser user) {
        List<Attribute> attributes = new ArrayList<>();
        attributes.add(new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson"));
        attributes.add(new Attribute("uid", user.uid()));
        attributes.add(new Attribute("cn", user.uid()));
        attributes.add(new Attribute("sn", user.uid()));
        if (user.mail() != null) attributes.add(new Attribute("mail", user.mail()));
        attributes.add(new Attribute("userPrincipalName", user.uid() + "@" + DemoUsers.DOMAIN));
        if (!user.proxyAddresses().isEmpty()) attributes.add(new Attribute("proxyAddresses", user.proxyAddresses()));
        for (Map.Entry<String, List<byte[]>> values : user.values().entrySet()) {
            attributes.add(new Attribute(values.getKey(), values.getValue().toArray(byte[][]::new)));
        }
        return new Entry(dn(user.uid()), attributes);
    }

    @Override
    public void destroy() {
        server.shutDown(true);
    }
}
