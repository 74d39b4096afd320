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
import java.util.Set;
import java.util.stream.Collectors;

import org.certsync.directory.DirectoryUser;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Per recipient of one tenant, its last {@link Judgement}; and the page-wise read of the state a run needs for a page
 * of users: what each recipient carries and how it was last judged, in one query for the page.
 */
public class JudgedRecipients {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final String tenant;

    /** @param tenant the Exchange Online tenant whose state this is */
    public JudgedRecipients(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, String tenant) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.tenant = tenant;
    }

    /**
     * The state of a page's recipients, one query for a page of up to {@value KeyTable#MAX_KEYS} users: what each
     * carries, its last judgement, and whether several entries shared it at its last read.
     */
    public PageState pageState(List<DirectoryUser> users) {
        Set<String> recipients = users.stream().map(user -> Publication.recipient(user.mail())).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        Map<String, PublishedState.Entry> published = new HashMap<>();
        Map<String, Judgement> judged = new HashMap<>();
        Set<String> shared = new HashSet<>();
        for (List<String> chunk : KeyTable.chunks(recipients)) {
            List<Object> arguments = new ArrayList<>(chunk.size() + 3);
            arguments.addAll(chunk);
            arguments.addAll(List.of(tenant, tenant, tenant));
            // three tables in one statement: the columns a table lacks are NULL in its rows
            jdbc.query(KeyTable.with(chunk.size())
                    + "SELECT 'p' AS row_kind, p.recipient, p.user_id, p.certificate_set, p.user_certificate,"
                    + " p.user_smime_certificate, p.published_at, p.run_id, NULL AS input_digest, 0 AS accepted,"
                    + " NULL AS rejected, NULL AS stable_until FROM keys"
                    + " JOIN published_state p ON p.tenant = ? AND p.recipient = keys.k"
                    + " UNION ALL SELECT 'j', j.recipient, j.user_id, j.certificate_set, NULL, NULL, NULL, NULL,"
                    + " j.input_digest, j.accepted, j.rejected, j.stable_until FROM keys"
                    + " JOIN judged_recipient j ON j.tenant = ? AND j.recipient = keys.k"
                    + " UNION ALL SELECT 's', s.recipient, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL FROM keys"
                    + " JOIN shared_recipient s ON s.tenant = ? AND s.recipient = keys.k",
                    rs -> {
                        String kind = rs.getString("row_kind");
                        if ("p".equals(kind)) {
                            published.put(rs.getString("recipient"), PublishedState.entry(rs, 0));
                        } else if ("s".equals(kind)) {
                            shared.add(rs.getString("recipient"));
                        } else {
                            Timestamp stableUntil = rs.getTimestamp("stable_until");
                            judged.put(rs.getString("recipient"), new Judgement(rs.getString("recipient"),
                                    rs.getString("user_id"), rs.getString("input_digest"), rs.getString("certificate_set"),
                                    rs.getInt("accepted"), Judgement.rejectedFrom(rs.getString("rejected")),
                                    stableUntil == null ? null : stableUntil.toInstant()));
                        }
                    }, arguments.toArray());
        }
        return new PageState(recipients, published, judged, shared);
    }

    /** Keeps these judgements (replacing the recipients' earlier ones) in one commit; a dry run keeps nothing. */
    public void remember(List<Judgement> judgements, boolean dryRun) {
        if (judgements == null || judgements.isEmpty() || dryRun) return;
        // one row per recipient: the last judgement of the list counts
        Map<String, Judgement> byRecipient = new java.util.LinkedHashMap<>();
        judgements.forEach(judgement -> byRecipient.put(judgement.recipient(), judgement));
        Collection<Judgement> rows = byRecipient.values();
        Timestamp now = Timestamp.from(clock.instant());
        transactions.executeWithoutResult(status -> {
            jdbc.batchUpdate("DELETE FROM judged_recipient WHERE tenant = ? AND recipient = ?",
                    rows.stream().map(j -> new Object[] {tenant, j.recipient()}).toList());
            jdbc.batchUpdate("INSERT INTO judged_recipient (tenant, recipient, user_id, input_digest, certificate_set,"
                            + " accepted, rejected, stable_until, judged_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows.stream().map(j -> new Object[] {tenant, j.recipient(), j.userId(), j.inputDigest(),
                            j.certificateSet(), j.accepted(), j.rejectedColumn(),
                            j.stableUntil() == null ? null : Timestamp.from(j.stableUntil()), now}).toList());
        });
    }

    /**
     * After a complete full read: forgets the judgements of recipients the run did not see (gone from the scope), so
     * the table holds the recipients in scope and no more.
     */
    public int forgetUnseen(SeenRecipients seen) {
        List<Object[]> gone = jdbc.queryForList("SELECT recipient FROM judged_recipient WHERE tenant = ?", String.class,
                tenant).stream().filter(recipient -> !seen.seen(recipient)).map(recipient -> new Object[] {tenant, recipient})
                .toList();
        transactions.executeWithoutResult(status -> jdbc.batchUpdate(
                "DELETE FROM judged_recipient WHERE tenant = ? AND recipient = ?", gone));
        return gone.size();
    }
}
