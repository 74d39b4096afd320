package org.certsync.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Claims of expiry warnings on the H2 file: of two runs that found a warning due, only the first sends it; a claim its
 * node never marked sent is released after a while.
 */
class ExpiryNoticesTest {

    private static final Instant NOW = Instant.parse("2026-06-01T08:00:00Z");
    private JdbcTemplate jdbc;
    private TransactionTemplate transactions;

    /** One recipient whose last certificate expires ten days after NOW. */
    @BeforeEach
    void stateWithARecipientExpiringSoon() {
        DriverManagerDataSource database = new DriverManagerDataSource(
                "jdbc:h2:file:./target/test-data/expiry-notices/" + UUID.randomUUID() + "/certsync", "certsync", "");
        Flyway.configure().dataSource(database).placeholders(Map.of("tenant", "t")).load().migrate();
        jdbc = new JdbcTemplate(database);
        transactions = new TransactionTemplate(new JdbcTransactionManager(database));
        jdbc.update("INSERT INTO published_state (tenant, recipient, user_id, certificate_set, user_certificate,"
                + " user_smime_certificate, published_at, run_id, last_expires_at) VALUES ('t', 'a@x', 'u', ?, 'f1', '', ?,"
                + " 'run-1', ?)", "0".repeat(64), Timestamp.from(NOW), Timestamp.from(NOW.plus(Duration.ofDays(10))));
    }

    @Test
    void ofTwoRunsThatFoundAWarningDueOnlyTheFirstClaimsItAndARefusalReleasesIt() {
        ExpiryNotices first = notices(NOW);
        ExpiryNotices second = notices(NOW);

        List<ExpiryNotices.ExpiryNotice> dueToFirst = first.due();
        List<ExpiryNotices.ExpiryNotice> dueToSecond = second.due();

        assertThat(dueToFirst).singleElement().isEqualTo(dueToSecond.get(0));
        assertThat(first.claim(dueToFirst.get(0))).isTrue();
        assertThat(second.claim(dueToSecond.get(0))).isFalse();
        assertThat(second.due()).isEmpty();
        first.refused(dueToFirst.get(0), new java.net.ConnectException("Connection refused"));
        assertThat(second.due()).containsExactlyElementsOf(dueToFirst);
        assertThat(first.authorization()).as("empty: no header").isNull();
    }

    @Test
    void aClaimNeverMarkedSentIsDueAgainAfterAnHourAndASentOneNever() {
        ExpiryNotices crashed = notices(NOW);
        ExpiryNotices.ExpiryNotice notice = crashed.due().get(0);
        assertThat(crashed.claim(notice)).isTrue();

        assertThat(notices(NOW.plus(Duration.ofMinutes(59))).due()).as("still being posted").isEmpty();
        ExpiryNotices later = notices(NOW.plus(Duration.ofMinutes(61)));
        List<ExpiryNotices.ExpiryNotice> again = later.due();
        assertThat(again).extracting(ExpiryNotices.ExpiryNotice::recipient).containsExactly("a@x");

        assertThat(later.claim(again.get(0))).isTrue();
        later.sent(again.get(0));
        assertThat(notices(NOW.plus(Duration.ofDays(2))).due()).as("sent: never again for this expiry").isEmpty();
    }

    /** The notices of the state, as of {@code now}. */
    private ExpiryNotices notices(Instant now) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        return new ExpiryNotices(jdbc, new PublishedState(jdbc, transactions, clock, "t"), clock, "t", "http://hook", "",
                new ObjectMapper());
    }
}
