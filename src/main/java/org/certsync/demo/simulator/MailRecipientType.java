package org.certsync.demo.simulator;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The recipient types the simulated organization holds, each changed by its own Set-* cmdlet. The simulator's own
 * vocabulary: it models the service and does not share the publisher's classes.
 */
public enum MailRecipientType {
    USER_MAILBOX("UserMailbox", "Set-Mailbox"),
    MAIL_USER("MailUser", "Set-MailUser"),
    MAIL_CONTACT("MailContact", "Set-MailContact");

    private final String detailsName;
    private final String setCmdlet;

    MailRecipientType(String detailsName, String setCmdlet) {
        this.detailsName = detailsName;
        this.setCmdlet = setCmdlet;
    }

    /** RecipientTypeDetails as Get-Recipient answers it. */
    @JsonValue
    public String detailsName() {
        return detailsName;
    }

    public String setCmdlet() {
        return setCmdlet;
    }

    /** The type a Set-* cmdlet changes; cmdlet names are case-insensitive as in PowerShell. */
    static Optional<MailRecipientType> changedBy(String cmdlet) {
        return Arrays.stream(values()).filter(t -> t.setCmdlet.equalsIgnoreCase(cmdlet)).findFirst();
    }
}
