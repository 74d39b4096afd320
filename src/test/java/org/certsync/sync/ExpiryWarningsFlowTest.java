package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.certsync.demo.DemoUser;
import org.certsync.demo.DemoUsers;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Recipients about to carry no valid certificate: the report lists those whose published certificates all expire
 * within certsync.expiry.warn-days, and forgets them once renewed. Demo directory over a socket, the simulator over
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
class ExpiryWarningsFlowTest extends SyncFlowSupport {

    @Test
    void aRecipientWhoseLastCertificateExpiresSoonIsWarnedOfUntilRenewed() {
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

        directory.replaceValues("expiry-soon", "userCertificate", ca.issue(ca.leaf(DemoUsers.mail("expiry-soon"))));
        RunReport renewed = syncFull();

        assertThat(renewed.published()).isEqualTo(1);
        assertThat(renewed.expiring()).extracting(RunReport.ExpiryWarning::recipient)
                .doesNotContain(DemoUsers.mail("expiry-soon"));
    }

    private static DemoUser user(String uid, byte[]... certificates) {
        return new DemoUser(uid, DemoUsers.mail(uid), List.of(), Map.of("userCertificate", List.of(certificates)),
                Set.of(), Set.of(), "added by a test");
    }
}
