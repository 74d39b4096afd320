package org.certsync.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;

import org.certsync.directory.DirectoryUser;
import org.certsync.state.PageState;
import org.certsync.state.Publication;
import org.certsync.state.SynchronizedRecipients;

/**
 * Which path a user's certificates take: published to Exchange Online (the recipient is mastered there), or cleaned in
 * the directory for Entra Connect to carry (the recipient is synchronized from on-premises AD, where Exchange Online
 * refuses cloud-side writes). A recipient is on the directory path when its entry is in a configured unit, or when a
 * write to it was refused less than {@code recheck-after} ago; then the run sends it no write that would fail.
 */
public class RecipientPaths {

    /** The path of a recipient synchronized from on-premises: its certificates reach Exchange Online from the directory. */
    public static final String DIRECTORY = "directory";
    /** The path of a recipient mastered in the cloud: CertSync writes its certificates to Exchange Online. */
    public static final String EXCHANGE_ONLINE = "exchange-online";

    /** How a run found a recipient on the directory path. */
    public record DirectoryPath(String recipient, String source, String detail) {
    }

    private final List<LdapName> synchronizedUnits;
    private final Duration recheckAfter;
    private final SynchronizedRecipients store;
    private final Clock clock;

    public RecipientPaths(HybridSettings settings, SynchronizedRecipients store, Clock clock) {
        this.synchronizedUnits = settings.units();
        this.recheckAfter = settings.recheckAfter();
        this.store = store;
        this.clock = clock;
    }

    /** The user's recipient is on the directory path: a write to Exchange Online would be refused. */
    public boolean onDirectoryPath(DirectoryUser user, PageState page) {
        return directoryPath(user, page).isPresent();
    }

    /**
     * Why the user's recipient is on the directory path; empty when its certificates go to Exchange Online.
     *
     * @param page the page's state; null outside a page (entries sharing an address), then the store is asked
     */
    public Optional<DirectoryPath> directoryPath(DirectoryUser user, PageState page) {
        String recipient = Publication.recipient(user.mail());
        if (recipient == null) return Optional.empty();
        Optional<LdapName> unit = unitOf(user.dn());
        if (unit.isPresent()) {
            return Optional.of(new DirectoryPath(recipient, SynchronizedRecipients.CONFIGURED,
                    "its entry is in " + unit.get() + " (certsync.hybrid.synchronized-units)"));
        }
        return (page == null ? store.find(recipient) : page.synchronizedFromOnPremises(recipient))
                .filter(found -> SynchronizedRecipients.REFUSED.equals(found.source()))
                .filter(found -> found.checkedAt().plus(recheckAfter).isAfter(clock.instant()))
                .map(found -> new DirectoryPath(recipient, SynchronizedRecipients.REFUSED,
                        "Exchange Online refused a write to it (synchronized from on-premises) since " + found.detectedAt()
                                + "; tried again after " + found.checkedAt().plus(recheckAfter)));
    }

    /**
     * The path a recipient takes as far as CertSync knows it: {@value #DIRECTORY} when its entry is in a configured
     * unit now, or a write to it was refused and none has gone through since (also past the recheck, which only
     * decides when to try again), else {@value #EXCHANGE_ONLINE}; null without a recipient.
     */
    public String pathOf(String recipient, String dn) {
        if (recipient == null) return null;
        boolean refused = store.find(recipient).filter(found -> SynchronizedRecipients.REFUSED.equals(found.source())).isPresent();
        return unitOf(dn).isPresent() || refused ? DIRECTORY : EXCHANGE_ONLINE;
    }

    private Optional<LdapName> unitOf(String dn) {
        if (synchronizedUnits.isEmpty() || dn == null) return Optional.empty();
        try {
            LdapName name = new LdapName(dn);
            return synchronizedUnits.stream().filter(name::startsWith).findFirst();
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }
}
