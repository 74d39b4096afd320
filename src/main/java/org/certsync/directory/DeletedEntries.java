package org.certsync.directory;

import org.certsync.FailureMessages;

import java.util.ArrayList;
import java.util.List;

import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.naming.ldap.BasicControl;
import javax.naming.ldap.LdapContext;

/**
 * Active Directory keeps deleted objects for a while (tombstones, or the recycle bin) with {@code isDeleted=TRUE}
 * and a new {@code uSNChanged}; the show-deleted control lets a search see them. A delta run uses them to clear the
 * recipients of users deleted since the last read, without waiting for the full reconcile.
 * <p>
 * By default only administrators may list {@code CN=Deleted Objects}; for any other bind user AD answers with no
 * entries rather than an error. The full reconcile clears those users anyway.
 */
public class DeletedEntries {

    /** LDAP_SERVER_SHOW_DELETED_OID. */
    static final String SHOW_DELETED = "1.2.840.113556.1.4.417";

    private final DirectoryConnection connection;
    private final int pageSize;

    public DeletedEntries(DirectoryConnection connection, int pageSize) {
        this.connection = connection;
        this.pageSize = pageSize;
    }

    /** The objectGUIDs of the objects deleted in the domain after {@code usn} (any class: they are matched later). */
    public List<String> deletedAfter(String usn) {
        LdapContext context = connection.open();
        try {
            Attribute domain = context.getAttributes("", new String[]{"defaultNamingContext"}).get("defaultNamingContext");
            if (domain == null) {
                throw new DirectoryUnavailableException("the server at certsync.ldap.url=" + connection.url()
                        + " shows no defaultNamingContext in its rootDSE: not Active Directory, no deleted objects to read");
            }
            SearchControls controls = new SearchControls();
            controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
            controls.setReturningAttributes(new String[]{"objectGUID"});
            PagedSearch search = new PagedSearch(context, domain.get().toString(),
                    "(&(isDeleted=TRUE)(uSNChanged>=" + (Long.parseLong(usn) + 1) + "))", controls, pageSize,
                    new BasicControl(SHOW_DELETED, true, null));
            List<String> ids = new ArrayList<>();
            while (search.hasNext()) {
                for (SearchResult result : search.next()) {
                    Attribute guid = result.getAttributes().get("objectGUID");
                    if (guid != null && guid.get() instanceof byte[] bytes && bytes.length == 16) {
                        ids.add(DirectoryEntries.guidString(bytes));
                    }
                }
            }
            return ids;
        } catch (DirectoryUnavailableException e) {
            if (e.getCause() == null) throw e;
            throw new DirectoryUnavailableException("cannot read the deleted objects of the domain at certsync.ldap.url="
                    + connection.url() + ": " + FailureMessages.describe(e.getCause()), e);
        } catch (NamingException e) {
            throw new DirectoryUnavailableException("cannot read the deleted objects of the domain at certsync.ldap.url="
                    + connection.url() + ": " + FailureMessages.describe(e), e);
        } finally {
            DirectoryConnection.close(context);
        }
    }
}
