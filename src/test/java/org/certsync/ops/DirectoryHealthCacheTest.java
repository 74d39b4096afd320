package org.certsync.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.certsync.directory.TestLdapServer;
import org.certsync.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

/** The directory indicator binds once per cache period, not once per probe. */
class DirectoryHealthCacheTest {

    @Test
    void theAnswerIsKeptForTheCachePeriodThenTheDirectoryIsAskedAgain() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T12:00:00Z"));
        TestLdapServer server = TestLdapServer.start();
        DirectoryHealth health = new DirectoryHealth(server.connection(), Duration.ofSeconds(2), Duration.ofSeconds(30), clock);

        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        server.stop();
        clock.advance(Duration.ofSeconds(29));
        assertThat(health.health().getStatus()).as("kept: no bind within the period").isEqualTo(Status.UP);
        assertThat(health.health().getDetails()).containsEntry("checkedAt", "2026-11-30T12:00:00Z");

        clock.advance(Duration.ofSeconds(1));
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getDetails()).containsEntry("checkedAt", "2026-11-30T12:00:30Z");
    }
}
