package org.certsync.sync;

/** A run was triggered while another one is still going; the new trigger is skipped. */
public class RunInProgressException extends RuntimeException {

    /** @param running which run is in the way, e.g. "run 4f… on node b is still in progress" */
    public RunInProgressException(String trigger, String running) {
        super("sync triggered by " + trigger + " skipped: " + running);
    }
}
