package org.certsync.sync;

import java.util.List;

import org.certsync.directory.ChangeMark;
import org.certsync.state.DeltaCursor;

/**
 * What one run reads: everything (full) or the changes since the last complete read plus the users to read again
 * (delta), and where the cursor moves when the run completes.
 *
 * @param full       true for a full read; only full reads clear recipients that left the scope
 * @param reason     why the run reads everything; null for a delta
 * @param filter     the LDAP filter of the read
 * @param next       the cursor position to store when the run completes
 * @param revisits   the users the cursor asked to read again; done once the run completes
 * @param deleted    users deleted from the directory since the last read (Active Directory's deleted objects; only in
 *                   a delta, a full read sees who is gone by itself)
 */
public record ReadPlan(boolean full, String reason, String filter, DeltaCursor.Position next, List<String> revisits,
                       List<String> deleted) {

    public String mode() {
        return full ? "full" : "delta";
    }
}
