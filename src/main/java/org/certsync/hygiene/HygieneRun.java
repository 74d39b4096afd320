package org.certsync.hygiene;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;

/**
 * One hygiene run as it goes: travels on the exchange ({@link #PROPERTY}) from hygiene-run's start to its report.
 * Collects the users' plans while the directory is read, then what became of each.
 */
public final class HygieneRun {

    public static final String PROPERTY = "certsyncHygieneRun";

    /** What became of a user's plan. */
    public enum Outcome {
        REMOVED("removed"), WOULD_REMOVE("would-remove"), HELD("held"), SKIPPED("skipped"), REFUSED("refused"),
        UNCERTAIN("uncertain"), ALREADY_GONE("already-gone"), KEPT("kept"), NOT_APPLIED("not-applied");

        private final String code;

        Outcome(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /**
     * A user in the report: what was (or would be) removed, what was kept and why, or why nothing happened.
     *
     * @param path which path the recipient's certificates take to Exchange Online: {@code directory} (synchronized
     *             from on-premises: what hygiene leaves is what Entra Connect carries) or {@code exchange-online}
     *             (CertSync publishes them); null without a mail address
     */
    public record UserResult(String dn, String userId, String recipient, String path, String outcome, String cause,
                             List<Value> values, List<String> notes) {

        public UserResult withPath(String value) {
            return new UserResult(dn, userId, recipient, value, outcome, cause, values, notes);
        }
    }

    /** A value in the report: never the value itself, its fingerprint. */
    public record Value(String attribute, String fingerprint, String reason) {
    }

    private final String runId;
    private final String trigger;
    private final boolean dryRun;
    private final Instant startedAt;
    private final String directory;
    private final Map<String, Set<String>> restored;
    private final List<HygienePlan> plans = new ArrayList<>();
    private final Map<HygienePlan, Outcome> outcomes = new LinkedHashMap<>();
    private final Map<HygienePlan, String> causes = new LinkedHashMap<>();
    private final Map<HygienePlan, Integer> removed = new LinkedHashMap<>();
    private int usersRead;
    private String held;
    private boolean readIncomplete;

    public HygieneRun(String runId, String trigger, boolean dryRun, Instant startedAt, String directory,
                      Map<String, Set<String>> restored) {
        this.runId = runId;
        this.trigger = trigger;
        this.dryRun = dryRun;
        this.startedAt = startedAt;
        this.directory = directory;
        this.restored = Map.copyOf(restored);
    }

    public static HygieneRun of(Exchange exchange) {
        return exchange.getProperty(PROPERTY, HygieneRun.class);
    }

    public String runId() {
        return runId;
    }

    public String trigger() {
        return trigger;
    }

    public boolean dryRun() {
        return dryRun;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public String directory() {
        return directory;
    }

    /** Fingerprints of the values an operator restored to this user. */
    public Set<String> restored(String userId) {
        return restored.getOrDefault(userId, Set.of());
    }

    synchronized void read(int users, List<HygienePlan> worthReporting) {
        usersRead += users;
        plans.addAll(worthReporting);
    }

    public synchronized int usersRead() {
        return usersRead;
    }

    /** The plans whose removals may go ahead, in reading order. */
    public synchronized List<HygienePlan> removing() {
        return plans.stream().filter(HygienePlan::removes).toList();
    }

    synchronized void outcome(HygienePlan plan, Outcome outcome, String cause) {
        outcomes.put(plan, outcome);
        cause(plan, cause);
    }

    /** What the write did: the values it removed (those still there), and why any planned one was not. */
    synchronized void outcome(HygienePlan plan, Outcome outcome, String cause, int valuesRemoved) {
        outcome(plan, outcome, cause);
        removed.put(plan, valuesRemoved);
    }

    /** A word on the user's line, after any said before (e.g. why its removals went through above the threshold). */
    synchronized void cause(HygienePlan plan, String cause) {
        if (cause != null) causes.merge(plan, cause, (before, after) -> before + "; " + after);
    }

    synchronized void held(String reason) {
        held = reason;
    }

    /** The read dropped entries: this run removes nothing, for the reason given. */
    synchronized void readIncomplete(String reason) {
        readIncomplete = true;
        held = reason;
    }

    public synchronized boolean readIncomplete() {
        return readIncomplete;
    }

    /** Why the run held its removals back for approval; null when it did not. */
    public synchronized String held() {
        return held;
    }

    public synchronized int count(Outcome outcome) {
        return (int) outcomes.values().stream().filter(outcome::equals).count();
    }

    public synchronized int valuesRemoved() {
        return removed.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Every user worth a line, with what became of it: skipped users and kept values stand as planned. */
    public synchronized List<UserResult> users() {
        List<UserResult> users = new ArrayList<>();
        for (HygienePlan plan : plans) {
            Outcome outcome = plan.skipped() != null ? Outcome.SKIPPED
                    : plan.removals().isEmpty() ? Outcome.KEPT : outcomes.getOrDefault(plan, Outcome.NOT_APPLIED);
            String cause = plan.skipped() != null ? plan.skipped() : causes.get(plan);
            users.add(new UserResult(plan.dn(), plan.userId(), plan.recipient(), null, outcome.code(), cause, plan.removals().stream()
                    .map(r -> new Value(r.attribute(), r.fingerprint(), r.reason())).toList(), plan.notes()));
        }
        return Collections.unmodifiableList(users);
    }
}
