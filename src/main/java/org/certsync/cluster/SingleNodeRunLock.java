package org.certsync.cluster;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** The run lock of a node alone: nobody else runs, so it is always free; it remembers what the view shows. */
public class SingleNodeRunLock implements RunLock {

    private final String node;
    private final Clock clock;
    private final AtomicReference<String> held = new AtomicReference<>();
    private final AtomicReference<Instant> lastEnded = new AtomicReference<>();

    public SingleNodeRunLock(String node, Clock clock) {
        this.node = node;
        this.clock = clock;
    }

    @Override
    public boolean tryAcquire(String runId) {
        held.set(runId);
        return true;
    }

    @Override
    public void release(String runId, String report) {
        if (held.compareAndSet(runId, null)) lastEnded.set(clock.instant());
    }

    @Override
    public void confirm(String runId) {
        // nobody can take it
    }

    @Override
    public boolean startupRunDue() {
        return true;
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public boolean holdsLock() {
        return held.get() != null;
    }

    @Override
    public ClusterView view() {
        String run = held.get();
        Instant ended = lastEnded.get();
        // the last report is this node's own, which SyncRuns keeps
        return new ClusterView(node, false, run != null, run == null ? null : node, run, ended == null ? null : node, ended,
                null);
    }
}
