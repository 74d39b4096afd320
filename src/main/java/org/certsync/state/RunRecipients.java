package org.certsync.state;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.certsync.directory.DirectoryUser;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a run knows of its recipients beyond the page at hand, kept in the run's {@link SeenRecipients} (memory), and
 * what lasts between runs about shared addresses (table shared_recipient). A user is entered as its page arrives,
 * before its certificates are judged: a user whose processing fails is still seen, and a full read clears only
 * recipients it did not see. A recipient that more than one directory entry carries is deferred: its entries are
 * read again by address after the last page and judged together, so that the recipient gets one desired set instead
 * of flipping between its entries' sets.
 */
public class RunRecipients {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final String tenant;
    private final PublishedState state;

    /** @param tenant the Exchange Online tenant whose runs these are */
    public RunRecipients(JdbcTemplate jdbc, Clock clock, String tenant, PublishedState state) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.tenant = tenant;
        this.state = state;
    }

    /**
     * Enters one page's users and answers those to judge now. Left out are the users of recipients that another
     * entry carries too, in this run (this page or an earlier one), at the recipient's last publish (another user
     * id, as the page's state says), or at its last read (see {@link #reread}): they wait for {@link #deferred}.
     */
    public List<DirectoryUser> enter(SeenRecipients seen, List<DirectoryUser> users, PageState state) {
        Set<String> shared = new HashSet<>();
        List<DirectoryUser> unjudged = new ArrayList<>();
        for (DirectoryUser user : users) {
            String recipient = Publication.recipient(user.mail());
            if (recipient == null) continue;
            if (seen.enter(recipient, user.id()) || state.sharedAtLastRead(recipient)) {
                shared.add(recipient);
            } else if (!judgedFor(user, state)) {
                unjudged.add(user);
            }
        }
        // a recipient with a judgement kept for this entry carries it for this entry (see JudgedRecipients): what the
        // others carry is read, in one query, unless they wait for directory-shared anyway
        List<DirectoryUser> toCheck = unjudged.stream()
                .filter(user -> !shared.contains(Publication.recipient(user.mail()))).toList();
        state.need(toCheck.stream().map(user -> Publication.recipient(user.mail())).toList());
        for (DirectoryUser user : toCheck) {
            String recipient = Publication.recipient(user.mail());
            if (state.published(recipient).filter(entry -> !entry.userId().equals(user.id())).isPresent()) {
                shared.add(recipient);
            }
        }
        if (shared.isEmpty()) return users;
        shared.forEach(seen::defer);
        return users.stream().filter(user -> !shared.contains(Publication.recipient(user.mail()))).toList();
    }

    private static boolean judgedFor(DirectoryUser user, PageState state) {
        return state.judged(Publication.recipient(user.mail())).filter(j -> j.userId().equals(user.id())).isPresent();
    }

    /**
     * The recipients to read again by address after the last page: those deferred by {@link #enter}, and the shared
     * ones of users the directory reported deleted (another entry may still carry the address).
     */
    public List<String> deferred(SeenRecipients seen, Collection<String> deletedUserIds) {
        Set<String> recipients = seen.deferred();
        for (PublishedState.Entry entry : state.findByUserIds(deletedUserIds)) {
            if (!isShared(entry.recipient()) || recipients.contains(entry.recipient())) continue;
            // seen until its read again says otherwise: a failed read again must not clear it
            if (!seen.seen(entry.recipient())) seen.seenUntilReread(entry.recipient());
            recipients.add(entry.recipient());
        }
        return List.copyOf(recipients);
    }

    /**
     * A deferred recipient read again: its entries are seen, and whether several share it is kept for later runs
     * (not by a dry run).
     */
    public void reread(SeenRecipients seen, String recipient, List<DirectoryUser> entries, boolean dryRun) {
        Set<String> ids = new LinkedHashSet<>();
        entries.forEach(entry -> ids.add(entry.id()));
        seen.reread(recipient, List.copyOf(ids));
        if (dryRun) return;
        jdbc.update("DELETE FROM shared_recipient WHERE tenant = ? AND recipient = ?", tenant, recipient);
        if (ids.size() > 1) {
            jdbc.update("INSERT INTO shared_recipient (tenant, recipient, entries, read_at) VALUES (?, ?, ?, ?)",
                    tenant, recipient, ids.size(), Timestamp.from(clock.instant()));
        }
    }

    /** Recipients CertSync has certificates on that the run did not see: after a complete full read, the leavers. */
    public List<PublishedState.Entry> managedUnseen(SeenRecipients seen) {
        // the addresses alone, then the few whole records: most recipients were seen
        return state.findByRecipients(KeyTable.unseen(jdbc, "published_state", tenant, seen)).stream()
                .filter(entry -> !Publication.EMPTY_SET.equals(entry.certificateSet())).toList();
    }

    public boolean isShared(String recipient) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM shared_recipient WHERE tenant = ? AND recipient = ?",
                Integer.class, tenant, recipient);
        return count != null && count > 0;
    }
}
