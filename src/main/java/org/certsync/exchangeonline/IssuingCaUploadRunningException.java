package org.certsync.exchangeonline;

/** An issuing CA upload was started while another one runs (on this node or another); the new one does nothing. */
public class IssuingCaUploadRunningException extends RuntimeException {

    public IssuingCaUploadRunningException(String trigger) {
        super("an issuing-CA upload is already running; the one started by " + trigger + " did nothing");
    }
}
