package org.certsync.directory;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The users in scope as one run reads them: an iterator of pages, each fetched from the server when the run's
 * streaming split asks for the next, so memory holds a page and not the directory. Pages without a user are passed
 * over. {@link #complete()} says whether the read reached the server's last page and used every entry on the way:
 * only then does a user missing from the read mean the user is gone.
 */
public final class UserPages implements Iterator<List<DirectoryUser>> {

    /** Exchange property holding the run's read, from directory-read to the end of sync-run. */
    public static final String PROPERTY = "certsyncDirectoryRead";
    /** Dropped entries named in full; beyond these only counted. */
    static final int DROPPED_NAMED = 100;

    private final PagedSearch search;
    private final DirectoryEntries entries;
    private final List<DirectoryEntries.DroppedEntry> dropped = new java.util.ArrayList<>();
    private int droppedCount;
    private long usersRead;
    private List<DirectoryUser> next;

    public UserPages(PagedSearch search, DirectoryEntries entries) {
        this.search = search;
        this.entries = entries;
    }

    /** Fetches pages until one holds a user or the search ends. */
    @Override
    public boolean hasNext() {
        while (next == null && search.hasNext()) {
            List<DirectoryUser> page = entries.toUsers(search.next(), this::drop);
            usersRead += page.size();
            if (!page.isEmpty()) next = page;
        }
        return next != null;
    }

    @Override
    public List<DirectoryUser> next() {
        if (!hasNext()) throw new NoSuchElementException("the directory read is over");
        List<DirectoryUser> page = next;
        next = null;
        return page;
    }

    /** True once the server's last page has been read without error and no entry was dropped. */
    public boolean complete() {
        return search.complete() && droppedCount == 0;
    }

    /** True once the server's last page has been read without error, whether or not an entry was dropped. */
    public boolean reachedEnd() {
        return search.complete();
    }

    /** The users fetched so far (Camel's streaming split fetches a page ahead of the one it works on). */
    public int usersRead() {
        return Math.toIntExact(usersRead);
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
}
