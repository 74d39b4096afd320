package org.certsync.hygiene;

/** A hygiene run was triggered while another one of the directory is still going; the new trigger is skipped. */
public class HygieneRunInProgressException extends RuntimeException {

    /** @param which the run in progress: this node's, or another node's */
    public HygieneRunInProgressException(String trigger, String which) {
        super("hygiene run triggered by " + trigger + " skipped: " + which);
    }
}
