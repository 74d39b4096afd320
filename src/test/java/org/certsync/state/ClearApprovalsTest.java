package org.certsync.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.certsync.testsupport.MutableClock;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** Approvals of held-back clears, on the schema Flyway builds in an H2 file: one set, one tenant, a lifetime. */
class ClearApprovalsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T08:00:00Z"));
    private final DriverManagerDataSource database = new DriverManagerDataSource(
            "jdbc:h2:file:./target/test-data/clear-approvals/" + UUID.randomUUID() + "/certsync", "certsync", "");

    {
        Flyway.configure().dataSource(database).placeholders(Map.of("tenant", "tenant-a")).load().migrate();
    }

    private ClearApprovals approvals(String tenant) {
        return new ClearApprovals(new JdbcTemplate(database), new TransactionTemplate(new DataSourceTransactionManager(database)),
                clock, tenant, Duration.ofHours(24));
    }

    private static List<Publication> clears(String... recipients) {
        return java.util.Arrays.stream(recipients).map(r -> new Publication(r, "id-" + r, List.of(), List.of())).toList();
    }

    @Test
    void anApprovalNamesTheHeldBackRunAndItsExactSet() {
        ClearApprovals approvals = approvals("tenant-a");
        approvals.hold("run-1", clears("b@x", "a@x"));

        ClearApprovals.Approval approval = approvals.approve("alice");

        assertThat(approval.runId()).isEqualTo("run-1");
        assertThat(approval.recipients()).containsExactlyInAnyOrder("a@x", "b@x");
        assertThat(approval.approvedBy()).isEqualTo("alice");
        assertThat(approval.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(24)));
        assertThat(approvals.held().orElseThrow().recipients()).containsExactly("a@x", "b@x");
    }

    @Test
    void anApprovalLetsItsSetThroughAndTheRestGoesOnlyWhenItAloneIsWithinTheThreshold() {
        ClearApprovals approvals = approvals("tenant-a");
        approvals.hold("run-1", clears("a@x", "b@x", "c@x"));
        approvals.approve("alice");
        List<Publication> found = clears("a@x", "new1@x", "b@x", "c@x", "new2@x");

        ClearApprovals.Split<Publication> within = approvals.split(found, c -> List.of(c.recipient()),
                rest -> rest.size() > 2 ? rest.size() + " exceed 2" : null);
        ClearApprovals.Split<Publication> above = approvals.split(found, c -> List.of(c.recipient()),
                rest -> rest.size() > 1 ? rest.size() + " exceed 1" : null);

        assertThat(within.approved()).extracting(Publication::recipient).containsExactly("a@x", "b@x", "c@x");
        assertThat(within.apply()).isEqualTo(found);
        assertThat(within.held()).isEmpty();
        assertThat(above.apply()).extracting(Publication::recipient).containsExactly("a@x", "b@x", "c@x");
        assertThat(above.held()).extracting(Publication::recipient).containsExactly("new1@x", "new2@x");
        assertThat(above.heldReason()).isEqualTo("2 exceed 1");
    }

    @Test
    void nothingHeldBackMeansNothingToApprove() {
        ClearApprovals approvals = approvals("tenant-a");

        assertThatThrownBy(() -> approvals.approve("alice")).hasMessageStartingWith("nothing is held back");

        approvals.hold("run-1", clears("a@x"));
        approvals.release();
        assertThatThrownBy(() -> approvals.approve("alice")).hasMessageStartingWith("nothing is held back");
    }

    @Test
    void anApprovalExpires() {
        ClearApprovals approvals = approvals("tenant-a");
        approvals.hold("run-1", clears("a@x"));
        approvals.approve("alice");

        clock.advance(Duration.ofHours(24));

        assertThat(approvals.open()).isEmpty();
    }

    @Test
    void anApprovalIsSpentOnceAndALaterHeldSetIsNotCoveredByIt() {
        ClearApprovals approvals = approvals("tenant-a");
        approvals.hold("run-1", clears("a@x"));
        ClearApprovals.Approval approval = approvals.approve("alice");

        approvals.consume(approval, "run-2");
        assertThat(approvals.open()).isEmpty();

        approvals.hold("run-3", clears("c@x"));
        approvals.approve("bob");
        approvals.hold("run-4", clears("d@x"));
        // bob approved run-3's set; run-4 holds another, which his approval does not mean
        assertThat(approvals.open().orElseThrow().recipients()).isEmpty();
    }

    @Test
    void anotherTenantSeesNothingOfThisOne() {
        approvals("tenant-a").hold("run-1", clears("a@x"));
        approvals("tenant-a").approve("alice");

        assertThat(approvals("tenant-b").held()).isEmpty();
        assertThat(approvals("tenant-b").open()).isEmpty();
    }

    @Test
    void theHygieneThresholdKeepsItsOwnSetsApartFromTheClears() {
        ClearApprovals clears = approvals("tenant-a");
        ClearApprovals hygiene = new ClearApprovals(new JdbcTemplate(database),
                new TransactionTemplate(new DataSourceTransactionManager(database)), clock, ClearApprovals.HYGIENE,
                "ldap://dc1.corp.example:389 " + "OU=Users,".repeat(40) + "DC=corp,DC=example", Duration.ofHours(24));
        clears.hold("run-1", clears("a@x"));
        hygiene.holdItems("hygiene-1", List.of(new ClearApprovals.Item("f".repeat(64) + " guid-1", "guid-1")));

        hygiene.approve("alice");

        assertThat(hygiene.open().orElseThrow().recipients()).containsExactly("f".repeat(64) + " guid-1");
        assertThat(clears.open()).isEmpty();
        assertThat(clears.held().orElseThrow().recipients()).containsExactly("a@x");
    }
}
