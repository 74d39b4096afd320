package org.certsync.state;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tenant's recipients that Entra Connect synchronizes from on-premises AD (table {@code synchronized_recipient}):
 * Exchange Online refuses cloud-side writes to them, so their certificates take the directory path. Learnt from a
 * refused write, or from the configured units their entries are in.
 */
public class SynchronizedRecipients {

    /** Exchange Online refused a write: "out of the current user's write scope". */
    public static final String REFUSED = "refused";
    /** The entry is in one of certsync.hybrid.synchronized-units. */
    public static final String CONFIGURED = "configured";

    /**
     * One recipient on the directory path.
     *
     * @param detectedAt when it was first found synchronized
     * @param checkedAt  when that was last confirmed: the last refused write; for a configured unit, when a run first
     *                   found it there (the unit is checked on every run, the row is not rewritten)
     */
    public record Synchronized(String recipient, String userId, String source, Instant detectedAt, Instant checkedAt) {
    }

    static final RowMapper<Synchronized> ROW = (rs, row) -> new Synchronized(rs.getString("recipient"),
            rs.getString("user_id"), rs.getString("source"), rs.getTimestamp("detected_at").toInstant(),
            rs.getTimestamp("checked_at").toInstant());

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final String tenant;

    /** @param tenant the Exchange Online tenant whose recipients these are */
    public SynchronizedRecipients(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, String tenant) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.tenant = tenant;
    }

    /** The recipient was found synchronized from on-premises now, by this source; its first detection is kept. */
    public void found(String recipient, String userId, String source) {
        Timestamp now = Timestamp.from(clock.instant());
        transactions.executeWithoutResult(status -> {
            int updated = jdbc.update("UPDATE synchronized_recipient SET user_id = ?, source = ?, checked_at = ?"
                    + " WHERE tenant = ? AND recipient = ?", userId, source, now, tenant, recipient);
            if (updated == 0) {
                jdbc.update("INSERT INTO synchronized_recipient (tenant, recipient, user_id, source, detected_at, checked_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)", tenant, recipient, userId, source, now, now);
            }
        });
    }

    /** A write to the recipient went through: Exchange Online masters it now (or it left a configured unit). */
    public void forget(String recipient) {
        jdbc.update("DELETE FROM synchronized_recipient WHERE tenant = ? AND recipient = ?", tenant, recipient);
    }

    public Optional<Synchronized> find(String recipient) {
        return jdbc.query("SELECT * FROM synchronized_recipient WHERE tenant = ? AND recipient = ?", ROW, tenant,
                recipient).stream().findFirst();
    }

    /** All of them, by recipient. */
    public List<Synchronized> list() {
        return jdbc.query("SELECT * FROM synchronized_recipient WHERE tenant = ? ORDER BY recipient", ROW, tenant);
    }

    /** After a complete full read: those no entry in scope carries any more are forgotten. */
    public int forgetUnseen(SeenRecipients seen) {
        List<String> gone = KeyTable.unseen(jdbc, "synchronized_recipient", tenant, seen);
        jdbc.batchUpdate("DELETE FROM synchronized_recipient WHERE tenant = ? AND recipient = ?",
                gone.stream().map(recipient -> new Object[] {tenant, recipient}).toList());
        return gone.size();
    }
}
