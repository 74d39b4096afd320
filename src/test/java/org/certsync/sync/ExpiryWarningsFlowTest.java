package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import org.certsync.demo.DemoUser;
import org.certsync.demo.DemoUsers;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Recipients about to carry no valid certificate: the report lists those whose published certificates all expire
 * within certsync.expiry.warn-days, and forgets them once renewed; certsync_recipients_expiring counts them per window.
 * A recipient recorded before last expiries were kept (V13) gets its last expiry from the next run that reads it.
 * Demo directory over a socket, the simulator over
 * HTTP, the H2 file.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.demo=true",
        "certsync.demo.data-dir=",
        "certsync.scheduler.enabled=false",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/expiry/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/expiry/last-run.json",
        "certsync.report-dir=target/test-data/expiry/history"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExpiryWarningsFlowTest extends SyncFlowSupport {

    @Autowired
    MeterRegistry registry;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    @Order(1)
    void aRecipientWhoseLastCertificateExpiresSoonIsWarnedOfAndCountedUntilRenewed() {
        assertThat(expiring("7d")).as("present from start-up").isZero();
        assertThat(expiring("30d")).as("present from start-up").isZero();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        byte[] expiring = ca.issue(ca.leaf(DemoUsers.mail("expiry-soon"))
                .withValidity(now.minus(Duration.ofDays(300)), now.plus(Duration.ofDays(10))));
        directory.addUser(user("expiry-soon", expiring));
        byte[] alsoExpiring = ca.issue(ca.leaf(DemoUsers.mail("expiry-covered"))
                .withValidity(now.minus(Duration.ofDays(300)), now.plus(Duration.ofDays(10))));
        byte[] lasting = ca.issue(ca.leaf(DemoUsers.mail("expiry-covered")));
        directory.addUser(user("expiry-covered", alsoExpiring, lasting));

        RunReport report = syncFull();

        assertThat(report.expiring()).filteredOn(w -> w.recipient().equals(DemoUsers.mail("expiry-soon"))).singleElement()
                .satisfies(w -> {
                    assertThat(w.lastExpiry()).isEqualTo(now.plus(Duration.ofDays(10)));
                    assertThat(w.daysLeft()).isBetween(9L, 10L);
                });
        assertThat(report.expiring()).extracting(RunReport.ExpiryWarning::recipient)
                .doesNotContain(DemoUsers.mail("expiry-covered"));
        // the report's window is the 30-day one by default; the demo's own users may be in the 7-day one
        assertThat(expiring("30d")).isEqualTo(report.expiring().size());
        assertThat(expiring("7d")).isEqualTo(report.expiring().stream().filter(w -> w.daysLeft() < 7).count());
        double monthBefore = expiring("30d");

        directory.replaceValues("expiry-soon", "userCertificate", ca.issue(ca.leaf(DemoUsers.mail("expiry-soon"))));
        RunReport renewed = syncFull();

        assertThat(renewed.published()).isEqualTo(1);
        assertThat(renewed.expiring()).extracting(RunReport.ExpiryWarning::recipient)
                .doesNotContain(DemoUsers.mail("expiry-soon"));
        assertThat(expiring("30d")).isEqualTo(monthBefore - 1);
    }

    @Test
    @Order(2)
    void aRecipientRecordedWithoutItsLastExpiryGetsItFromTheNextRunAndIsWarnedOf() {
        String mail = DemoUsers.mail("expiry-before-v13");
        Instant lastExpiry = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofDays(12));
        directory.addUser(user("expiry-before-v13", ca.issue(ca.leaf(mail)
                .withValidity(lastExpiry.minus(Duration.ofDays(300)), lastExpiry))));
        syncFull();
        // as a recipient recorded before V13 is after V15: no last expiry, no kept judgement
        jdbc.update("UPDATE published_state SET last_expires_at = NULL WHERE recipient = ?", mail);
        jdbc.update("DELETE FROM judged_recipient WHERE recipient = ?", mail);

        RunReport report = syncFull();

        assertThat(report.published()).isZero();
        assertThat(jdbc.queryForObject("SELECT last_expires_at FROM published_state WHERE recipient = ?",
                java.sql.Timestamp.class, mail).toInstant()).isEqualTo(lastExpiry);
        assertThat(report.expiring()).extracting(RunReport.ExpiryWarning::recipient).contains(mail);
        assertThat(expiring("30d")).isEqualTo(report.expiring().size());
    }

    private double expiring(String window) {
        return registry.get("certsync.recipients.expiring").tag("window", window).gauge().value();
    }

    private static DemoUser user(String uid, byte[]... certificates) {
        return new DemoUser(uid, DemoUsers.mail(uid), List.of(), Map.of("userCertificate", List.of(certificates)),
                Set.of(), Set.of(), "added by a test");
    }
}
