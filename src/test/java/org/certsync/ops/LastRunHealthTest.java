package org.certsync.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.certsync.sync.RunReport;
import org.certsync.sync.RunStatus;
import org.certsync.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

class LastRunHealthTest {

    private static final Instant START = Instant.parse("2026-11-26T08:00:00Z");
    private static final Duration MAX_AGE = Duration.ofHours(2);

    private final MutableClock clock = new MutableClock(START);
    private final AtomicReference<RunReport> last = new AtomicReference<>();
    private final LastRunHealth health = new LastRunHealth(() -> Optional.ofNullable(last.get()), clock, MAX_AGE);

    @Test
    void unknownBeforeTheFirstRun() {
        assertThat(health.health().getStatus()).isEqualTo(Status.UNKNOWN);
    }

    @Test
    void outOfServiceWhenNoRunFinishedSinceStartUpForLongerThanTheMaxAge() {
        clock.advance(MAX_AGE.plusMinutes(1));

        Health result = health.health();

        assertThat(result.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(result.getDetails().get("reason").toString()).contains("certsync.health.max-run-age=PT2H");
    }

    @Test
    void upWithTheRunsDetailsAfterASucceededRun() {
        last.set(report(RunStatus.SUCCEEDED, null));
        clock.advance(Duration.ofMinutes(30));

        Health result = health.health();

        assertThat(result.getStatus()).isEqualTo(Status.UP);
        assertThat(result.getDetails()).containsEntry("status", "SUCCEEDED").containsEntry("runId", "run-1")
                .containsEntry("age", "PT30M");
    }

    @Test
    void downWithTheReasonAfterAFailedRun() {
        last.set(report(RunStatus.FAILED, "cannot reach the LDAP server at certsync.ldap.url=ldap://dc1:389"));

        Health result = health.health();

        assertThat(result.getStatus()).isEqualTo(Status.DOWN);
        assertThat(result.getDetails().get("reason").toString())
                .isEqualTo("the last run failed: cannot reach the LDAP server at certsync.ldap.url=ldap://dc1:389");
    }

    @Test
    void outOfServiceWhenTheLastRunIsOlderThanTheMaxAge() {
        last.set(report(RunStatus.SUCCEEDED, null));
        clock.advance(MAX_AGE.plusSeconds(1));

        assertThat(health.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
    }

    @Test
    void upWithTheFailedUserCountWhenSomeUsersFailed() {
        last.set(report(RunStatus.COMPLETED_WITH_ERRORS, null));

        Health result = health.health();

        assertThat(result.getStatus()).isEqualTo(Status.UP);
        assertThat(result.getDetails()).containsEntry("failedUsers", 2);
    }

    private RunReport report(RunStatus status, String message) {
        Instant now = clock.instant();
        return new RunReport("run-1", "schedule-cron", "node-1", status, message, now.minusSeconds(5), now, 5000, false, "full", "test", 10, 3, 5,
                status == RunStatus.COMPLETED_WITH_ERRORS ? 2 : 0, 0, 8, Map.of(), 0, 0, 0, 0, 0, List.of(), List.of(), List.of(), 0);
    }
}
