package org.certsync.ops;

import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.certsync.FailureMessages;
import org.certsync.cluster.RunLock;
import org.certsync.sync.RunReport;
import org.certsync.sync.SyncRuns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last run that ended, on this node or, on a cluster, on any node: what health, metrics and the console show, so
 * that a stand-by node reports the cluster's runs rather than its own old ones.
 */
public class LastRuns {

    private static final Logger LOG = LoggerFactory.getLogger(LastRuns.class);
    private final SyncRuns runs;
    private final RunLock lock;
    private final ObjectMapper json;

    public LastRuns(SyncRuns runs, RunLock lock, ObjectMapper json) {
        this.runs = runs;
        this.lock = lock;
        this.json = json;
    }

    public Optional<RunReport> latest() {
        Optional<RunReport> own = runs.lastReport();
        String shared = lock.view().lastReport();
        if (shared == null) return own;
        RunReport cluster;
        try {
            cluster = json.readValue(shared, RunReport.class);
        } catch (JsonProcessingException e) {
            LOG.warn("The cluster's last run report could not be read: {}", FailureMessages.describe(e));
            return own;
        }
        if (own.isPresent() && !own.get().finishedAt().isBefore(cluster.finishedAt())) return own;
        return Optional.of(cluster);
    }
}
