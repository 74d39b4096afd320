package org.certsync.cluster;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * {@code cluster}: which node this is, whether it holds the run lock, which node runs now and which ran last. Always
 * UP: a node that is not running is a healthy stand-by, not a fault.
 */
public class ClusterHealth implements HealthIndicator {

    private final RunLock lock;

    public ClusterHealth(RunLock lock) {
        this.lock = lock;
    }

    @Override
    public Health health() {
        RunLock.ClusterView view = lock.view();
        Health.Builder health = Health.up().withDetail("node", view.node()).withDetail("clustered", view.clustered())
                .withDetail("holdsRunLock", view.holdsLock());
        if (view.holder() != null) health.withDetail("runningOn", view.holder()).withDetail("runningRunId", view.holderRunId());
        if (view.lastRunNode() != null) {
            health.withDetail("lastRunNode", view.lastRunNode()).withDetail("lastRunEndedAt", view.lastRunEndedAt().toString());
        }
        return health.build();
    }
}
