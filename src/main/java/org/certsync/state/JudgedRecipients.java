package org.certsync.state;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.certsync.directory.DirectoryUser;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Per recipient of one tenant, its last {@link Judgement}; and the page-wise read of the state a run needs for a page
 * of users, in one query for the page.
 *
 * <p>A kept judgement's recipient carries its set, for its entry: a judgement is written only when its recipient is
 * read to carry it ({@link #remember}, after the page's publishes), and every change of what the recipient carries
 * deletes it in the same commit ({@link PublishedState}). So a settled user (same entry, same inputs, time within
 * bounds) needs no read of what its recipient carries.
 */
public class JudgedRecipients {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final String tenant;
    private final PublishedState state;

    /** @param tenant the Exchange Online tenant whose state this is */
    public JudgedRecipients(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, String tenant,
                            PublishedState state) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.tenant = tenant;
        this.state = state;
    }

    /**
     * The state of a page's recipients, one query for a page of up to {@value KeyTable#MAX_KEYS} users: each one's
     * last judgement, whether several entries shared it at its last read, and whether it is synchronized from
     * on-premises. What they carry is read when asked
     * ({@link PageState#need}).
     */
    public PageState pageState(List<DirectoryUser> users) {
        Set<String> recipients = users.stream().map(user -> Publication.recipient(user.mail())).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        Map<String, Judgement> judged = new HashMap<>();
        Set<String> shared = new HashSet<>();
        Map<String, SynchronizedRecipients.Synchronized> synchronizedRecipients = new HashMap<>();
        for (List<String> chunk : KeyTable.chunks(recipients)) {
            List<Object> arguments = new ArrayList<>(chunk.size() + 2);
            arguments.addAll(chunk);
            arguments.addAll(List.of(tenant, tenant, tenant));
            // three tables in one statement: the columns a table lacks are NULL in its rows; a synchronized recipient's
            // source, detection and check travel in certificate_set, stable_until and checked_at
            jdbc.query(KeyTable.with(chunk.size())
                    + "SELECT 'j' AS row_kind, j.recipient, j.user_id, j.certificate_set, j.input_digest, j.accepted,"
                    + " j.rejected, j.stable_until, CAST(NULL AS TIMESTAMP WITH TIME ZONE) AS checked_at FROM keys"
                    + " JOIN judged_recipient j ON j.tenant = ? AND j.recipient = keys.k"
                    + " UNION ALL SELECT 's', s.recipient, NULL, NULL, NULL, 0, NULL, NULL, NULL FROM keys"
                    + " JOIN shared_recipient s ON s.tenant = ? AND s.recipient = keys.k"
                    + " UNION ALL SELECT 'o', o.recipient, o.user_id, o.source, NULL, 0, NULL, o.detected_at, o.checked_at"
                    + " FROM keys JOIN synchronized_recipient o ON o.tenant = ? AND o.recipient = keys.k",
                    rs -> {
                        if ("s".equals(rs.getString("row_kind"))) {
                            shared.add(rs.getString("recipient"));
                        } else if ("o".equals(rs.getString("row_kind"))) {
                            synchronizedRecipients.put(rs.getString("recipient"), new SynchronizedRecipients.Synchronized(
                                    rs.getString("recipient"), rs.getString("user_id"), rs.getString("certificate_set").strip(),
                                    rs.getTimestamp("stable_until").toInstant(), rs.getTimestamp("checked_at").toInstant()));
                        } else {
                            Timestamp stableUntil = rs.getTimestamp("stable_until");
                            judged.put(rs.getString("recipient"), new Judgement(rs.getString("recipient"),
                                    rs.getString("user_id"), rs.getString("input_digest"), rs.getString("certificate_set"),
                                    rs.getInt("accepted"), Judgement.rejectedFrom(rs.getString("rejected")),
                                    stableUntil == null ? null : stableUntil.toInstant()));
                        }
                    }, arguments.toArray());
        }
        return new PageState(recipients, judged, shared, synchronizedRecipients, state::findByRecipients);
    }

    /**
     * After the page's publishes: keeps the judgements whose recipients now carry them, for their entry (read in the
     * same transaction), replacing the recipients' earlier ones, in one commit. One whose publish failed or waits
     * (a held clear) is not kept: its user is judged again next time. A dry run keeps nothing.
     *
     * @param page the page's state, whose recipients without a judgement at the page's start have no row to replace
     *             (only this run writes them); null: replace any
     */
    public void remember(Map<String, Judgement> judgements, PageState page, boolean dryRun) {
        if (judgements == null || judgements.isEmpty() || dryRun) return;
        transactions.executeWithoutResult(status -> {
            Map<String, PublishedState.Entry> records = new HashMap<>();
            state.findByRecipients(judgements.keySet()).forEach(entry -> records.put(entry.recipient(), entry));
            List<Judgement> carried = judgements.values().stream()
                    .filter(judgement -> carries(judgement, Optional.ofNullable(records.get(judgement.recipient())))).toList();
            List<String> replaced = carried.stream().map(Judgement::recipient)
                    .filter(recipient -> page == null || page.judged(recipient).isPresent()).toList();
            replace(jdbc, tenant, replaced, carried, Timestamp.from(clock.instant()));
        });
    }

    private static boolean carries(Judgement judgement, Optional<PublishedState.Entry> entry) {
        return entry.map(PublishedState.Entry::certificateSet).orElse(Publication.EMPTY_SET).equals(judgement.certificateSet())
                && entry.map(e -> e.userId().equals(judgement.userId())).orElse(true);
    }

    /**
     * Deletes the judgements of these recipients and inserts the given ones, in the caller's transaction: with
     * {@link #forget(JdbcTemplate, String, Collection)}, the one place judged_recipient rows are written.
     */
    static void replace(JdbcTemplate jdbc, String tenant, Collection<String> recipients, Collection<Judgement> keep,
                        Timestamp now) {
        forget(jdbc, tenant, recipients);
        jdbc.batchUpdate("INSERT INTO judged_recipient (tenant, recipient, user_id, input_digest, certificate_set,"
                        + " accepted, rejected, stable_until, judged_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                keep.stream().map(j -> new Object[] {tenant, j.recipient(), j.userId(), j.inputDigest(),
                        j.certificateSet(), j.accepted(), j.rejectedColumn(),
                        j.stableUntil() == null ? null : Timestamp.from(j.stableUntil()), now}).toList());
    }

    /**
     * After a complete full read: forgets the judgements of recipients the run did not see (gone from the scope), so
     * the table holds the recipients in scope and no more.
     */
    public int forgetUnseen(SeenRecipients seen) {
        List<String> gone = KeyTable.unseen(jdbc, "judged_recipient", tenant, seen);
        transactions.executeWithoutResult(status -> forget(jdbc, tenant, gone));
        return gone.size();
    }

    /** Deletes the judgements of these recipients, in the caller's transaction. */
    static void forget(JdbcTemplate jdbc, String tenant, Collection<String> recipients) {
        jdbc.batchUpdate("DELETE FROM judged_recipient WHERE tenant = ? AND recipient = ?",
                recipients.stream().distinct().map(recipient -> new Object[] {tenant, recipient}).toList());
    }
}
