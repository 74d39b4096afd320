package org.certsync.state;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Clears held back by the deletion threshold, and operators' approvals of them. A run that holds clears back keeps
 * their exact set; an approval names that run, lets through that set and nothing else, and expires. The next run that
 * exceeds the threshold clears those of the set that are still gone, and the approval is spent; what that run finds
 * beyond the set is judged against the threshold on its own ({@link #split}).
 * <p>
 * The same for every deletion threshold, by kind: a tenant's clears ({@link #CLEARS}, items are recipients) and the
 * directory hygiene's removals ({@link #HYGIENE}, scope the directory, items the values of users).
 */
public class ClearApprovals {

    /**
     * The clears a run held back.
     *
     * @param recipients the recipients, sorted
     */
    public record Held(String runId, Instant heldAt, List<String> recipients) {
        public int count() {
            return recipients.size();
        }
    }

    /** An open approval: of the clears {@code runId} held back, by whom, until when. */
    public record Approval(long id, String runId, Set<String> recipients, String approvedBy, Instant approvedAt,
                           Instant expiresAt) {
    }

    /** An item a run held back: a recipient to clear, or a user's value to remove; {@code key} names it in the set. */
    public record Item(String key, String userId) {
    }

    /**
     * A run above the threshold, split by the open approval.
     *
     * @param approval   the open approval, if any
     * @param approved   what it lets through: the changes all of whose items it names
     * @param apply      what goes now: the approved ones, and the rest too when the rest alone is within the threshold
     *                   (it would go without the held set)
     * @param held       the rest when it alone exceeds the threshold: it waits for a new approval
     * @param heldReason why the rest waits; null when nothing does
     */
    public record Split<T>(Optional<Approval> approval, List<T> approved, List<T> apply, List<T> held, String heldReason) {
    }

    public static final String CLEARS = "clear";
    public static final String HYGIENE = "hygiene";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final String kind;
    private final String scope;
    private final Duration lifetime;

    /**
     * The clears' threshold.
     *
     * @param tenant   the Exchange Online tenant whose clears these are
     * @param lifetime how long an approval may wait for the run that uses it
     */
    public ClearApprovals(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, String tenant, Duration lifetime) {
        this(jdbc, transactions, clock, CLEARS, tenant, lifetime);
    }

    /**
     * @param kind  which threshold: {@link #CLEARS} or {@link #HYGIENE}
     * @param scope what the held sets belong to: the tenant for clears, the directory for hygiene
     */
    public ClearApprovals(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, String kind, String scope,
                          Duration lifetime) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.kind = kind;
        this.scope = scope;
        this.lifetime = lifetime;
    }

    /** A run held these clears back: what an approval will mean from now on (replacing any earlier run's set). */
    public void hold(String runId, List<Publication> clears) {
        holdItems(runId, clears.stream().map(c -> new Item(c.recipient(), c.userId())).toList());
    }

    /** A run held these items back: what an approval will mean from now on (replacing any earlier run's set). */
    public void holdItems(String runId, List<Item> items) {
        Timestamp now = Timestamp.from(clock.instant());
        transactions.executeWithoutResult(status -> {
            jdbc.update("DELETE FROM held_clear WHERE kind = ? AND tenant = ?", kind, scope);
            jdbc.batchUpdate("INSERT INTO held_clear (kind, tenant, run_id, recipient, user_id, held_at) VALUES (?, ?, ?, ?, ?, ?)",
                    items.stream().map(c -> new Object[]{kind, scope, runId, c.key(), c.userId(), now}).toList());
        });
    }

    /** Nothing is held back any more (a run's clears went through, or none were left). */
    public void release() {
        jdbc.update("DELETE FROM held_clear WHERE kind = ? AND tenant = ?", kind, scope);
    }

    /** The clears held back now, if any. */
    public Optional<Held> held() {
        List<String> runs = jdbc.queryForList("SELECT DISTINCT run_id FROM held_clear WHERE kind = ? AND tenant = ?", String.class,
                kind, scope);
        if (runs.isEmpty()) return Optional.empty();
        String runId = runs.get(0);
        Instant heldAt = jdbc.queryForObject("SELECT MIN(held_at) FROM held_clear WHERE kind = ? AND tenant = ? AND run_id = ?",
                Timestamp.class, kind, scope, runId).toInstant();
        return Optional.of(new Held(runId, heldAt, recipientsHeldBy(runId)));
    }

    /**
     * Approves the clears held back now.
     *
     * @throws IllegalStateException when nothing is held back: there is nothing an approval could mean
     */
    public Approval approve(String operator) {
        Held held = held().orElseThrow(() -> new IllegalStateException("nothing is held back: no run exceeded the"
                + " deletion threshold since clears last went through, so there is nothing to approve"));
        Instant now = clock.instant();
        Instant expires = now.plus(lifetime);
        jdbc.update("INSERT INTO clear_approval (kind, tenant, run_id, clears, approved_by, approved_at, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)", kind, scope, held.runId(), held.count(), operator, Timestamp.from(now),
                Timestamp.from(expires));
        return open().orElseThrow();
    }

    /** The newest approval not spent and not expired, with the set it means; empty when there is none. */
    public Optional<Approval> open() {
        Timestamp now = Timestamp.from(clock.instant());
        return jdbc.query("SELECT id, run_id, approved_by, approved_at, expires_at FROM clear_approval WHERE kind = ?"
                        + " AND tenant = ? AND consumed_by_run IS NULL AND expires_at > ? ORDER BY approved_at DESC",
                (rs, row) -> new Approval(rs.getLong("id"), rs.getString("run_id"), Set.of(),
                        rs.getString("approved_by"), rs.getTimestamp("approved_at").toInstant(),
                        rs.getTimestamp("expires_at").toInstant()), kind, scope, now).stream().findFirst()
                .map(a -> new Approval(a.id(), a.runId(), Set.copyOf(recipientsHeldBy(a.runId())), a.approvedBy(),
                        a.approvedAt(), a.expiresAt()));
    }

    /**
     * Splits a run's changes, above the threshold, by the open approval.
     *
     * @param changes  every change the run would make, in order
     * @param items    the keys of a change's items (a recipient; a user's values)
     * @param exceeded why these changes exceed the threshold; null within it
     */
    public <T> Split<T> split(List<T> changes, Function<T, Collection<String>> items, Function<List<T>, String> exceeded) {
        Optional<Approval> approval = open();
        Set<String> named = approval.map(Approval::recipients).orElse(Set.of());
        // one pass: a contains() per change would cost changes × approved comparisons
        java.util.Map<Boolean, List<T>> byApproval = changes.stream().collect(java.util.stream.Collectors.partitioningBy(
                c -> approval.isPresent() && named.containsAll(items.apply(c))));
        List<T> approved = List.copyOf(byApproval.get(true));
        List<T> rest = List.copyOf(byApproval.get(false));
        String restExceeded = rest.isEmpty() ? null : exceeded.apply(rest);
        return restExceeded == null ? new Split<>(approval, approved, changes, List.of(), null)
                : new Split<>(approval, approved, approved, rest, restExceeded);
    }

    /** The approval was used by this run. */
    public void consume(Approval approval, String runId) {
        jdbc.update("UPDATE clear_approval SET consumed_by_run = ?, consumed_at = ? WHERE id = ?", runId,
                Timestamp.from(clock.instant()), approval.id());
    }

    /**
     * What an approval would mean now, for an operator: "N {noun} held back by run R at T: the first ones; approved by
     * whom until when" (or "not approved"); empty when nothing is held back.
     */
    public Optional<String> describeHeld(String noun) {
        return held().map(held -> held.count() + " " + noun + " held back by run " + held.runId() + " at " + held.heldAt()
                + ": " + first(held.recipients()) + open().filter(a -> a.runId().equals(held.runId()))
                .map(a -> "; approved by " + a.approvedBy() + " until " + a.expiresAt()).orElse("; not approved"));
    }

    /** The first few items of a set, sorted, for an operator to recognise it. */
    public static String first(java.util.Collection<String> items) {
        List<String> sorted = items.stream().sorted().toList();
        return String.join(", ", sorted.subList(0, Math.min(10, sorted.size())))
                + (sorted.size() > 10 ? " and " + (sorted.size() - 10) + " more" : "");
    }

    private List<String> recipientsHeldBy(String runId) {
        return jdbc.queryForList("SELECT recipient FROM held_clear WHERE kind = ? AND tenant = ? AND run_id = ?"
                + " ORDER BY recipient", String.class, kind, scope, runId);
    }
}
