package org.certsync.state;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.certsync.certificate.IssuingCaSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tenant's issuing CAs as CertSync last uploaded them (table {@code issuing_ca_upload}), and each change of the
 * tenant's store in the audit trail ({@code audit_change}): fingerprints only.
 */
public class IssuingCaState {

    /** audit_change names the changed object in its recipient column: here the tenant's S/MIME configuration. */
    public static final String AUDIT_OBJECT = "SmimeConfig";
    public static final String AUDIT_ATTRIBUTE = "SMIMECertificateIssuingCA";

    /**
     * What CertSync last uploaded.
     *
     * @param caSet        {@link IssuingCaSet#digest()} of the CAs the trust store named
     * @param fingerprints their fingerprints, sorted
     */
    public record Upload(String caSet, List<String> fingerprints, Instant uploadedAt, String uploadId,
                         String uploadedBy) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final String tenant;

    /** @param tenant the Exchange Online tenant whose store this is */
    public IssuingCaState(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, String tenant) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.tenant = tenant;
    }

    public Optional<Upload> last() {
        return jdbc.query("SELECT * FROM issuing_ca_upload WHERE tenant = ?", (rs, row) -> new Upload(
                rs.getString("ca_set"), split(rs.getString("fingerprints")), rs.getTimestamp("uploaded_at").toInstant(),
                rs.getString("upload_id"), rs.getString("uploaded_by")), tenant).stream().findFirst();
    }

    /**
     * Records, in one commit, that the tenant now trusts {@code uploaded} as CertSync's, and the change of its store
     * from {@code before} to {@code after} in the audit trail when they differ.
     */
    public void record(String uploadId, String uploadedBy, IssuingCaSet uploaded, IssuingCaSet before,
                       IssuingCaSet after) {
        Timestamp now = Timestamp.from(clock.instant());
        String fingerprints = String.join(",", uploaded.fingerprints());
        transactions.executeWithoutResult(status -> {
            if (!before.equals(after)) {
                AuditChange.insert(jdbc, List.of(new AuditChange(tenant, uploadId, now, null, AUDIT_OBJECT, AUDIT_ATTRIBUTE,
                        String.join(",", before.fingerprints()), String.join(",", after.fingerprints()))));
            }
            int updated = jdbc.update("UPDATE issuing_ca_upload SET ca_set = ?, fingerprints = ?, uploaded_at = ?,"
                    + " upload_id = ?, uploaded_by = ? WHERE tenant = ?", uploaded.digest(), fingerprints, now, uploadId,
                    uploadedBy, tenant);
            if (updated == 0) {
                jdbc.update("INSERT INTO issuing_ca_upload (tenant, ca_set, fingerprints, uploaded_at, upload_id,"
                        + " uploaded_by) VALUES (?, ?, ?, ?, ?, ?)", tenant, uploaded.digest(), fingerprints, now,
                        uploadId, uploadedBy);
            }
        });
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }
}
