package org.certsync.hygiene;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.net.SocketFactory;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.controls.PermissiveModifyRequestControl;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustStoreTrustManager;

import org.certsync.directory.DirectoryEntries;
import org.certsync.directory.LdapSettings;

/**
 * The directory writes of hygiene, with the UnboundID LDAP SDK: per user, on one connection, a read of the entry as
 * it is now (its id and the values of the attributes to change), then one modify that deletes (or, to restore, adds)
 * exactly the given values, never a replace, so a value written meanwhile by someone else survives. Sent with AD's
 * permissive-modify control: deleting a value already gone, or adding one already there, is no error. Same URL,
 * timeouts and TLS trust as CertSync's reads, but bound as the hygiene account of its own.
 */
public class HygieneWriter {

    private final LdapSettings ldap;
    private final String bindDn;
    private final String password;

    public HygieneWriter(LdapSettings ldap, String bindDn, String password) {
        this.ldap = ldap;
        this.bindDn = bindDn;
        this.password = password;
    }

    /** A connection bound as the hygiene account: the entry read right before its write, and the write. */
    public Session open() throws LDAPException {
        return new Session(connect());
    }

    /**
     * An entry as it is right before a write.
     *
     * @param userId its stable id, derived as the reads derive it (objectGUID, else entryUUID, else the DN)
     * @param values the values of the attributes asked for, by the name asked for
     */
    public record CurrentEntry(String userId, Map<String, List<byte[]>> values) {

        /** The attribute holds exactly these bytes now. */
        public boolean holds(String attribute, byte[] value) {
            return values.getOrDefault(attribute, List.of()).stream().anyMatch(v -> Arrays.equals(v, value));
        }
    }

    /** One connection for one entry's read and write, so that the write follows what was just read. */
    public static final class Session implements AutoCloseable {

        private final LDAPConnection connection;

        private Session(LDAPConnection connection) {
            this.connection = connection;
        }

        /** The entry at this DN with the values of these attributes (named as read); empty when there is none. */
        public Optional<CurrentEntry> read(String dn, Collection<String> attributes) throws LDAPException {
            List<String> asked = new ArrayList<>(List.of("objectGUID", "entryUUID"));
            asked.addAll(attributes);
            SearchResultEntry entry;
            try {
                entry = connection.getEntry(dn, asked.toArray(String[]::new));
            } catch (LDAPException e) {
                if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) return Optional.empty();
                throw e;
            }
            if (entry == null) return Optional.empty();
            Map<String, List<byte[]>> values = new LinkedHashMap<>();
            for (String attribute : attributes) {
                byte[][] bytes = entry.getAttributeValueByteArrays(attribute);
                values.put(attribute, bytes == null ? List.of() : List.of(bytes));
            }
            return Optional.of(new CurrentEntry(DirectoryEntries.userId(entry.getAttributeValueBytes("objectGUID"),
                    entry.getAttributeValue("entryUUID"), entry.getDN()), values));
        }

        /** Deletes these values (by attribute name as read) from the entry. */
        public void delete(String dn, Map<String, List<byte[]>> values) throws LDAPException {
            modify(dn, ModificationType.DELETE, values);
        }

        /** Adds these values (by attribute name as read) to the entry. */
        public void add(String dn, Map<String, List<byte[]>> values) throws LDAPException {
            modify(dn, ModificationType.ADD, values);
        }

        private void modify(String dn, ModificationType type, Map<String, List<byte[]>> values) throws LDAPException {
            List<Modification> modifications = new ArrayList<>();
            values.forEach((attribute, bytes) -> modifications.add(new Modification(type, attribute, bytes.toArray(byte[][]::new))));
            ModifyRequest request = new ModifyRequest(dn, modifications);
            request.addControl(new PermissiveModifyRequestControl());
            connection.modify(request);
        }

        @Override
        public void close() {
            connection.close();
        }
    }

    private LDAPConnection connect() throws LDAPException {
        LDAPURL url = new LDAPURL(ldap.url());
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(Math.toIntExact(ldap.connectTimeout().toMillis()));
        options.setResponseTimeoutMillis(ldap.readTimeout().toMillis());
        options.setFollowReferrals(false);
        // as JNDI does for the reads: the server's certificate must name the host
        options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
        LDAPConnection connection = new LDAPConnection(socketFactory(url), options, url.getHost(), url.getPort());
        try {
            connection.bind(bindDn, password);
            return connection;
        } catch (LDAPException e) {
            connection.close();
            throw e;
        }
    }

    /** LDAPS trusts certsync.ldap.trust-store when set, else the JVM's trust store, as the reads do. */
    private SocketFactory socketFactory(LDAPURL url) throws LDAPException {
        if (!"ldaps".equalsIgnoreCase(url.getScheme())) return SocketFactory.getDefault();
        try {
            String store = ldap.trustStore();
            SSLUtil ssl = store == null || store.isBlank() ? new SSLUtil(JVMDefaultTrustManager.getInstance())
                    : new SSLUtil(new TrustStoreTrustManager(store, ldap.trustStorePassword() == null ? null
                    : ldap.trustStorePassword().toCharArray(), store.endsWith(".jks") ? "JKS" : "PKCS12", true));
            return ssl.createSSLSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new LDAPException(ResultCode.LOCAL_ERROR, "cannot use certsync.ldap.trust-store=" + ldap.trustStore()
                    + " for LDAPS: " + e.getMessage(), e);
        }
    }
}
