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
 * The cluster's issuing CA upload lock on PostgreSQL: a session advisory lock on a connection of the upload's own,
 * outside the pool, closed when the upload ends. Closing ends the session and so frees the lock, whatever happened;
 * a node that stops mid-upload frees it with its session. An upload takes seconds, so no lease is needed.
 */
public class PostgresIssuingCaUploadLock implements IssuingCaUploadLock {

    /** The first key of the advisory lock ("CSYI"), apart from the run lock's; the second is the hash of the tenant. */
    private static final int LOCK_CLASS = 0x43535949;
    private static final Logger LOG = LoggerFactory.getLogger(PostgresIssuingCaUploadLock.class);

    private final DataSource dedicated;
    private final String tenant;

    /** @param dedicated connections outside the pool: each upload's own session */
    public PostgresIssuingCaUploadLock(DataSource dedicated, String tenant) {
        this.dedicated = dedicated;
        this.tenant = tenant;
    }

    @Override
    public Optional<Held> tryTake() {
        Connection session = null;
        try {
            session = dedicated.getConnection();
            try (PreparedStatement lock = session.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(?))")) {
                lock.setInt(1, LOCK_CLASS);
                lock.setString(2, tenant);
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
            throw new IllegalStateException("the cluster's issuing CA upload lock could not be taken: "
                    + FailureMessages.describe(e), e);
        }
    }

    private static void close(Connection session) {
        if (session == null) return;
        try {
            session.close();
        } catch (SQLException e) {
            // the server ends the session, and frees the lock, when the connection is gone
            LOG.debug("closing the issuing CA upload lock's session failed: {}", FailureMessages.describe(e));
        }
    }
}
