package org.certsync.cluster;

import java.time.Instant;

/**
 * One run at a time across every node of this tenant: taken when a run begins, given back when it ends. A node
 * that loses it during a run (its lease broken, its database session gone) stops that run.
 */
public interface RunLock {

    /** Takes the lock for this run; false when another node's run holds it (see {@link #view()}). */
    boolean tryAcquire(String runId);

    /**
     * Gives the lock back and records this node as the last to run, with its report (JSON, for the other nodes);
     * nothing when this run does not hold it.
     */
    void release(String runId, String report);

    /** @throws RunLockLostException when this run held the lock and lost it */
    void confirm(String runId);

    /** Whether a start-up run is due: no node finished a run recently (restarts do not add runs). */
    boolean startupRunDue();

    /** This node's id. */
    String node();

    /** Whether a run of this node holds the lock now (known here: no database read). */
    boolean holdsLock();

    /** Who this node is, who holds the lock, who ran last (on a cluster: read from the database). */
    ClusterView view();

    /**
     * @param holder         the node whose run holds the lock now, or null
     * @param holderRunId    that run, or null
     * @param lastRunNode    the node that ended the last run, or null before the first
     * @param lastRunEndedAt when it ended, or null
     * @param lastReport     its report without the lists (JSON), or null
     */
    record ClusterView(String node, boolean clustered, boolean holdsLock, String holder, String holderRunId,
                       String lastRunNode, Instant lastRunEndedAt, String lastReport) {

        /** The refusal of a run that another node's run holds the lock against. */
        public String describeHolder() {
            return holder == null ? "another run holds the cluster's run lock"
                    : "run " + holderRunId + " on node " + holder + " is still in progress";
        }
    }
}
