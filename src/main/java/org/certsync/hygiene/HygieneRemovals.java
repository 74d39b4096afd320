package org.certsync.hygiene;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit of directory hygiene ({@code hygiene_removal}): every value removed, whole (a public certificate), so that
 * it can be put back; and which were put back, so that hygiene does not remove them again. Rows belong to one
 * directory (LDAP URL and hygiene base DN), not to a tenant.
 */
public class HygieneRemovals {

    /** A removed value, whole. */
    public record Row(long id, String runId, String userId, String dn, String attribute, byte[] value, String fingerprint,
                      String reason) {

        /** The row addressed to the entry now at this DN (checked to be the same user before the write). */
        public Row at(String entry) {
            return new Row(id, runId, userId, entry, attribute, value, fingerprint, reason);
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final String directory;

    public HygieneRemovals(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, String directory) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.directory = directory;
    }

    /** The directory these rows belong to: the LDAP URL and the hygiene base DN. */
    public String directory() {
        return directory;
    }

    /**
     * Recorded before the modify, so that no removed value goes unrecorded: all of the plan's rows or none; answers the
     * rows' ids.
     */
    public List<Long> record(String runId, HygienePlan plan) {
        Timestamp now = Timestamp.from(clock.instant());
        return transactions.execute(status -> plan.removals().stream().map(removal -> {
            GeneratedKeyHolder key = new GeneratedKeyHolder();
            jdbc.update(connection -> {
                PreparedStatement insert = connection.prepareStatement("INSERT INTO hygiene_removal (directory, run_id, removed_at,"
                        + " user_id, dn, attribute, value_bytes, fingerprint, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        new String[]{"id"});
                insert.setString(1, directory);
                insert.setString(2, runId);
                insert.setTimestamp(3, now);
                insert.setString(4, plan.userId());
                insert.setString(5, plan.dn());
                insert.setString(6, removal.attribute());
                insert.setBytes(7, removal.value());
                insert.setString(8, removal.fingerprint());
                insert.setString(9, removal.reason());
                return insert;
            }, key);
            return key.getKey().longValue();
        }).toList());
    }

    /** The directory answered that it refused the modify: nothing was removed, so nothing stays recorded. */
    public void forget(List<Long> ids) {
        jdbc.batchUpdate("DELETE FROM hygiene_removal WHERE id = ?", ids.stream().map(id -> new Object[]{id}).toList());
    }

    /** Values removed from this user (objectGUID, entryUUID, else its DN in lower case) and not restored yet. */
    public List<Row> removedFromUser(String userId) {
        return rows("user_id = ?", userId);
    }

    /** Values removed from whichever user had this DN then, and not restored yet. */
    public List<Row> removedAt(String dn) {
        return rows("LOWER(dn) = LOWER(?)", dn);
    }

    /** Values this run removed and not restored yet. */
    public List<Row> removedByRun(String runId) {
        return rows("run_id = ?", runId);
    }

    private List<Row> rows(String condition, Object... arguments) {
        Object[] all = new Object[arguments.length + 1];
        all[0] = directory;
        System.arraycopy(arguments, 0, all, 1, arguments.length);
        return jdbc.query("SELECT id, run_id, user_id, dn, attribute, value_bytes, fingerprint, reason FROM hygiene_removal"
                        + " WHERE directory = ? AND restored_at IS NULL AND " + condition + " ORDER BY id",
                (rs, row) -> new Row(rs.getLong("id"), rs.getString("run_id"), rs.getString("user_id"), rs.getString("dn"),
                        rs.getString("attribute"), rs.getBytes("value_bytes"), rs.getString("fingerprint").strip(),
                        rs.getString("reason")), all);
    }

    public void restored(List<Row> rows, String operator) {
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.batchUpdate("UPDATE hygiene_removal SET restored_at = ?, restored_by = ? WHERE id = ?",
                rows.stream().map(row -> new Object[]{now, operator, row.id()}).toList());
    }

    /** Fingerprints of the values restored, by user id: hygiene keeps them from now on. */
    public Map<String, Set<String>> restoredByUser() {
        Map<String, Set<String>> restored = new HashMap<>();
        jdbc.query("SELECT user_id, fingerprint FROM hygiene_removal WHERE directory = ? AND restored_at IS NOT NULL",
                rs -> {
                    restored.computeIfAbsent(rs.getString("user_id"), u -> new HashSet<>()).add(rs.getString("fingerprint").strip());
                }, directory);
        return restored;
    }
}
