package org.certsync.directory;

import java.util.Iterator;
import java.util.List;

import org.apache.camel.Exchange;

/**
 * Route glue for a streamed read: directory-read starts it and keeps it in the exchange property
 * {@link DirectoryRead#PROPERTY}; sync-run's streaming split then pulls its pages.
 */
public class DirectoryReads {

    private final DirectoryEntries entries;

    public DirectoryReads(DirectoryEntries entries) {
        this.entries = entries;
    }

    /** Starts the run's read from the search; answers its first page of users (empty: nobody in scope). */
    public List<DirectoryUser> begin(PagedSearch search, Exchange exchange) {
        DirectoryRead read = new DirectoryRead(search, entries);
        exchange.setProperty(DirectoryRead.PROPERTY, read);
        return read.firstPage();
    }

    /**
     * Every user a small search finds (the entries of one address), all pages. An entry that cannot be read fails
     * the whole answer: judged without it, the address would lose that entry's certificates.
     */
    public List<DirectoryUser> all(PagedSearch search) {
        List<DirectoryUser> users = new java.util.ArrayList<>();
        try (search) {
            while (search.hasNext()) {
                users.addAll(entries.toUsers(search.next(), dropped -> {
                    throw new IllegalStateException("directory entry " + dropped.dn() + " cannot be read: " + dropped.cause());
                }));
            }
        }
        return users;
    }

    /** The pages of the run's read, the first one included, fetched as the split asks for them. */
    public Iterator<List<DirectoryUser>> pages(Exchange exchange) {
        DirectoryRead read = exchange.getProperty(DirectoryRead.PROPERTY, DirectoryRead.class);
        if (read == null) throw new IllegalStateException("no directory read in this exchange: call direct:directory-read first");
        return read.pages();
    }
}
