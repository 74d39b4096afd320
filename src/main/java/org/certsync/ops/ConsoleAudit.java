package org.certsync.ops;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.UnaryOperator;

import org.certsync.FailureMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who ran which console operation, when, with what outcome: one INFO line each and the last {@value #KEPT} in
 * memory. (A database table for them is a later step.)
 */
public class ConsoleAudit {

    static final int KEPT = 100;
    /** Who calls without Spring Security, i.e. over local JMX (jconsole, the JDK's attach API). */
    static final String LOCAL_JMX = "local-jmx";
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleAudit.class);

    /** One audited operation. */
    public record Entry(Instant at, String user, String operation, String argument, String outcome) {

        @Override
        public String toString() {
            return at + " " + user + " " + operation + "(" + argument + "): " + outcome;
        }
    }

    private final Clock clock;
    private final Deque<Entry> entries = new ArrayDeque<>();

    public ConsoleAudit(Clock clock) {
        this.clock = clock;
    }

    /**
     * Runs an operation as the current user and records it.
     *
     * @param action gets the user's name, returns the outcome the caller sees
     */
    public String run(String operation, String argument, UnaryOperator<String> action) {
        String user = currentUser();
        Instant at = clock.instant();
        try {
            String outcome = action.apply(user);
            keep(new Entry(at, user, operation, argument, outcome));
            return outcome;
        } catch (RuntimeException e) {
            keep(new Entry(at, user, operation, argument, "failed: " + FailureMessages.describe(e)));
            throw e;
        }
    }

    /** Records what the current user asked for and the answer, for decisions taken elsewhere (Jolokia's). */
    public void record(String operation, String argument, String outcome) {
        keep(new Entry(clock.instant(), currentUser(), operation, argument, outcome));
    }

    /** Newest first. */
    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    private void keep(Entry entry) {
        LOG.info("Console operation by {}: {}({}) -> {}", entry.user(), entry.operation(), entry.argument(),
                entry.outcome());
        synchronized (this) {
            entries.addFirst(entry);
            if (entries.size() > KEPT) entries.removeLast();
        }
    }

    private static String currentUser() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null ? LOCAL_JMX : authentication.getName();
    }
}
