package org.certsync.state;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.certsync.directory.DirectoryUser;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One run's index of recipients, in the database so that it holds the whole directory without holding it in memory.
 * A user is entered as its page arrives, before its certificates are judged: a user whose processing fails is still
 * seen, and a full read clears only recipients it did not see. A recipient that more than one directory entry
 * carries is deferred: its entries are read again by address after the last page and judged together, so that the
 * recipient gets one desired set instead of flipping between its entries' sets.
 */
public class RunRecipients {

    /** The page number of rows entered after the last page, by the read again of deferred recipients. */
    private static final int REREAD = -1;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final String tenant;
    private final PublishedState state;

    /** @param tenant the Exchange Online tenant whose runs these are */
    public RunRecipients(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, String tenant,
                         PublishedState state) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.tenant = tenant;
        this.state = state;
    }

    /** Forgets what earlier runs left behind (a run killed before its end): one run at a time per tenant. */
    public void begin(String runId) {
        jdbc.update("DELETE FROM run_recipient WHERE tenant = ? AND run_id <> ?", tenant, runId);
    }

    /**
     * Enters one page's users and answers those to judge now. Left out are the users of recipients that another
     * entry carries too, in this run (this page or an earlier one), at the recipient's last publish (another user
     * id, as the page's state says), or at its last read (see {@link #reread}): they wait for {@link #deferred}.
     */
    public List<DirectoryUser> enter(String runId, int page, List<DirectoryUser> users, PageState state) {
        List<Object[]> rows = new ArrayList<>();
        Set<String> entered = new HashSet<>();
        // shared: two entries carry the recipient in this run (on earlier pages or this one), two carried it at its
        // last read, or its last publish was for another entry
        Map<String, Set<String>> entries = new HashMap<>();
        Set<String> shared = new java.util.TreeSet<>();
        for (DirectoryUser user : users) {
            String recipient = Publication.recipient(user.mail());
            if (recipient == null) continue;
            if (entered.add(recipient + "\n" + user.id())) {
                rows.add(new Object[] {tenant, runId, recipient, user.id(), page, false});
            }
            Set<String> ids = entries.computeIfAbsent(recipient, r -> new HashSet<>(state.enteredBefore(r)));
            ids.add(user.id());
            if (ids.size() > 1 || state.sharedAtLastRead(recipient)
                    || state.published(recipient).filter(entry -> !entry.userId().equals(user.id())).isPresent()) {
                shared.add(recipient);
            }
        }
        // one commit for the page, not one per user (each commit is a write of H2's store)
        transactions.executeWithoutResult(status -> jdbc.batchUpdate(
                "INSERT INTO run_recipient (tenant, run_id, recipient, user_id, page, deferred) VALUES (?, ?, ?, ?, ?, ?)",
                rows));
        if (shared.isEmpty()) return users;
        jdbc.batchUpdate("UPDATE run_recipient SET deferred = TRUE WHERE tenant = ? AND run_id = ? AND recipient = ?",
                shared.stream().map(recipient -> new Object[] {tenant, runId, recipient}).toList());
        return users.stream().filter(user -> !shared.contains(Publication.recipient(user.mail()))).toList();
    }

    /**
     * The recipients to read again by address after the last page: those deferred by {@link #enter}, and the shared
     * ones of users the directory reported deleted (another entry may still carry the address).
     */
    public List<String> deferred(String runId, Collection<String> deletedUserIds) {
        Set<String> recipients = new java.util.TreeSet<>(jdbc.queryForList(
                "SELECT DISTINCT recipient FROM run_recipient WHERE tenant = ? AND run_id = ? AND deferred = TRUE",
                String.class, tenant, runId));
        for (PublishedState.Entry entry : state.findByUserIds(deletedUserIds)) {
            if (!isShared(entry.recipient()) || recipients.contains(entry.recipient())) continue;
            // seen until its read again says otherwise: a failed read again must not clear it
            if (!wasSeen(runId, entry.recipient())) {
                jdbc.update("INSERT INTO run_recipient (tenant, run_id, recipient, user_id, page, deferred)"
                        + " VALUES (?, ?, ?, ?, ?, TRUE)", tenant, runId, entry.recipient(), entry.userId(), REREAD);
            }
            recipients.add(entry.recipient());
        }
        return List.copyOf(recipients);
    }

    /**
     * A deferred recipient read again: its entries are seen, and whether several share it is kept for later runs
     * (not by a dry run).
     */
    public void reread(String runId, String recipient, List<DirectoryUser> entries, boolean dryRun) {
        if (entries.isEmpty()) {
            // gone from the directory since: only what the pages saw keeps it seen
            jdbc.update("DELETE FROM run_recipient WHERE tenant = ? AND run_id = ? AND recipient = ? AND page = ?",
                    tenant, runId, recipient, REREAD);
        }
        Set<String> known = new HashSet<>(jdbc.queryForList(
                "SELECT user_id FROM run_recipient WHERE tenant = ? AND run_id = ? AND recipient = ?", String.class,
                tenant, runId, recipient));
        Map<String, DirectoryUser> byId = new LinkedHashMap<>();
        entries.forEach(entry -> byId.putIfAbsent(entry.id(), entry));
        jdbc.batchUpdate("INSERT INTO run_recipient (tenant, run_id, recipient, user_id, page, deferred)"
                + " VALUES (?, ?, ?, ?, ?, TRUE)", byId.keySet().stream().filter(id -> !known.contains(id))
                .map(id -> new Object[] {tenant, runId, recipient, id, REREAD}).toList());
        if (dryRun) return;
        jdbc.update("DELETE FROM shared_recipient WHERE tenant = ? AND recipient = ?", tenant, recipient);
        if (byId.size() > 1) {
            jdbc.update("INSERT INTO shared_recipient (tenant, recipient, entries, read_at) VALUES (?, ?, ?, ?)",
                    tenant, recipient, byId.size(), Timestamp.from(clock.instant()));
        }
    }

    /** True when the run entered a user with this recipient. */
    public boolean wasSeen(String runId, String recipient) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM run_recipient WHERE tenant = ? AND run_id = ? AND recipient = ?",
                Integer.class, tenant, runId, recipient);
        return count != null && count > 0;
    }

    /** Recipients CertSync has certificates on that the run did not see: after a complete full read, the leavers. */
    public List<PublishedState.Entry> managedUnseen(String runId) {
        return jdbc.query("SELECT * FROM published_state p WHERE p.tenant = ? AND p.certificate_set <> ? AND NOT EXISTS"
                        + " (SELECT 1 FROM run_recipient r WHERE r.tenant = p.tenant AND r.run_id = ? AND r.recipient = p.recipient)",
                PublishedState::entry, tenant, Publication.EMPTY_SET, runId);
    }

    public boolean isShared(String recipient) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM shared_recipient WHERE tenant = ? AND recipient = ?",
                Integer.class, tenant, recipient);
        return count != null && count > 0;
    }

    /** The run's index is scratch: gone when the run ends. */
    public void finish(String runId) {
        jdbc.update("DELETE FROM run_recipient WHERE tenant = ? AND run_id = ?", tenant, runId);
    }
}
