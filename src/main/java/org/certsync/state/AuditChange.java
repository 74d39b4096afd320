package org.certsync.state;

import java.sql.Timestamp;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One row of the append-only audit trail (table {@code audit_change}): fingerprints before and after, never whole
 * certificates. The one place its rows are written, in the caller's transaction.
 *
 * @param userId    the directory entry, or null for a change of the tenant's configuration
 * @param recipient the recipient changed, or the configuration object's name
 */
record AuditChange(String tenant, String runId, Timestamp changedAt, String userId, String recipient, String attribute,
                   String before, String after) {

    static void insert(JdbcTemplate jdbc, List<AuditChange> changes) {
        jdbc.batchUpdate("INSERT INTO audit_change (tenant, run_id, changed_at, user_id, recipient, attribute,"
                        + " before_fingerprints, after_fingerprints) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                changes.stream().map(c -> new Object[] {c.tenant(), c.runId(), c.changedAt(), c.userId(), c.recipient(),
                        c.attribute(), c.before(), c.after()}).toList());
    }
}
