package org.certsync.state;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Recipients whose publish failed for good in a run (permanent error, or retries exhausted). They stay listed,
 * with what to do, until a later run publishes them; every run retries them.
 */
public class DeadLetters {

    /** One dead letter; {@code attempts} counts the runs in which the recipient failed. */
    public record DeadLetter(String recipient, String userId, String kind, String reason, Instant firstSeen,
                             Instant lastSeen, int attempts) {
    }

    private static final int MAX_REASON = 2000;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final String tenant;

    /** @param tenant the Exchange Online tenant whose recipients these are */
    public DeadLetters(JdbcTemplate jdbc, Clock clock, String tenant) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.tenant = tenant;
    }

    public void record(String recipient, String userId, String kind, String reason) {
        Timestamp now = Timestamp.from(clock.instant());
        String text = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
        int updated = jdbc.update("UPDATE dead_letter SET user_id = ?, kind = ?, reason = ?, last_seen = ?,"
                + " attempts = attempts + 1 WHERE tenant = ? AND recipient = ?", userId, kind, text, now, tenant, recipient);
        if (updated == 0) {
            jdbc.update("INSERT INTO dead_letter (tenant, recipient, user_id, kind, reason, first_seen, last_seen, attempts)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, 1)", tenant, recipient, userId, kind, text, now, now);
        }
    }

    /** The recipient was published: it is no longer a dead letter. */
    public void resolve(String recipient) {
        jdbc.update("DELETE FROM dead_letter WHERE tenant = ? AND recipient = ?", tenant, recipient);
    }

    public List<DeadLetter> list() {
        return jdbc.query("SELECT * FROM dead_letter WHERE tenant = ? ORDER BY recipient", (rs, i) -> new DeadLetter(
                rs.getString("recipient"), rs.getString("user_id"), rs.getString("kind"), rs.getString("reason"),
                rs.getTimestamp("first_seen").toInstant(), rs.getTimestamp("last_seen").toInstant(),
                rs.getInt("attempts")), tenant);
    }

    /** The directory ids of the dead letters, for delta runs that must read them again; null where none is known. */
    public List<String> userIds() {
        return jdbc.queryForList("SELECT user_id FROM dead_letter WHERE tenant = ?", String.class, tenant);
    }

    public int count() {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter WHERE tenant = ?", Integer.class, tenant);
        return count == null ? 0 : count;
    }
}
