package org.certsync.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

import org.certsync.sync.RunReport;
import org.certsync.sync.RunStatus;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * {@code lastRun}: DOWN when the last run failed, OUT_OF_SERVICE when no run finished within
 * {@code certsync.health.max-run-age}, UNKNOWN before the first run, UP otherwise.
 */
public class LastRunHealth implements HealthIndicator {

    private final Supplier<Optional<RunReport>> lastReport;
    private final Clock clock;
    private final Duration maxAge;
    private final Instant startedAt;

    /** @param lastReport the report of the last run that finished ({@code SyncRuns::lastReport}) */
    public LastRunHealth(Supplier<Optional<RunReport>> lastReport, Clock clock, Duration maxAge) {
        this.lastReport = lastReport;
        this.clock = clock;
        this.maxAge = maxAge;
        this.startedAt = clock.instant();
    }

    @Override
    public Health health() {
        Instant now = clock.instant();
        return lastReport.get().map(report -> judge(report, now)).orElseGet(() -> beforeFirstRun(now));
    }

    /** Status of a run that held clears back for approval (map it to HTTP 200 with management.endpoint.health.status.http-mapping). */
    public static final Status CLEARS_PENDING_APPROVAL = new Status("CLEARS_PENDING_APPROVAL",
            "clears held back by the deletion threshold wait for an operator's approval");

    private Health judge(RunReport report, Instant now) {
        Duration age = Duration.between(report.finishedAt(), now);
        Health.Builder health = Health.up().withDetail("runId", report.runId())
                .withDetail("status", report.status().name())
                .withDetail("trigger", report.trigger())
                .withDetail("node", String.valueOf(report.node()))
                .withDetail("finishedAt", report.finishedAt().toString())
                .withDetail("age", age.toString());
        if (report.status() == RunStatus.FAILED) {
            return health.down().withDetail("reason", "the last run failed: " + report.message()).build();
        }
        if (age.compareTo(maxAge) > 0) {
            return health.outOfService().withDetail("reason", "no run finished for " + age
                    + ", longer than certsync.health.max-run-age=" + maxAge + ": is the schedule running?").build();
        }
        if (report.status() == RunStatus.COMPLETED_WITH_ERRORS) {
            health.withDetail("failedUsers", report.failed());
        }
        if (report.status() == RunStatus.THRESHOLD_EXCEEDED) {
            // degraded, not down: everything else was published; the clears wait for an operator
            return health.status(CLEARS_PENDING_APPROVAL).withDetail("clearsHeldBack", report.clearsHeldBack())
                    .withDetail("reason", report.message()).build();
        }
        return health.build();
    }

    private Health beforeFirstRun(Instant now) {
        Duration up = Duration.between(startedAt, now);
        if (up.compareTo(maxAge) > 0) {
            return Health.outOfService().withDetail("reason", "no run has finished in the " + up
                    + " since start-up, longer than certsync.health.max-run-age=" + maxAge + ": is the schedule running?").build();
        }
        return Health.unknown().withDetail("reason", "no run has finished yet").build();
    }
}
