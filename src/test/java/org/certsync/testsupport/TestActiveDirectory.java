package org.certsync.testsupport;

import java.util.List;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;

/**
 * The Active Directory domain controller of {@code CERTSYNC_TEST_AD_*} (.ci/samba-ad), bound as its administrator. A
 * test works in units of its own below the domain and removes them with all they hold, so the domain outlives it.
 */
public final class TestActiveDirectory implements AutoCloseable {

    private final LDAPConnection connection;
    private final String domainDn;

    private TestActiveDirectory(LDAPConnection connection) throws LDAPException {
        this.connection = connection;
        this.domainDn = connection.getRootDSE().getAttributeValue("defaultNamingContext");
    }

    public static TestActiveDirectory connect() throws LDAPException {
        LDAPURL url = new LDAPURL(System.getenv("CERTSYNC_TEST_AD_URL"));
        return new TestActiveDirectory(new LDAPConnection(url.getHost(), url.getPort(),
                System.getenv("CERTSYNC_TEST_AD_BIND_DN"), System.getenv("CERTSYNC_TEST_AD_PASSWORD")));
    }

    public LDAPConnection connection() {
        return connection;
    }

    /** Adds the unit {@code OU=<name>} below the domain; answers its DN. */
    public String addUnit(String name) throws LDAPException {
        String unit = "OU=" + name + "," + domainDn;
        connection.add(unit, new Attribute("objectClass", "organizationalUnit"));
        return unit;
    }

    /** Deletes the unit and everything in it, the deepest entries first. */
    public void removeUnit(String unit) throws LDAPException {
        List<String> dns = connection.search(unit, SearchScope.SUB, "(objectClass=*)").getSearchEntries().stream()
                .map(SearchResultEntry::getDN).sorted((a, b) -> b.length() - a.length()).toList();
        for (String dn : dns) connection.delete(dn);
    }

    @Override
    public void close() {
        connection.close();
    }
}
