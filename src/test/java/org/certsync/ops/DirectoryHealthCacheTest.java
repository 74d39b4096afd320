package org.certsync.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.certsync.directory.TestLdapServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

/** The directory indicator binds once per cache period, not once per probe. */
class DirectoryHealthCacheTest {

    private Instant now = Instant.parse("2026-11-30T12:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void theAnswerIsKeptForTheCachePeriodThenTheDirectoryIsAskedAgain() {
        TestLdapServer server = TestLdapServer.start();
        DirectoryHealth health = new DirectoryHealth(server.connection(), Duration.ofSeconds(2), Duration.ofSeconds(30), clock);

        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        server.stop();
        now = now.plusSeconds(29);
        assertThat(health.health().getStatus()).as("kept: no bind within the period").isEqualTo(Status.UP);
        assertThat(health.health().getDetails()).containsEntry("checkedAt", "2026-11-30T12:00:00Z");

        now = now.plusSeconds(1);
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getDetails()).containsEntry("checkedAt", "2026-11-30T12:00:30Z");
    }
}
