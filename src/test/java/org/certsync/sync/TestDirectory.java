package org.certsync.sync;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;

/** A small LDAP server on loopback for tests that point certsync.ldap.url at a directory of their own. */
final class TestDirectory {

    static final String BASE = "dc=test,dc=example";
    static final String BIND_DN = "cn=certsync," + BASE;
    static final String PASSWORD = "test-directory-password";

    private final InMemoryDirectoryServer server;

    private TestDirectory(InMemoryDirectoryServer server) {
        this.server = server;
    }

    static TestDirectory start() {
        try {
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
            config.setSchema(null);
            config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap",
                    java.net.InetAddress.getLoopbackAddress(), 0, null));
            config.addAdditionalBindCredentials(BIND_DN, PASSWORD);
            InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
            server.add(new Entry(BASE, new Attribute("objectClass", "domain"), new Attribute("dc", "test")));
            server.startListening();
            return new TestDirectory(server);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start test directory", e);
        }
    }

    String url() {
        return "ldap://127.0.0.1:" + server.getListenPort();
    }
}
