package org.certsync.exchangeonline;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/** The Exchange Online recipient types that carry S/MIME certificates, each with the one Set-* cmdlet that modifies it. */
public enum RecipientType {
    USER_MAILBOX("UserMailbox", "Set-Mailbox"),
    MAIL_USER("MailUser", "Set-MailUser"),
    MAIL_CONTACT("MailContact", "Set-MailContact");

    private final String detailsName;
    private final String setCmdlet;

    RecipientType(String detailsName, String setCmdlet) {
        this.detailsName = detailsName;
        this.setCmdlet = setCmdlet;
    }

    /** The RecipientTypeDetails value Exchange reports, e.g. {@code MailUser}. */
    @JsonValue
    public String detailsName() {
        return detailsName;
    }

    /** The cmdlet that modifies this type, e.g. {@code Set-MailUser}. */
    public String setCmdlet() {
        return setCmdlet;
    }

    /** The type a Set-* cmdlet modifies; cmdlet names are case-insensitive as in PowerShell. */
    public static Optional<RecipientType> forSetCmdlet(String cmdlet) {
        return Arrays.stream(values()).filter(t -> t.setCmdlet.equalsIgnoreCase(cmdlet)).findFirst();
    }

    public static Optional<RecipientType> forDetailsName(String detailsName) {
        return Arrays.stream(values()).filter(t -> t.detailsName.equalsIgnoreCase(detailsName)).findFirst();
    }
}
