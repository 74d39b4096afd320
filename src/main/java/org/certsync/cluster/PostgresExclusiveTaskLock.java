package org.certsync.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import org.certsync.FailureMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's lock across the cluster on PostgreSQL: a session advisory lock on a connection of the task's own, outside
 * the pool, closed when the task ends. Closing ends the session and so frees the lock, whatever happened; a node that
 * stops mid-task frees it with its session, so no lease is needed.
 */
public class PostgresExclusiveTaskLock implements ExclusiveTaskLock {

    /** The first key of the issuing CA upload's advisory lock ("CSYI"), apart from the run lock's. */
    public static final int ISSUING_CA_UPLOAD = 0x43535949;
    /** The first key of directory hygiene's advisory lock ("CSYH"). */
    public static final int HYGIENE = 0x43535948;
    private static final Logger LOG = LoggerFactory.getLogger(PostgresExclusiveTaskLock.class);

    private final DataSource dedicated;
    private final int kind;
    private final String scope;

    /**
     * @param dedicated connections outside the pool: each task's own session
     * @param kind      the advisory lock's first key: which task
     * @param scope     what the task works on (the tenant, the directory); its hash is the second key
     */
    public PostgresExclusiveTaskLock(DataSource dedicated, int kind, String scope) {
        this.dedicated = dedicated;
        this.kind = kind;
        this.scope = scope;
    }

    @Override
    public Optional<Held> tryTake() {
        Connection session = null;
        try {
            session = dedicated.getConnection();
            try (PreparedStatement lock = session.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(?))")) {
                lock.setInt(1, kind);
                lock.setString(2, scope);
                try (ResultSet result = lock.executeQuery()) {
                    result.next();
                    if (!result.getBoolean(1)) {
                        close(session);
                        return Optional.empty();
                    }
                }
            }
            Connection held = session;
            return Optional.of(() -> close(held));
        } catch (SQLException e) {
            close(session);
            throw new IllegalStateException("the cluster's lock of " + scope + " could not be taken: "
                    + FailureMessages.describe(e), e);
        }
    }

    private static void close(Connection session) {
        if (session == null) return;
        try {
            session.close();
        } catch (SQLException e) {
            // the server ends the session, and frees the lock, when the connection is gone
            LOG.debug("closing a task lock's session failed: {}", FailureMessages.describe(e));
        }
    }
}
