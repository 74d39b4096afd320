package org.certsync.exchangeonline;

/**
 * Exchange Online refused or failed one recipient's publish, or a cmdlet of the organization's configuration; the
 * message tells the admin what to do.
 */
public class PublishFailedException extends RuntimeException {

    private final InvokeCommandOutcome outcome;

    /** @param identity the recipient, or null for a cmdlet of the organization's configuration (Set-SmimeConfig) */
    public PublishFailedException(String identity, String cmdlet, InvokeCommandOutcome outcome) {
        super(cmdlet + (identity == null ? "" : " " + identity) + " failed (HTTP " + outcome.status() + ", "
                + outcome.kind() + "): " + outcome.explanation());
        this.outcome = outcome;
    }

    public InvokeCommandOutcome outcome() {
        return outcome;
    }
}
