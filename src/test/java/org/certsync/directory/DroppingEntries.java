package org.certsync.directory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.naming.NamingException;
import javax.naming.directory.SearchResult;

/** The directory's entries as CertSync reads them, except the ones a test names: those cannot be read. */
public class DroppingEntries extends DirectoryEntries {

    private final Set<String> unreadable = ConcurrentHashMap.newKeySet();

    public void makeUnreadable(String dn) {
        unreadable.add(dn.toLowerCase(java.util.Locale.ROOT));
    }

    public void reset() {
        unreadable.clear();
    }

    @Override
    DirectoryUser toUser(SearchResult result) throws NamingException {
        if (unreadable.contains(result.getNameInNamespace().toLowerCase(java.util.Locale.ROOT))) {
            throw new NamingException("objectGUID has 3 bytes");
        }
        return super.toUser(result);
    }
}
