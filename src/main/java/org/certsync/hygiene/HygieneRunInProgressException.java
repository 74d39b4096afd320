package org.certsync.hygiene;

/** A hygiene run was triggered while another one is still going; the new trigger is skipped. */
public class HygieneRunInProgressException extends RuntimeException {

    public HygieneRunInProgressException(String trigger, String running) {
        super("hygiene run triggered by " + trigger + " skipped: run " + running + " is still in progress");
    }
}
