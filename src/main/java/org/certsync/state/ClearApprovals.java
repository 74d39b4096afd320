package org.certsync.state;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/** Operator approvals of clears held back by the deletion threshold; each approval lets one run clear. */
public class ClearApprovals {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public ClearApprovals(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void approve(String operator) {
        jdbc.update("INSERT INTO clear_approval (approved_at, approved_by) VALUES (?, ?)",
                Timestamp.from(clock.instant()), operator);
    }

    public boolean pending() {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM clear_approval WHERE consumed_by_run IS NULL", Integer.class);
        return count != null && count > 0;
    }

    /** Takes an open approval for this run; false when there is none. Returns who approved via {@code approvers}. */
    public boolean consume(String runId, List<String> approvers) {
        approvers.addAll(jdbc.queryForList("SELECT approved_by FROM clear_approval WHERE consumed_by_run IS NULL", String.class));
        return jdbc.update("UPDATE clear_approval SET consumed_by_run = ? WHERE consumed_by_run IS NULL", runId) > 0;
    }
}
