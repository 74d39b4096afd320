package org.certsync.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPURL;

import org.certsync.testsupport.TestDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.certsync.testsupport.IntegrationServer;
import org.certsync.testsupport.RequiresServer;

/** Reading AD's deleted objects; a server that has none to show says so instead of answering "nobody was deleted". */
class DeletedEntriesTest {

    private static final TestDirectory NOT_AD = TestDirectory.start();

    @AfterAll
    static void stop() {
        NOT_AD.stop();
    }

    @Test
    void aServerWithoutDeletedObjectsIsAnErrorNotAnEmptyAnswer() {
        DeletedEntries deletions = new DeletedEntries(connection(NOT_AD.url(), TestDirectory.BIND_DN, TestDirectory.PASSWORD), 100);

        assertThatThrownBy(() -> deletions.deletedAfter("10")).isInstanceOf(DirectoryUnavailableException.class)
                .hasMessageContaining("certsync.ldap.url=" + NOT_AD.url()).hasMessageContaining("defaultNamingContext");
    }

    @Test
    @RequiresServer(IntegrationServer.ACTIVE_DIRECTORY)
    void anObjectDeletedAfterTheMarkIsFoundByItsObjectGuid() throws Exception {
        String url = System.getenv("CERTSYNC_TEST_AD_URL");
        DirectoryConnection ad = connection(url, System.getenv("CERTSYNC_TEST_AD_BIND_DN"), System.getenv("CERTSYNC_TEST_AD_PASSWORD"));
        String mark = new ChangeMarks(ad, java.time.Clock.systemUTC()).now(ChangeMarks.Requested.USN).mark();
        assertThat(new DeletedEntries(ad, 100).deletedAfter(mark)).isEmpty();

        LDAPURL ldapUrl = new LDAPURL(url);
        try (LDAPConnection admin = new LDAPConnection(ldapUrl.getHost(), ldapUrl.getPort(),
                System.getenv("CERTSYNC_TEST_AD_BIND_DN"), System.getenv("CERTSYNC_TEST_AD_PASSWORD"))) {
            String dn = "OU=deleted-" + UUID.randomUUID() + "," + admin.getRootDSE().getAttributeValue("defaultNamingContext");
            admin.add(dn, new Attribute("objectClass", "organizationalUnit"));
            String guid = DirectoryEntries.guidString(admin.getEntry(dn, "objectGUID").getAttributeValueBytes("objectGUID"));
            admin.delete(dn);

            assertThat(new DeletedEntries(ad, 100).deletedAfter(mark)).containsExactly(guid);
        }
    }

    private static DirectoryConnection connection(String url, String bindDn, String password) {
        return new DirectoryConnection(new LdapSettings(url, bindDn, password, "dc=unused", "(objectClass=*)", 100, null,
                null, Duration.ofSeconds(5), Duration.ofSeconds(10)), url);
    }
}
