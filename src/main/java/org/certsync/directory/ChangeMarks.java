package org.certsync.directory;

import org.certsync.FailureMessages;

import java.time.Clock;

import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.ldap.LdapContext;

/**
 * Reads where the directory stands now, before a read begins. Active Directory shows it in the rootDSE
 * ({@code highestCommittedUSN}, and {@code dsServiceName} whose {@code invocationId} identifies the domain
 * controller's database); any other server is tracked by {@code modifyTimestamp} from this host's clock.
 */
public class ChangeMarks {

    /** {@code certsync.delta.tracking}: auto picks USN when the rootDSE has highestCommittedUSN. */
    public enum Requested { AUTO, USN, MODIFY_TIMESTAMP }

    private final DirectoryConnection connection;
    private final Clock clock;

    public ChangeMarks(DirectoryConnection connection, Clock clock) {
        this.connection = connection;
        this.clock = clock;
    }

    public ChangeMark now(Requested requested) {
        String started = clock.instant().toString();
        if (requested == Requested.MODIFY_TIMESTAMP) {
            return new ChangeMark(ChangeTracking.MODIFY_TIMESTAMP, null, connection.url(), started);
        }
        LdapContext context = connection.open();
        try {
            Attributes root = context.getAttributes("", new String[]{"highestCommittedUSN", "dsServiceName"});
            String usn = string(root.get("highestCommittedUSN"));
            String service = string(root.get("dsServiceName"));
            if (usn == null || service == null) {
                if (requested == Requested.USN) {
                    throw new DirectoryUnavailableException("certsync.delta.tracking=usn, but the server at certsync.ldap.url="
                            + connection.url() + " shows no highestCommittedUSN/dsServiceName in its rootDSE (not Active"
                            + " Directory?): use auto or modify-timestamp");
                }
                return new ChangeMark(ChangeTracking.MODIFY_TIMESTAMP, null, connection.url(), started);
            }
            Attribute invocation = context.getAttributes(service, new String[]{"invocationId"}).get("invocationId");
            if (invocation == null || !(invocation.get() instanceof byte[] id) || id.length != 16) {
                throw new DirectoryUnavailableException("the domain controller at certsync.ldap.url=" + connection.url()
                        + " does not show the invocationId of " + service + " to the bind user (certsync.ldap.bind-dn)");
            }
            return new ChangeMark(ChangeTracking.USN, DirectoryEntries.guidString(id), service, usn);
        } catch (NamingException e) {
            throw new DirectoryUnavailableException("cannot read the rootDSE of certsync.ldap.url=" + connection.url()
                    + " to find the directory's change position: " + FailureMessages.describe(e), e);
        } finally {
            DirectoryConnection.close(context);
        }
    }

    private static String string(Attribute attribute) throws NamingException {
        if (attribute == null || attribute.get() == null) return null;
        Object value = attribute.get();
        return value instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : value.toString();
    }
}
