package org.certsync.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * After a complete full read, the recipients the run did not see are found across every chunk of the scan, in an H2
 * file: more recipients than a chunk holds, another tenant's left alone.
 */
class UnseenRecipientsScanTest {

    @Test
    void unseenRecipientsAreFoundInEveryChunkAndOnlyTheTenantsOwn() {
        DriverManagerDataSource database = new DriverManagerDataSource(
                "jdbc:h2:file:./target/test-data/unseen-scan/" + UUID.randomUUID() + "/certsync", "certsync", "");
        Flyway.configure().dataSource(database).placeholders(Map.of("tenant", "contoso")).load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(database);
        int recipients = KeyTable.SCAN_CHUNK * 2 + 17;
        Timestamp now = Timestamp.from(Instant.parse("2026-11-30T08:00:00Z"));
        List<Object[]> rows = new ArrayList<>();
        IntStream.range(0, recipients).forEach(i -> rows.add(new Object[] {"contoso", "user" + i + "@example.org", now}));
        rows.add(new Object[] {"other", "left@example.org", now});
        jdbc.batchUpdate("INSERT INTO judged_recipient (tenant, recipient, user_id, input_digest, certificate_set, accepted,"
                + " rejected, judged_at) VALUES (?, ?, 'u', '" + "0".repeat(64) + "', '" + "1".repeat(64) + "', 0, '', ?)", rows);
        SeenRecipients seen = new SeenRecipients();
        // every recipient seen but three: the first in key order, the last, and one between
        List<String> unseen = List.of("user0@example.org", "user15000@example.org", "user9999@example.org");
        IntStream.range(0, recipients).mapToObj(i -> "user" + i + "@example.org").filter(r -> !unseen.contains(r))
                .forEach(r -> seen.enter(r, "u"));

        assertThat(KeyTable.unseen(jdbc, "judged_recipient", "contoso", seen)).containsExactlyInAnyOrderElementsOf(unseen);
        assertThat(KeyTable.unseen(jdbc, "judged_recipient", "other", seen)).containsExactly("left@example.org");
    }
}
