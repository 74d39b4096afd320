package org.certsync.exchangeonline;

/** A publish that may succeed when repeated: throttled, transient server failure, or a refused token. */
public class RetryablePublishException extends PublishFailedException {

    public RetryablePublishException(String identity, String cmdlet, InvokeCommandOutcome outcome) {
        super(identity, cmdlet, outcome);
    }
}
