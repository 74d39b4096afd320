package org.certsync.directory;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The users in scope as one run reads them: page by page, while the sync works through them, so memory holds a few
 * pages and not the directory. {@link #complete()} says whether the read reached the server's last page and used every
 * entry on the way: only then does a user missing from the read mean the user is gone.
 */
public final class DirectoryRead {

    /** Exchange property holding the run's read, from directory-read to the end of sync-run. */
    public static final String PROPERTY = "certsyncDirectoryRead";

    /** Dropped entries named in full; beyond these only counted. */
    static final int DROPPED_NAMED = 100;

    private final PagedSearch search;
    private final DirectoryEntries entries;
    private final List<DirectoryEntries.DroppedEntry> dropped = new java.util.ArrayList<>();
    private int droppedCount;
    private List<DirectoryUser> firstPage;

    public DirectoryRead(PagedSearch search, DirectoryEntries entries) {
        this.search = search;
        this.entries = entries;
    }

    /**
     * The first page that holds a user, read now so that an unreadable or empty directory fails the run before
     * anything is published. Empty only when the whole search found no user.
     */
    public List<DirectoryUser> firstPage() {
        if (firstPage == null) firstPage = nextUsers();
        return firstPage;
    }

    /** The first page, then each further page as it is fetched; pages without users are left out. Once per read. */
    public Iterator<List<DirectoryUser>> pages() {
        return new Iterator<>() {
            private List<DirectoryUser> next = firstPage();

            @Override
            public boolean hasNext() {
                if (next == null) next = nextUsers();
                return !next.isEmpty();
            }

            @Override
            public List<DirectoryUser> next() {
                if (!hasNext()) throw new NoSuchElementException("the directory read is over");
                List<DirectoryUser> page = next;
                next = null;
                return page;
            }
        };
    }

    /** True once the server's last page has been read without error and no entry was dropped. */
    public boolean complete() {
        return search.complete() && droppedCount == 0;
    }

    /** True once the server's last page has been read without error, whether or not an entry was dropped. */
    public boolean reachedEnd() {
        return search.complete();
    }

    /** How many entries could not be turned into users. */
    public int droppedCount() {
        return droppedCount;
    }

    /** The first {@value #DROPPED_NAMED} entries that could not be turned into users, with why. */
    public List<DirectoryEntries.DroppedEntry> dropped() {
        return List.copyOf(dropped);
    }

    private void drop(DirectoryEntries.DroppedEntry entry) {
        if (droppedCount++ < DROPPED_NAMED) dropped.add(entry);
    }

    /** Reads pages until one holds a user, or the search ends (an empty list). */
    private List<DirectoryUser> nextUsers() {
        while (search.hasNext()) {
            List<DirectoryUser> page = entries.toUsers(search.next(), this::drop);
            if (!page.isEmpty()) return page;
        }
        return List.of();
    }
}
