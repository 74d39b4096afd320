package org.certsync.directory;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The users in scope as one run reads them: an iterator of pages, each fetched from the server when the run's
 * streaming split asks for it, so memory holds a page and not the directory. Pages without a user are passed over.
 * {@link #complete()} says whether the read reached the server's last page and used every entry on the way:
 * only then does a user missing from the read mean the user is gone.
 * <p>
 * Reads one page ahead: when a page is handed out, the next one is fetched (and turned into users) on a thread of its
 * own while the run works on this one, so the directory read and the run's work overlap on two cores. Memory then
 * holds two pages. A page that cannot be read fails {@link #next()}, which the run's split reports as a failed read.
 */
public final class UserPages<T> implements Iterator<List<T>> {

    /** Turns a page of search results into users, handing each entry it cannot use to {@code dropped}. */
    public interface PageDecoder<T> {
        List<T> decode(List<javax.naming.directory.SearchResult> results, java.util.function.Consumer<DirectoryEntries.DroppedEntry> dropped);
    }

    /** Exchange property holding the run's read, from directory-read to the end of sync-run. */
    public static final String PROPERTY = "certsyncDirectoryRead";
    /** Dropped entries named in full; beyond these only counted. */
    static final int DROPPED_NAMED = 100;

    private final PagedSearch search;
    private final PageDecoder<T> decoder;
    private final List<DirectoryEntries.DroppedEntry> dropped = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private final AtomicInteger droppedCount = new AtomicInteger();
    private final AtomicLong usersRead = new AtomicLong();
    /** A page fetched by {@link #hasNext()} and not handed out yet. */
    private List<T> next;
    /** The page being read ahead, if any. */
    private CompletableFuture<List<T>> ahead;

    public UserPages(PagedSearch search, PageDecoder<T> decoder) {
        this.search = search;
        this.decoder = decoder;
    }

    /**
     * True while a page is being read ahead (Camel's split asks right after each page, and must not wait for the
     * next one: it may turn out empty). Otherwise fetches pages until one holds a user or the search ends.
     */
    @Override
    public boolean hasNext() {
        if (ahead != null) return true;
        while (next == null && search.hasNext()) {
            List<T> page = fetch();
            if (!page.isEmpty()) next = page;
        }
        return next != null;
    }

    /** The next page (possibly empty when it was read ahead); the one after it starts being read. */
    @Override
    public List<T> next() {
        if (!hasNext()) throw new NoSuchElementException("the directory read is over");
        List<T> page;
        if (ahead != null) {
            page = received(ahead);
            ahead = null;
        } else {
            page = next;
            next = null;
        }
        // the search is only touched by one thread at a time: this one now, the read-ahead thread until it is done
        if (search.hasNext()) ahead = CompletableFuture.supplyAsync(this::fetch, UserPages::readAhead);
        return page;
    }

    private List<T> fetch() {
        List<T> page = decoder.decode(search.next(), this::drop);
        usersRead.addAndGet(page.size());
        return page;
    }

    private static <P> P received(CompletableFuture<P> page) {
        try {
            return page.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) throw cause;
            throw e;
        }
    }

    /** One short-lived thread per page read ahead: a run reads one page at a time, there is nothing to pool. */
    private static void readAhead(Runnable fetch) {
        Thread thread = new Thread(fetch, "certsync-directory-read-ahead");
        thread.setDaemon(true);
        thread.start();
    }

    /** True once the server's last page has been read without error and no entry was dropped. */
    public boolean complete() {
        return search.complete() && droppedCount.get() == 0;
    }

    /** True once the server's last page has been read without error, whether or not an entry was dropped. */
    public boolean reachedEnd() {
        return search.complete();
    }

    /** The users fetched so far (including a page read ahead). */
    public int usersRead() {
        return Math.toIntExact(usersRead.get());
    }

    /** How many entries could not be turned into users. */
    public int droppedCount() {
        return droppedCount.get();
    }

    /** The first {@value #DROPPED_NAMED} entries that could not be turned into users, with why. */
    public List<DirectoryEntries.DroppedEntry> dropped() {
        return List.copyOf(dropped);
    }

    private void drop(DirectoryEntries.DroppedEntry entry) {
        if (droppedCount.getAndIncrement() < DROPPED_NAMED) dropped.add(entry);
    }
}
