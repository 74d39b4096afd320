package org.certsync.state;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Group commit: writers that arrive while a commit is under way are written together by the next one, in one
 * transaction, and each returns only once its own items are committed (or throws what failed their commit). With
 * several $batch requests answered at once, their records cost one commit instead of one each; a writer alone still
 * commits at once. Thread-safe.
 *
 * @param <T> what is written
 */
final class GroupCommit<T> {

    private final Consumer<List<T>> commit;
    /** Held by the writer that commits; the group is swapped only under it. */
    private final ReentrantLock committer = new ReentrantLock();
    private List<T> group = new ArrayList<>();
    private CompletableFuture<Void> groupDone = new CompletableFuture<>();

    /** @param commit writes a group in one transaction */
    GroupCommit(Consumer<List<T>> commit) {
        this.commit = commit;
    }

    /** Writes the items, with those of the writers waiting meanwhile; returns when they are committed. */
    void write(List<T> items) {
        if (items.isEmpty()) return;
        CompletableFuture<Void> done;
        synchronized (this) {
            group.addAll(items);
            done = groupDone;
        }
        committer.lock();
        try {
            // not done yet: the open group still holds these items, so this writer commits it, others' items included
            if (!done.isDone()) commitOpenGroup();
        } finally {
            committer.unlock();
        }
        try {
            done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) throw cause;
            throw e;
        }
    }

    private void commitOpenGroup() {
        List<T> items;
        CompletableFuture<Void> done;
        synchronized (this) {
            items = group;
            done = groupDone;
            group = new ArrayList<>();
            groupDone = new CompletableFuture<>();
        }
        try {
            commit.accept(items);
            done.complete(null);
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }
}
