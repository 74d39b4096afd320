package org.certsync.exchangeonline;

/** Exchange Online refused or failed one recipient's publish; the message tells the admin what to do. */
public class PublishFailedException extends RuntimeException {

    private final InvokeCommandOutcome outcome;

    public PublishFailedException(String identity, String cmdlet, InvokeCommandOutcome outcome) {
        super(cmdlet + " " + identity + " failed (HTTP " + outcome.status() + ", " + outcome.kind() + "): "
                + outcome.explanation());
        this.outcome = outcome;
    }

    public InvokeCommandOutcome outcome() {
        return outcome;
    }
}
