package org.certsync.state;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The idempotent repository: per recipient of one tenant, the certificate set last published successfully.
 * A recipient is published only when the set it should carry differs from the stored one; it is recorded when Camel
 * confirms the key after a successful write, never before, so a failed publish leaves the previous state as it was.
 */
public class PublishedState extends ServiceSupport implements IdempotentRepository {

    /** Exchange property holding the {@link Publication} being published. */
    public static final String PUBLICATION = "certsyncPublication";
    /** Exchange property holding the current run id. */
    public static final String RUN_ID = "certsyncRunId";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final String tenant;
    private final GroupCommit<StateWrites.Confirmed> records = new GroupCommit<>(this::record);

    /** @param tenant the Exchange Online tenant whose state this is: every row is scoped to it */
    public PublishedState(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, String tenant) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.tenant = tenant;
    }

    /** @param lastExpiry when the last of its certificates expires; null when it carries none or was recorded before V13 */
    public record Entry(String recipient, String userId, String certificateSet, List<String> userCertificate,
                        List<String> userSmimeCertificate, java.time.Instant publishedAt, String runId,
                        java.time.Instant lastExpiry) {
    }

    /** What CertSync last published to the recipient, from the page's state when it covers the recipient. */
    public Optional<Entry> find(String recipient, PageState page) {
        return page != null && page.covers(recipient) ? page.published(recipient) : find(recipient);
    }

    public Optional<Entry> find(String recipient) {
        return jdbc.query("SELECT * FROM published_state WHERE tenant = ? AND recipient = ?", PublishedState::entry, tenant, recipient).stream().findFirst();
    }

    public int count() {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM published_state WHERE tenant = ?", Integer.class, tenant);
        return count == null ? 0 : count;
    }

    /** True when the recipient already carries exactly this set; the page's state answers for its recipients. */
    public boolean carries(Publication publication, PageState page) {
        return carried(find(publication.recipient(), page)).equals(publication.certificateSet());
    }

    /** True when the recipient already carries exactly this set (no state counts as the empty set). */
    @Override
    public boolean contains(String key) {
        return contains((PageState) null, key);
    }

    /** As {@link #contains(String)}; the page's state on the exchange answers for its recipients. */
    @Override
    public boolean contains(Exchange exchange, String key) {
        return contains(exchange.getProperty(PageState.PROPERTY, PageState.class), key);
    }

    private boolean contains(PageState page, String key) {
        Publication.Key parsed = Publication.Key.parse(key);
        return carried(find(parsed.recipient(), page)).equals(parsed.certificateSet());
    }

    /** The certificate set a recipient carries; no record counts as the empty set. */
    private static String carried(Optional<Entry> entry) {
        return entry.map(Entry::certificateSet).orElse(Publication.EMPTY_SET);
    }

    /**
     * Whether the key is new, i.e. the recipient should be written. Nothing is recorded here, whichever way the route
     * sets {@code eager}: with {@code eager: true} Camel calls this before the write, so recording waits for
     * {@link #confirm(Exchange, String)}, which Camel calls only after success.
     */
    @Override
    public boolean add(Exchange exchange, String key) {
        return !contains(exchange, key);
    }

    @Override
    public boolean add(String key) {
        return !contains(key);
    }

    /**
     * Records the publication on the exchange, after its write succeeded: Camel confirms a key only when the exchange
     * completed without failure (and confirms unchanged recipients too: their record and publish time stay). Within
     * a $batch (property {@value StateWrites#PROPERTY}) the record waits for {@link #write} at the batch's end, so the
     * batch's recipients are recorded in one commit.
     */
    @Override
    public boolean confirm(Exchange exchange, String key) {
        Publication publication = exchange.getProperty(PUBLICATION, Publication.class);
        if (publication == null || !key.equals(publication.key())) {
            throw new IllegalStateException("exchange property " + PUBLICATION + " does not match key " + key);
        }
        String runId = exchange.getProperty(RUN_ID, "manual", String.class);
        StateWrites writes = exchange.getProperty(StateWrites.PROPERTY, StateWrites.class);
        if (writes != null) {
            writes.add(publication, runId);
            return true;
        }
        return record(List.of(new StateWrites.Confirmed(publication, runId))) > 0;
    }

    /** Without the exchange there is no publication to record (fingerprints, user): only Camel's calls record. */
    @Override
    public boolean confirm(String key) {
        return false;
    }

    /** A collector for one $batch's records (see {@link StateWrites}). */
    public StateWrites writes() {
        return new StateWrites();
    }

    /**
     * Records what a $batch's members confirmed, in one commit with the records of the batches answered meanwhile
     * ({@link GroupCommit}); returns once they are committed.
     */
    public void write(StateWrites writes) {
        if (writes != null) records.write(writes.drain());
    }

    /**
     * Records what the recipients now carry, and each change in the append-only audit trail: all in one commit (never
     * a state without its audit rows, and one write of H2's store). A changed recipient's kept judgement is deleted in
     * the same commit (see {@link JudgedRecipients}): the page keeps the new one once it is carried. Returns how many
     * recipients changed.
     */
    private int record(List<StateWrites.Confirmed> confirmed) {
        if (confirmed.isEmpty()) return 0;
        return transactions.execute(status -> {
            java.util.Map<String, Entry> before = new java.util.HashMap<>();
            for (Entry entry : findByRecipients(confirmed.stream().map(c -> c.publication().recipient()).toList())) {
                before.put(entry.recipient(), entry);
            }
            Timestamp now = Timestamp.from(clock.instant());
            List<AuditChange> audits = new java.util.ArrayList<>();
            List<Object[]> updates = new java.util.ArrayList<>();
            List<Object[]> inserts = new java.util.ArrayList<>();
            List<String> changed = new java.util.ArrayList<>();
            for (StateWrites.Confirmed c : confirmed) {
                Publication publication = c.publication();
                Optional<Entry> was = Optional.ofNullable(before.get(publication.recipient()));
                if (carried(was).equals(publication.certificateSet())) continue;
                changed.add(publication.recipient());
                Timestamp expires = timestamp(publication.firstExpiry());
                Timestamp lastExpires = timestamp(publication.lastExpiry());
                String userCertificate = String.join(",", Publication.fingerprints(publication.userCertificate()));
                String smime = String.join(",", Publication.fingerprints(publication.userSmimeCertificate()));
                audit(audits, c.runId(), now, publication, "userCertificate",
                        was.map(e -> String.join(",", e.userCertificate())).orElse(""), userCertificate);
                audit(audits, c.runId(), now, publication, "userSMIMECertificate",
                        was.map(e -> String.join(",", e.userSmimeCertificate())).orElse(""), smime);
                if (was.isPresent()) {
                    updates.add(new Object[] {publication.userId(), publication.certificateSet(), userCertificate, smime,
                            now, c.runId(), expires, lastExpires, tenant, publication.recipient()});
                } else {
                    inserts.add(new Object[] {tenant, publication.recipient(), publication.userId(),
                            publication.certificateSet(), userCertificate, smime, now, c.runId(), expires, lastExpires});
                }
            }
            AuditChange.insert(jdbc, audits);
            jdbc.batchUpdate("UPDATE published_state SET user_id = ?, certificate_set = ?, user_certificate = ?,"
                    + " user_smime_certificate = ?, published_at = ?, run_id = ?, expires_at = ?,"
                    + " last_expires_at = ?"
                    + " WHERE tenant = ? AND recipient = ?", updates);
            jdbc.batchUpdate("INSERT INTO published_state (tenant, recipient, user_id, certificate_set, user_certificate,"
                    + " user_smime_certificate, published_at, run_id, expires_at, last_expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    inserts);
            JudgedRecipients.forget(jdbc, tenant, changed);
            return updates.size() + inserts.size();
        });
    }

    private static Timestamp timestamp(java.time.Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private void audit(List<AuditChange> audits, String runId, Timestamp now, Publication publication, String attribute,
                       String before, String after) {
        if (before.equals(after)) return;
        audits.add(new AuditChange(tenant, runId, now, publication.userId(), publication.recipient(), attribute, before, after));
    }

    /**
     * As {@link #carries}, for a run that writes: an unchanged recipient recorded before its last expiry was kept
     * (before V13) gets the last expiry of the set it carries, once, so the expiry warnings and metrics see it. The
     * read that decides "unchanged" serves both: no further read, and no write for any other recipient.
     */
    public boolean carriesKeepingLastExpiry(Publication publication, PageState page) {
        Optional<Entry> entry = find(publication.recipient(), page);
        if (!carried(entry).equals(publication.certificateSet())) return false;
        if (entry.isPresent() && entry.get().lastExpiry() == null && publication.lastExpiry() != null) {
            jdbc.update("UPDATE published_state SET last_expires_at = ? WHERE tenant = ? AND recipient = ?"
                            + " AND certificate_set = ? AND last_expires_at IS NULL",
                    Timestamp.from(publication.lastExpiry()), tenant, publication.recipient(), publication.certificateSet());
        }
        return true;
    }

    /**
     * A recipient CertSync put certificates on that should now carry none: a clear, guarded by the threshold. The
     * page's state answers for its recipients.
     */
    public boolean isClear(Publication publication, PageState page) {
        return publication.isEmpty() && find(publication.recipient(), page)
                .map(entry -> !Publication.EMPTY_SET.equals(entry.certificateSet())).orElse(false);
    }

    /** Recipients CertSync currently has certificates on. */
    public List<Entry> managed() {
        return jdbc.query("SELECT * FROM published_state WHERE tenant = ? AND certificate_set <> ?", PublishedState::entry,
                tenant, Publication.EMPTY_SET);
    }

    /** The records of these directory users (e.g. the ones deleted from the directory). */
    public List<Entry> findByUserIds(java.util.Collection<String> userIds) {
        return findWhereIn("user_id", userIds);
    }

    List<Entry> findByRecipients(java.util.Collection<String> recipients) {
        return findWhereIn("recipient", recipients);
    }

    /** The records whose column holds one of the values, {@value KeyTable#MAX_KEYS} values per query. */
    private List<Entry> findWhereIn(String column, java.util.Collection<String> values) {
        List<Entry> entries = new java.util.ArrayList<>();
        for (List<String> chunk : KeyTable.chunks(values)) {
            List<Object> arguments = new java.util.ArrayList<>(chunk);
            arguments.add(tenant);
            entries.addAll(jdbc.query(KeyTable.with(chunk.size()) + "SELECT p.* FROM keys JOIN published_state p"
                    + " ON p.tenant = ? AND p." + column + " = keys.k", PublishedState::entry, arguments.toArray()));
        }
        return entries;
    }

    /** How many recipients CertSync currently has certificates on. */
    public int managedCount() {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM published_state WHERE tenant = ? AND certificate_set <> ?",
                Integer.class, tenant, Publication.EMPTY_SET);
        return count == null ? 0 : count;
    }

    /** Users one of whose published certificates has expired by {@code instant}: a delta run reads them again. */
    public List<String> userIdsExpiredBy(java.time.Instant instant) {
        return jdbc.queryForList("SELECT user_id FROM published_state WHERE tenant = ? AND expires_at <= ?", String.class,
                tenant, Timestamp.from(instant));
    }

    /** A recipient and when the last certificate CertSync published to it expires. */
    public record LastExpiry(String recipient, java.time.Instant lastExpiry) {

        /** Whole days from {@code now} to the last expiry, rounded down. */
        public long daysLeft(java.time.Instant now) {
            return java.time.Duration.between(now, lastExpiry).toDays();
        }
    }

    /**
     * Recipients whose published certificates have all expired by {@code instant}, soonest first: in one query, for
     * the run's expiry warnings. Recipients recorded before their last expiry was kept are not among them.
     */
    public List<LastExpiry> lastExpiriesBy(java.time.Instant instant) {
        return jdbc.query("SELECT recipient, last_expires_at FROM published_state WHERE tenant = ? AND last_expires_at <= ?"
                        + " ORDER BY last_expires_at, recipient",
                (rs, row) -> new LastExpiry(rs.getString(1), rs.getTimestamp(2).toInstant()), tenant, Timestamp.from(instant));
    }

    /** A failed publish leaves the last successful state in place. */
    @Override
    public boolean remove(String key) {
        return false;
    }

    /**
     * Forgets one recipient, and its kept judgement with it: the next run judges and publishes its certificates again.
     * False when nothing was recorded.
     */
    public boolean forget(String recipient) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            JudgedRecipients.forget(jdbc, tenant, List.of(recipient));
            return jdbc.update("DELETE FROM published_state WHERE tenant = ? AND recipient = ?", tenant, recipient) > 0;
        }));
    }

    /** Forgets every recipient and the kept judgements: the next run judges and publishes all of them again. */
    @Override
    public void clear() {
        transactions.executeWithoutResult(status -> {
            jdbc.update("DELETE FROM judged_recipient WHERE tenant = ?", tenant);
            jdbc.update("DELETE FROM published_state WHERE tenant = ?", tenant);
        });
    }

    static Entry entry(ResultSet rs, int row) throws SQLException {
        return new Entry(rs.getString("recipient"), rs.getString("user_id"), rs.getString("certificate_set"),
                split(rs.getString("user_certificate")), split(rs.getString("user_smime_certificate")),
                rs.getTimestamp("published_at").toInstant(), rs.getString("run_id"), instant(rs.getTimestamp("last_expires_at")));
    }

    private static java.time.Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }
}
