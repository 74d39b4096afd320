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

    /** @param tenant the Exchange Online tenant whose state this is: every row is scoped to it */
    public PublishedState(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, String tenant) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.tenant = tenant;
    }

    public record Entry(String recipient, String userId, String certificateSet, List<String> userCertificate,
                        List<String> userSmimeCertificate, java.time.Instant publishedAt, String runId) {
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
        Publication.Key parsed = Publication.Key.parse(key);
        return carried(find(parsed.recipient())).equals(parsed.certificateSet());
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
        return add(key);
    }

    @Override
    public boolean add(String key) {
        return !contains(key);
    }

    /**
     * Records the publication on the exchange, after its write succeeded: Camel confirms a key only when the exchange
     * completed without failure (and confirms unchanged recipients too: their record and publish time stay).
     */
    @Override
    public boolean confirm(Exchange exchange, String key) {
        Publication publication = exchange.getProperty(PUBLICATION, Publication.class);
        if (publication == null || !key.equals(publication.key())) {
            throw new IllegalStateException("exchange property " + PUBLICATION + " does not match key " + key);
        }
        Optional<Entry> before = find(publication.recipient());
        if (carried(before).equals(publication.certificateSet())) return false;
        // the state and its audit rows in one commit: never one without the other, and one write of H2's store
        transactions.executeWithoutResult(status ->
                record(publication, exchange.getProperty(RUN_ID, "manual", String.class), before));
        return true;
    }

    /** Without the exchange there is no publication to record (fingerprints, user): only Camel's calls record. */
    @Override
    public boolean confirm(String key) {
        return false;
    }

    /** Records what the recipient now carries, and the change in the append-only audit trail. */
    private void record(Publication publication, String runId, Optional<Entry> before) {
        Timestamp now = Timestamp.from(clock.instant());
        Timestamp expires = publication.firstExpiry() == null ? null : Timestamp.from(publication.firstExpiry());
        String userCertificate = String.join(",", Publication.fingerprints(publication.userCertificate()));
        String smime = String.join(",", Publication.fingerprints(publication.userSmimeCertificate()));
        audit(runId, now, publication, "userCertificate",
                before.map(e -> String.join(",", e.userCertificate())).orElse(""), userCertificate);
        audit(runId, now, publication, "userSMIMECertificate",
                before.map(e -> String.join(",", e.userSmimeCertificate())).orElse(""), smime);
        if (before.isPresent()) {
            jdbc.update("UPDATE published_state SET user_id = ?, certificate_set = ?, user_certificate = ?,"
                            + " user_smime_certificate = ?, published_at = ?, run_id = ?, expires_at = ?"
                            + " WHERE tenant = ? AND recipient = ?",
                    publication.userId(), publication.certificateSet(), userCertificate, smime, now, runId, expires,
                    tenant, publication.recipient());
        } else {
            jdbc.update("INSERT INTO published_state (tenant, recipient, user_id, certificate_set, user_certificate,"
                            + " user_smime_certificate, published_at, run_id, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    tenant, publication.recipient(), publication.userId(), publication.certificateSet(), userCertificate,
                    smime, now, runId, expires);
        }
    }

    private void audit(String runId, Timestamp now, Publication publication, String attribute, String before, String after) {
        if (before.equals(after)) return;
        jdbc.update("INSERT INTO audit_change (tenant, run_id, changed_at, user_id, recipient, attribute, before_fingerprints,"
                + " after_fingerprints) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", tenant, runId, now, publication.userId(),
                publication.recipient(), attribute, before, after);
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
        List<Entry> entries = new java.util.ArrayList<>();
        List<String> ids = List.copyOf(userIds);
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            List<Object> arguments = new java.util.ArrayList<>(chunk);
            arguments.add(0, tenant);
            entries.addAll(jdbc.query("SELECT * FROM published_state WHERE tenant = ? AND user_id IN ("
                    + String.join(",", java.util.Collections.nCopies(chunk.size(), "?")) + ")", PublishedState::entry,
                    arguments.toArray()));
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

    /** A failed publish leaves the last successful state in place. */
    @Override
    public boolean remove(String key) {
        return false;
    }

    /** Forgets one recipient: the next run publishes its certificates again. False when nothing was recorded. */
    public boolean forget(String recipient) {
        return jdbc.update("DELETE FROM published_state WHERE tenant = ? AND recipient = ?", tenant, recipient) > 0;
    }

    /** Forgets every recipient: the next run publishes all of them again. */
    @Override
    public void clear() {
        jdbc.update("DELETE FROM published_state WHERE tenant = ?", tenant);
    }

    static Entry entry(ResultSet rs, int row) throws SQLException {
        return new Entry(rs.getString("recipient"), rs.getString("user_id"), rs.getString("certificate_set"),
                split(rs.getString("user_certificate")), split(rs.getString("user_smime_certificate")),
                rs.getTimestamp("published_at").toInstant(), rs.getString("run_id"));
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }
}
