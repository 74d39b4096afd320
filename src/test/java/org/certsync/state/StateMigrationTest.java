package org.certsync.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Upgrading a state database from before tenants: its rows become the configured tenant's, nothing is lost. From before
 * V15: the recipients with certificates but no last expiry are judged again; the expiry warnings sent are kept.
 */
class StateMigrationTest {

    @Test
    void rowsFromBeforeTenantsBelongToTheConfiguredTenant() {
        DriverManagerDataSource database = new DriverManagerDataSource(
                "jdbc:h2:file:./target/test-data/state-migration/" + UUID.randomUUID() + "/certsync", "certsync", "");
        Flyway.configure().dataSource(database).target("5").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(database);
        Timestamp now = Timestamp.from(Instant.parse("2026-06-01T08:00:00Z"));
        jdbc.update("INSERT INTO published_state (recipient, user_id, certificate_set, user_certificate, user_smime_certificate,"
                + " published_at, run_id, expires_at) VALUES ('a@x', 'u1', ?, 'f1', '', ?, 'run-1', ?)", "0".repeat(64), now, now);
        jdbc.update("INSERT INTO dead_letter (recipient, user_id, kind, reason, first_seen, last_seen, attempts)"
                + " VALUES ('b@x', 'u2', 'publish-permanent', 'gone', ?, ?, 1)", now, now);
        jdbc.update("INSERT INTO audit_change (run_id, changed_at, user_id, recipient, attribute, before_fingerprints,"
                + " after_fingerprints) VALUES ('run-1', ?, 'u1', 'a@x', 'userCertificate', '', 'f1')", now);

        Flyway.configure().dataSource(database).placeholders(Map.of("tenant", "contoso-guid")).load().migrate();

        assertThat(jdbc.queryForList("SELECT tenant, recipient, user_certificate, expires_at FROM published_state"))
                .singleElement().satisfies(row -> {
                    assertThat(row.get("TENANT")).isEqualTo("contoso-guid");
                    assertThat(row.get("USER_CERTIFICATE")).isEqualTo("f1");
                    assertThat(row.get("EXPIRES_AT")).isNotNull();
                });
        assertThat(jdbc.queryForObject("SELECT tenant FROM dead_letter", String.class)).isEqualTo("contoso-guid");
        assertThat(jdbc.queryForObject("SELECT tenant FROM audit_change", String.class)).isEqualTo("contoso-guid");
        var transactions = new org.springframework.transaction.support.TransactionTemplate(
                new org.springframework.jdbc.support.JdbcTransactionManager(jdbc.getDataSource()));
        assertThat(new PublishedState(jdbc, transactions, java.time.Clock.systemUTC(), "contoso-guid").find("a@x")).isPresent();
        assertThat(new PublishedState(jdbc, transactions, java.time.Clock.systemUTC(), "other").find("a@x")).isEmpty();
    }

    @Test
    void recipientsWithoutLastExpiryAreJudgedAgainAndSentWarningsAreKept() {
        DriverManagerDataSource database = new DriverManagerDataSource(
                "jdbc:h2:file:./target/test-data/state-migration/" + UUID.randomUUID() + "/certsync", "certsync", "");
        Map<String, String> tenant = Map.of("tenant", "contoso-guid");
        Flyway.configure().dataSource(database).placeholders(tenant).target("14").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(database);
        Timestamp now = Timestamp.from(Instant.parse("2026-06-01T08:00:00Z"));
        // before V13 (no last expiry), since (a last expiry), cleared (no certificates, so no last expiry to find)
        published(jdbc, "old@x", "f1", null, now);
        published(jdbc, "new@x", "f2", now, now);
        published(jdbc, "cleared@x", "", null, now);
        for (String recipient : List.of("old@x", "new@x", "cleared@x")) {
            jdbc.update("INSERT INTO judged_recipient (tenant, recipient, user_id, input_digest, certificate_set, accepted,"
                    + " rejected, judged_at) VALUES ('contoso-guid', ?, 'u', ?, ?, 1, '', ?)", recipient, "1".repeat(64),
                    "0".repeat(64), now);
        }
        jdbc.update("INSERT INTO expiry_warning (tenant, recipient, warning_window, last_expires_at, warned_at)"
                + " VALUES ('contoso-guid', 'new@x', '30d', ?, ?)", now, now);

        Flyway.configure().dataSource(database).placeholders(tenant).load().migrate();

        assertThat(jdbc.queryForList("SELECT recipient FROM judged_recipient ORDER BY recipient", String.class))
                .containsExactly("cleared@x", "new@x");
        assertThat(jdbc.queryForList("SELECT recipient, warning_window FROM expiry_warning")).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("RECIPIENT", "new@x").containsEntry("WARNING_WINDOW", "30d"));
        // a later last expiry of the same recipient and window is a warning of its own
        jdbc.update("INSERT INTO expiry_warning (tenant, recipient, warning_window, last_expires_at, warned_at)"
                + " VALUES ('contoso-guid', 'new@x', '30d', ?, ?)", Timestamp.from(now.toInstant().plusSeconds(60)), now);
    }

    private static void published(JdbcTemplate jdbc, String recipient, String fingerprints, Timestamp lastExpiry,
                                  Timestamp now) {
        jdbc.update("INSERT INTO published_state (tenant, recipient, user_id, certificate_set, user_certificate,"
                + " user_smime_certificate, published_at, run_id, last_expires_at) VALUES ('contoso-guid', ?, 'u', ?, ?, '',"
                + " ?, 'run-1', ?)", recipient, "0".repeat(64), fingerprints, now, lastExpiry);
    }
}
