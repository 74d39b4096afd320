package org.certsync.cluster;

import java.util.Optional;

/**
 * One task of a kind at a time, on every node: an issuing CA upload (it reads the tenant's store, merges and writes it
 * whole, so a second upload in between could undo the first one's merge), a directory hygiene run (two would plan and
 * write the same users).
 *
 * <p>Not the {@link RunLock}: that one stands for sync runs, records the last run and its report when given back and
 * drives the start-up run, and a sync of a large directory holds it for hours, which would refuse these tasks
 * meanwhile; they write other things than a sync (the organization's configuration, the directory) and need not
 * exclude it.
 */
public interface ExclusiveTaskLock {

    /** The lock, held until the answer is closed; empty when another task of its kind holds it (this node or another). */
    Optional<Held> tryTake();

    /** A held lock; closing gives it back. */
    interface Held extends AutoCloseable {

        @Override
        void close();
    }
}
