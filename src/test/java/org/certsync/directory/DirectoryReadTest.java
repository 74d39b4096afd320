package org.certsync.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.naming.ldap.Control;
import javax.naming.ldap.LdapContext;
import javax.naming.ldap.PagedResultsControl;
import javax.naming.ldap.PagedResultsResponseControl;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reads an Active-Directory-shaped entry set from a real LDAP server over a socket. */
class DirectoryReadTest {

    private static final String BASE = "dc=corp,dc=example";
    private static final String BIND_DN = "cn=reader," + BASE;
    private static final byte[] GUID = {0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66,
            (byte) 0x88, (byte) 0x99, (byte) 0xaa, (byte) 0xbb, (byte) 0xcc, (byte) 0xdd, (byte) 0xee, (byte) 0xff};

    private static InMemoryDirectoryServer server;

    @BeforeAll
    static void startDirectory() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.setSchema(null);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", java.net.InetAddress.getLoopbackAddress(), 0, null));
        config.addAdditionalBindCredentials(BIND_DN, "reader-secret");
        server = new InMemoryDirectoryServer(config);
        server.add(new Entry(BASE, new Attribute("objectClass", "domain"), new Attribute("dc", "corp")));
        server.add(new Entry("cn=ad user," + BASE,
                new Attribute("objectClass", "user"),
                new Attribute("objectGUID", GUID),
                new Attribute("mail", "ad.user@corp.example"),
                new Attribute("userPrincipalName", "ad.user@corp.example"),
                new Attribute("proxyAddresses", "SMTP:ad.user@corp.example", "smtp:alias@corp.example"),
                new Attribute("userCertificate", new byte[][]{{1, 2, 3}, {4, 5, 6}}),
                new Attribute("userSMIMECertificate", new byte[]{7, 8, 9})));
        server.add(new Entry("cn=ldap user," + BASE,
                new Attribute("objectClass", "user"),
                new Attribute("mail", "ldap.user@corp.example"),
                new Attribute("userCertificate;binary", new byte[]{10, 11}),
                new Attribute("userSMIMECertificate;binary", new byte[]{12})));
        for (int i = 0; i < 25; i++) {
            server.add(new Entry("cn=bulk" + i + "," + BASE, new Attribute("objectClass", "user"),
                    new Attribute("mail", "bulk" + i + "@corp.example")));
        }
        server.startListening();
    }

    @AfterAll
    static void stopDirectory() {
        server.shutDown(true);
    }

    @Test
    void activeDirectoryEntryKeepsBinaryValuesAndObjectGuid() throws Exception {
        DirectoryUser user = read("(mail=ad.user@corp.example)").get(0);

        assertThat(user.id()).isEqualTo("00112233-4455-6677-8899-aabbccddeeff");
        assertThat(user.userPrincipalName()).isEqualTo("ad.user@corp.example");
        assertThat(user.proxyAddresses()).containsExactly("SMTP:ad.user@corp.example", "smtp:alias@corp.example");
        assertThat(user.userCertificate()).containsExactlyInAnyOrder(new byte[]{1, 2, 3}, new byte[]{4, 5, 6});
        assertThat(user.userSmimeCertificate()).containsExactly(new byte[]{7, 8, 9});
    }

    @Test
    void binaryOptionAttributeNamesAreReadAsTheBaseAttribute() throws Exception {
        DirectoryUser user = read("(mail=ldap.user@corp.example)").get(0);

        assertThat(user.userCertificate()).containsExactly(new byte[]{10, 11});
        assertThat(user.userSmimeCertificate()).containsExactly(new byte[]{12});
        // the in-memory server maintains entryUUID, the stable id outside AD
        assertThat(UUID.fromString(user.id())).isNotNull();
    }

    @Test
    void usersWithoutCertificatesArePartOfTheResult() throws Exception {
        assertThat(read("(mail=bulk*)")).hasSize(25)
                .allSatisfy(u -> assertThat(u.userCertificate()).isEmpty());
    }

    @Test
    void pagedSearchReturnsEveryPage() throws Exception {
        DirectoryConnection connection = connection("reader-secret");
        LdapContext context = connection.open();
        List<SearchResult> results = new ArrayList<>();
        int pages = 0;
        byte[] cookie = null;
        SearchControls controls = new SearchControls();
        controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
        do {
            context.setRequestControls(new Control[]{new PagedResultsControl(10, cookie, true)});
            var page = context.search(BASE, "(objectClass=user)", controls);
            while (page.hasMore()) results.add(page.next());
            pages++;
            cookie = null;
            for (Control control : context.getResponseControls()) {
                if (control instanceof PagedResultsResponseControl paged) cookie = paged.getCookie();
            }
        } while (cookie != null && cookie.length > 0);
        context.close();

        assertThat(pages).isEqualTo(3);
        assertThat(new DirectoryEntries().toUsers(results, dropped -> { throw new AssertionError(dropped.toString()); })).hasSize(27);
    }

    @Test
    void wrongPasswordNamesTheBindSettings() {
        assertThatThrownBy(() -> connection("wrong").open())
                .isInstanceOf(DirectoryUnavailableException.class)
                .hasMessageContaining("certsync.ldap.bind-dn")
                .hasMessageContaining("certsync.ldap.password")
                .hasMessageNotContaining("wrong");
    }

    @Test
    void unreachableServerNamesTheUrlSetting() {
        LdapSettings settings = settings("reader-secret");
        assertThatThrownBy(() -> new DirectoryConnection(settings, "ldap://127.0.0.1:1").open())
                .isInstanceOf(DirectoryUnavailableException.class)
                .hasMessageContaining("cannot reach the LDAP server at certsync.ldap.url=ldap://127.0.0.1:1");
    }

    @Test
    void malformedUrlNamesTheUrlSetting() {
        assertThatThrownBy(() -> new DirectoryConnection(settings("x"), "http://dc1").open())
                .isInstanceOf(DirectoryUnavailableException.class)
                .hasMessageContaining("certsync.ldap.url='http://dc1' is not a valid LDAP URL");
    }

    @Test
    void guidBytesFollowActiveDirectoryByteOrder() {
        byte[] bytes = ByteBuffer.allocate(16).put(GUID).array();
        assertThat(DirectoryEntries.guidString(bytes)).isEqualTo("00112233-4455-6677-8899-aabbccddeeff");
    }

    private static List<DirectoryUser> read(String filter) throws Exception {
        LdapContext context = connection("reader-secret").open();
        try {
            SearchControls controls = new SearchControls();
            controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
            controls.setReturningAttributes(DirectoryEntries.RETURNED_ATTRIBUTES.split(","));
            List<SearchResult> results = new ArrayList<>();
            var found = context.search(BASE, filter, controls);
            while (found.hasMore()) results.add(found.next());
            return new DirectoryEntries().toUsers(results, dropped -> { throw new AssertionError(dropped.toString()); });
        } finally {
            context.close();
        }
    }

    private static DirectoryConnection connection(String password) {
        return new DirectoryConnection(settings(password), "ldap://127.0.0.1:" + server.getListenPort());
    }

    private static LdapSettings settings(String password) {
        return new LdapSettings("ldap://unused", BIND_DN, password, BASE, "(objectClass=user)", 10, null, null,
                Duration.ofSeconds(5), Duration.ofSeconds(5));
    }
}
