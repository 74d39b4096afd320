package org.certsync.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.certsync.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

class ConsoleAuditTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T08:00:00Z"));
    private final ConsoleAudit audit = new ConsoleAudit(clock);

    @AfterEach
    void logOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void recordsWhoRanWhatWhenWithTheOutcomeAndHandsTheUserToTheOperation() {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                "olivia", null, AuthorityUtils.createAuthorityList(ConsoleRole.OPERATOR.authority())));

        String outcome = audit.run("resyncUser", "a@corp.example", user -> "done by " + user);

        assertThat(outcome).isEqualTo("done by olivia");
        assertThat(audit.entries()).containsExactly(new ConsoleAudit.Entry(clock.instant(), "olivia", "resyncUser",
                "a@corp.example", "done by olivia"));
    }

    @Test
    void callsWithoutSpringSecurityComeFromLocalJmx() {
        audit.run("deadLetters", "", user -> "no dead letters");

        assertThat(audit.entries().get(0).user()).isEqualTo("local-jmx");
    }

    @Test
    void keepsTheLastHundredNewestFirst() {
        for (int i = 1; i <= 130; i++) {
            String n = Integer.toString(i);
            audit.run("syncNow", n, user -> n);
        }

        assertThat(audit.entries()).hasSize(100);
        assertThat(audit.entries().get(0).argument()).isEqualTo("130");
        assertThat(audit.entries().get(99).argument()).isEqualTo("31");
    }

    @Test
    void aFailedOperationIsRecordedAndItsExceptionPassedOn() {
        assertThatThrownBy(() -> audit.run("syncNow", "", user -> {
            throw new IllegalStateException("no sync run in progress");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(audit.entries().get(0).outcome()).isEqualTo("failed: IllegalStateException: no sync run in progress");
    }
}
