package org.certsync.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.certsync.FailureMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's run lock on PostgreSQL: a session advisory lock on a connection of this node's own, outside the pool,
 * so that it ends with the node (PostgreSQL releases it when the session goes) and never stays behind on a pooled
 * connection that another task reuses. Beside it, the tenant's row in {@code run_lease} says who holds it and when that
 * node last renewed it. A lease not renewed for {@code certsync.cluster.lease-timeout} (a stopped, paused or
 * partitioned node) is broken: the next node that wants to run ends the holder's database session, which frees the
 * lock; the holder, whose renewals now fail, stops its run at the next page.
 */
public class PostgresRunLock implements RunLock, AutoCloseable {

    /** The first key of the advisory lock ("CSYR"); the second is the hash of the tenant. */
    private static final int LOCK_CLASS = 0x43535952;
    private static final Logger LOG = LoggerFactory.getLogger(PostgresRunLock.class);

    private final DataSource dedicated;
    private final DataSource pooled;
    private final String tenant;
    private final String node;
    private final Duration leaseTimeout;
    private final Duration startupRunAfter;
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "certsync-run-lease");
        thread.setDaemon(true);
        return thread;
    });
    /** Guarded by this, as everything that uses it: a JDBC connection serves one thread at a time. */
    private Connection connection;
    private volatile String heldRun;
    private volatile String lostBecause;
    private ScheduledFuture<?> renewal;

    /**
     * @param dedicated connections outside the pool: the lock's own session
     * @param pooled    the application's pool, for reading the lease
     */
    public PostgresRunLock(DataSource dedicated, DataSource pooled, String tenant, String node, Duration leaseTimeout,
                           Duration startupRunAfter) {
        this.dedicated = dedicated;
        this.pooled = pooled;
        this.tenant = tenant;
        this.node = node;
        this.leaseTimeout = leaseTimeout;
        this.startupRunAfter = startupRunAfter;
    }

    @Override
    public synchronized boolean tryAcquire(String runId) {
        try {
            Connection c = connection();
            if (!lock(c, "pg_try_advisory_lock") && !breakStaleLease(c)) return false;
            try (PreparedStatement upsert = c.prepareStatement("""
                    INSERT INTO run_lease (tenant, holder_node, holder_run_id, holder_pid, acquired_at, heartbeat_at)
                    VALUES (?, ?, ?, pg_backend_pid(), now(), now())
                    ON CONFLICT (tenant) DO UPDATE SET holder_node = excluded.holder_node,
                        holder_run_id = excluded.holder_run_id, holder_pid = excluded.holder_pid,
                        acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at""")) {
                upsert.setString(1, tenant);
                upsert.setString(2, node);
                upsert.setString(3, runId);
                upsert.executeUpdate();
            }
            heldRun = runId;
            lostBecause = null;
            long period = Math.max(1, leaseTimeout.toMillis() / 4);
            renewal = renewals.scheduleWithFixedDelay(() -> renew(runId), period, period, TimeUnit.MILLISECONDS);
            return true;
        } catch (SQLException e) {
            // without the database nobody can tell who runs: this node does not
            LOG.warn("Run {} could not take the cluster's run lock: {}", runId, FailureMessages.describe(e));
            closeConnection();
            return false;
        }
    }

    @Override
    public synchronized void release(String runId, String report) {
        if (!runId.equals(heldRun)) return;
        heldRun = null;
        if (renewal != null) renewal.cancel(false);
        if (lostBecause != null) return;
        try (PreparedStatement ended = connection().prepareStatement("""
                UPDATE run_lease SET holder_node = NULL, holder_run_id = NULL, holder_pid = NULL, acquired_at = NULL,
                    heartbeat_at = NULL, last_node = ?, last_run_id = ?, last_finished_at = now(), last_report = ?
                WHERE tenant = ? AND holder_run_id = ?""")) {
            ended.setString(1, node);
            ended.setString(2, runId);
            ended.setString(3, report);
            ended.setString(4, tenant);
            ended.setString(5, runId);
            ended.executeUpdate();
            lock(connection, "pg_advisory_unlock");
        } catch (SQLException e) {
            // the session ends with the connection, and the lock with it
            LOG.warn("Run {} could not give the cluster's run lock back: {}; closing its connection frees it",
                    runId, FailureMessages.describe(e));
            closeConnection();
        }
    }

    @Override
    public void confirm(String runId) {
        String lost = lostBecause;
        if (lost != null && runId.equals(heldRun)) {
            throw new RunLockLostException("node " + node + " lost the cluster's run lock during run " + runId + " ("
                    + lost + "): the run stops here so that two nodes never publish at once; the next run converges");
        }
    }

    @Override
    public boolean startupRunDue() {
        ClusterView view = view();
        if (view.holder() != null) {
            LOG.info("No start-up run on node {}: {}", node, view.describeHolder());
            return false;
        }
        if (view.lastRunEndedAt() != null && view.lastRunEndedAt().isAfter(Instant.now().minus(startupRunAfter))) {
            LOG.info("No start-up run on node {}: node {} ended a run at {}, less than certsync.cluster.startup-run-after={}"
                    + " ago", node, view.lastRunNode(), view.lastRunEndedAt(), startupRunAfter);
            return false;
        }
        return true;
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public boolean holdsLock() {
        return heldRun != null && lostBecause == null;
    }

    @Override
    public ClusterView view() {
        // not the lock's own connection: reading the lease never waits for a run's renewal, nor the renewal for a reader
        try (Connection c = pooled.getConnection();
             PreparedStatement read = c.prepareStatement("""
                     SELECT holder_node, holder_run_id, last_node, last_finished_at, last_report FROM run_lease
                     WHERE tenant = ?""")) {
            read.setString(1, tenant);
            try (ResultSet row = read.executeQuery()) {
                boolean holds = holdsLock();
                if (!row.next()) return new ClusterView(node, true, holds, null, null, null, null, null);
                Timestamp ended = row.getTimestamp(4);
                return new ClusterView(node, true, holds, row.getString(1), row.getString(2), row.getString(3),
                        ended == null ? null : ended.toInstant(), row.getString(5));
            }
        } catch (SQLException e) {
            LOG.warn("The cluster's run lease could not be read: {}", FailureMessages.describe(e));
            return new ClusterView(node, true, holdsLock(), null, null, null, null, null);
        }
    }

    @Override
    public synchronized void close() {
        renewals.shutdownNow();
        closeConnection();
    }

    private synchronized void renew(String runId) {
        if (!runId.equals(heldRun) || lostBecause != null) return;
        try (PreparedStatement renew = connection().prepareStatement("""
                UPDATE run_lease SET heartbeat_at = now()
                WHERE tenant = ? AND holder_run_id = ? AND holder_pid = pg_backend_pid()""")) {
            renew.setString(1, tenant);
            renew.setString(2, runId);
            if (renew.executeUpdate() == 0) lost(runId, "another node broke its lease");
        } catch (SQLException e) {
            lost(runId, "its database session ended: " + FailureMessages.describe(e));
        }
    }

    private void lost(String runId, String because) {
        lostBecause = because;
        renewal.cancel(false);
        closeConnection();
        LOG.error("Node {} lost the cluster's run lock during run {}: {}", node, runId, because);
    }

    /** Ends the session of a holder that stopped renewing its lease, and waits briefly for its lock. */
    private boolean breakStaleLease(Connection c) throws SQLException {
        try (PreparedStatement stale = c.prepareStatement("""
                SELECT holder_node, holder_run_id, holder_pid, heartbeat_at FROM run_lease
                WHERE tenant = ? AND holder_pid IS NOT NULL AND heartbeat_at < now() - make_interval(secs => ?)""")) {
            stale.setString(1, tenant);
            stale.setDouble(2, leaseTimeout.toMillis() / 1000.0);
            try (ResultSet row = stale.executeQuery()) {
                if (!row.next()) return false;
                LOG.warn("Node {} holds the cluster's run lock for run {} but last renewed its lease at {}"
                                + " (certsync.cluster.lease-timeout={}): ending its database session to free the lock",
                        row.getString(1), row.getString(2), row.getTimestamp(4).toInstant(), leaseTimeout);
                try (PreparedStatement end = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
                    end.setInt(1, row.getInt(3));
                    end.executeQuery().close();
                }
            }
        }
        try (PreparedStatement wait = c.prepareStatement("SET lock_timeout = '5s'")) {
            wait.execute();
        }
        try {
            return lock(c, "pg_advisory_lock");
        } catch (SQLException e) {
            if (!"55P03".equals(e.getSQLState())) throw e;
            return false;
        } finally {
            try (PreparedStatement reset = c.prepareStatement("RESET lock_timeout")) {
                reset.execute();
            }
        }
    }

    /** Calls one of PostgreSQL's advisory lock functions on the tenant's key. */
    private boolean lock(Connection c, String function) throws SQLException {
        try (PreparedStatement call = c.prepareStatement("SELECT " + function + "(?, hashtext(?))")) {
            call.setInt(1, LOCK_CLASS);
            call.setString(2, tenant);
            try (ResultSet result = call.executeQuery()) {
                result.next();
                // pg_advisory_lock returns void: it returned at all, so it holds
                return "pg_advisory_lock".equals(function) || result.getBoolean(1);
            }
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = dedicated.getConnection();
            connection.setAutoCommit(true);
        }
        return connection;
    }

    private void closeConnection() {
        if (connection == null) return;
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("Closing the run lock's connection: {}", FailureMessages.describe(e));
        }
        connection = null;
    }
}
