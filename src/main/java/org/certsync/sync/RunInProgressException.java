package org.certsync.sync;

/** A run was triggered while another one is still going; the new trigger is skipped. */
public class RunInProgressException extends RuntimeException {

    public RunInProgressException(String trigger, String runningId) {
        super("sync triggered by " + trigger + " skipped: run " + runningId + " is still in progress");
    }
}
