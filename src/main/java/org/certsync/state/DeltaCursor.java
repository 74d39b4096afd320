package org.certsync.state;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.certsync.directory.ChangeTracking;
import org.certsync.directory.ChangeMark;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Where the last complete read left the directory, and what the next delta run must read besides the changes.
 * Only a run that read everything it was asked to moves it forward; a failed or dry run leaves it alone.
 */
public class DeltaCursor {

    /**
     * The stored position.
     *
     * @param scopeHash        hash of what the read covered (directory, base DN, filter, policy settings)
     * @param lastFullReadAt   when the last full read began
     * @param fullReadRequired why the next run must read everything (e.g. clears wait for approval); null if nothing
     */
    public record Position(String scopeHash, ChangeMark directory, Instant lastFullReadAt, String fullReadRequired) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final String tenant;

    /** @param tenant the Exchange Online tenant whose reads this cursor continues */
    public DeltaCursor(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, String tenant) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.tenant = tenant;
    }

    public Optional<Position> load() {
        return jdbc.query("SELECT * FROM directory_cursor WHERE tenant = ?", (rs, row) -> new Position(
                rs.getString("scope_hash"),
                new ChangeMark(ChangeTracking.valueOf(rs.getString("tracking")), rs.getString("server_id"),
                        rs.getString("server"), rs.getString("mark")),
                rs.getTimestamp("last_full_read_at").toInstant(), rs.getString("full_read_required")), tenant).stream().findFirst();
    }

    /**
     * After a run that read everything it asked for: the next delta starts at {@code position}. The revisits the run
     * read are done; {@code revisits} are the users the next delta run reads again, with why (user id → reason).
     */
    public void advance(Position position, Collection<String> done, Map<String, String> revisits) {
        transactions.executeWithoutResult(status -> {
            Timestamp now = Timestamp.from(clock.instant());
            ChangeMark at = position.directory();
            Object[] values = {position.scopeHash(), at.tracking().name(), at.serverId(), at.server(), at.mark(),
                    Timestamp.from(position.lastFullReadAt()), position.fullReadRequired(), now, tenant};
            if (jdbc.update("UPDATE directory_cursor SET scope_hash = ?, tracking = ?, server_id = ?, server = ?, mark = ?,"
                    + " last_full_read_at = ?, full_read_required = ?, updated_at = ? WHERE tenant = ?", values) == 0) {
                jdbc.update("INSERT INTO directory_cursor (scope_hash, tracking, server_id, server, mark, last_full_read_at,"
                        + " full_read_required, updated_at, tenant) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", values);
            }
            jdbc.batchUpdate("DELETE FROM revisit_user WHERE tenant = ? AND user_id = ?",
                    done.stream().map(id -> new Object[]{tenant, id}).toList());
            revisits.forEach(this::revisit);
        });
    }

    /** The next delta run reads this user again, even if its entry did not change. */
    public void revisit(String userId, String reason) {
        reason = reason.length() > 200 ? reason.substring(0, 200) : reason;
        if (jdbc.update("UPDATE revisit_user SET reason = ? WHERE tenant = ? AND user_id = ?", reason, tenant, userId) == 0) {
            jdbc.update("INSERT INTO revisit_user (tenant, user_id, reason) VALUES (?, ?, ?)", tenant, userId, reason);
        }
    }

    /** The next run reads everything, for this reason (kept until a full read completes). */
    public void requireFullRead(String reason) {
        jdbc.update("UPDATE directory_cursor SET full_read_required = ?, updated_at = ? WHERE tenant = ?", reason,
                Timestamp.from(clock.instant()), tenant);
    }

    /** Users the next delta run reads again although their entry did not change. */
    public List<String> revisits() {
        return jdbc.queryForList("SELECT user_id FROM revisit_user WHERE tenant = ?", String.class, tenant);
    }

    /** Forgets the position: the next run reads everything. */
    public void reset() {
        jdbc.update("DELETE FROM directory_cursor WHERE tenant = ?", tenant);
    }
}
