package org.certsync.cluster;

import java.util.Optional;

/**
 * One issuing CA upload at a time, on every node of this tenant: an upload reads the tenant's store (Get-SmimeConfig),
 * merges and writes it whole (Set-SmimeConfig), so a second upload in between could undo the first one's merge.
 *
 * <p>Not the {@link RunLock}: that one stands for sync runs, records the last run and its report when given back and
 * drives the start-up run, and a sync of a large directory holds it for hours, which would refuse every upload
 * meanwhile; uploads and runs write different things (the organization's configuration, recipients) and need not
 * exclude each other.
 */
public interface IssuingCaUploadLock {

    /** The lock, held until the answer is closed; empty when another upload holds it (on this node or another). */
    Optional<Held> tryTake();

    /** A held lock; closing gives it back. */
    interface Held extends AutoCloseable {

        @Override
        void close();
    }
}
