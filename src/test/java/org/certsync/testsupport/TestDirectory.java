package org.certsync.testsupport;

import java.net.InetAddress;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;

/** A small LDAP server on loopback for tests that point certsync.ldap.url at a directory of their own. */
public final class TestDirectory {

    public static final String BASE = "dc=test,dc=example";
    public static final String BIND_DN = "cn=certsync," + BASE;
    public static final String PASSWORD = "test-directory-password";

    private final InMemoryDirectoryServer server;
    private final int port;

    private TestDirectory(InMemoryDirectoryServer server) {
        this.server = server;
        this.port = server.getListenPort();
    }

    /** Listens on a fixed free port, so that {@link #stop()} and {@link #resume()} keep the URL. */
    public static TestDirectory start() {
        try {
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
            config.setSchema(null);
            config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap",
                    InetAddress.getLoopbackAddress(), FreePort.onLoopback(), null));
            config.addAdditionalBindCredentials(BIND_DN, PASSWORD);
            InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
            server.add(new Entry(BASE, new Attribute("objectClass", "domain"), new Attribute("dc", "test")));
            server.startListening();
            return new TestDirectory(server);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start test directory", e);
        }
    }

    public String url() {
        return "ldap://127.0.0.1:" + port;
    }

    public void add(Entry... entries) {
        try {
            for (Entry entry : entries) server.add(entry);
        } catch (LDAPException e) {
            throw new IllegalStateException("cannot add to the test directory", e);
        }
    }

    /** Stops listening and drops the connections: the directory server is down. */
    public void stop() {
        server.shutDown(true);
    }

    /** Listens again on the same port. */
    public void resume() {
        try {
            server.startListening();
        } catch (Exception e) {
            throw new IllegalStateException("cannot restart test directory on port " + port, e);
        }
    }

}
