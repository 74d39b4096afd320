package org.certsync.sync;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one sync run, written as JSON to {@code certsync.report-file}.
 *
 * @param node                 the CertSync node that ran it ({@code certsync.cluster.node-id})
 * @param mode                 {@code full} (every user in scope read) or {@code delta} (only the changed entries and
 *                             the users to read again); null when the run ended before its read began
 * @param fullReadReason       why a full run read everything (schedule, no earlier read, another domain controller…)
 * @param usersScanned         users read from the directory
 * @param published            recipients whose certificates were written to Exchange Online
 * @param unchanged            recipients that already carry exactly the accepted certificates
 * @param failed               recipients whose publish failed (listed in {@code problems}); retried next run
 * @param skipped              users that cannot be published (no mail address, undecidable policy); listed too
 * @param certificatesRejected rejected certificate values by reason code
 * @param throttled            answers from Exchange Online that asked CertSync to slow down (429, 503, concurrency)
 * @param retries              calls repeated after a throttled, transient or unauthorized answer
 * @param deadLetters          recipients in the dead-letter store at the end of the run
 * @param cleared              recipients whose certificates were removed (left the scope, or none passes any more)
 * @param clearsHeldBack       clears not applied because they exceed the deletion threshold (see {@code message})
 * @param changes              per recipient what was (or, in a dry run, would be) set or cleared
 * @param expiring             recipients whose published certificates all expire within
 *                             {@code certsync.expiry.warn-days} of the run's end, soonest first
 * @param directoryPath        recipients synchronized from on-premises AD, not written to Exchange Online: their
 *                             certificates take the directory path (listed in {@code problems}, kind
 *                             {@code directory-path}, with how it was found)
 */
public record RunReport(String runId, String trigger, String node, RunStatus status, String message, Instant startedAt,
                        Instant finishedAt, long durationMillis, boolean dryRun, String mode, String fullReadReason,
                        int usersScanned, int published,
                        int unchanged, int failed, int skipped, int certificatesAccepted,
                        Map<String, Integer> certificatesRejected, int throttled, int retries, int deadLetters,
                        int cleared, int clearsHeldBack, List<Change> changes, List<UserProblem> problems,
                        List<ExpiryWarning> expiring, int directoryPath) {

    /** Why one user was not published. */
    public record UserProblem(String user, String recipient, String kind, String reason) {
    }

    /**
     * A recipient about to carry no valid certificate: its last published one expires soon (renew it in time).
     *
     * @param daysLeft whole days from the run's end to {@code lastExpiry}
     */
    public record ExpiryWarning(String recipient, Instant lastExpiry, long daysLeft) {
    }

    /**
     * One recipient's change, by SHA-256 fingerprints.
     *
     * @param action  {@code set} or {@code clear}
     * @param applied false in a dry run and for clears held back
     */
    public record Change(String recipient, String action, boolean applied, List<String> userCertificateBefore,
                         List<String> userCertificateAfter, List<String> userSmimeCertificateBefore,
                         List<String> userSmimeCertificateAfter) {

        public static final String SET = "set";
        public static final String CLEAR = "clear";
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The report's fields by name. */
    public static final class Builder {
        private String runId;
        private String trigger;
        private String node;
        private RunStatus status;
        private String message;
        private Instant startedAt;
        private Instant finishedAt;
        private long durationMillis;
        private boolean dryRun;
        private String mode;
        private String fullReadReason;
        private int usersScanned;
        private int published;
        private int unchanged;
        private int failed;
        private int skipped;
        private int certificatesAccepted;
        private Map<String, Integer> certificatesRejected = Map.of();
        private int throttled;
        private int retries;
        private int deadLetters;
        private int cleared;
        private int clearsHeldBack;
        private List<Change> changes = List.of();
        private List<UserProblem> problems = List.of();
        private List<ExpiryWarning> expiring = List.of();
        private int directoryPath;

        private Builder() {
        }

        /** A builder holding this report's fields, e.g. to give it other lists. */
        public static Builder from(RunReport report) {
            return new Builder().runId(report.runId).trigger(report.trigger).node(report.node).status(report.status)
                    .message(report.message).startedAt(report.startedAt).finishedAt(report.finishedAt)
                    .durationMillis(report.durationMillis).dryRun(report.dryRun).mode(report.mode)
                    .fullReadReason(report.fullReadReason).usersScanned(report.usersScanned).published(report.published)
                    .unchanged(report.unchanged).failed(report.failed).skipped(report.skipped)
                    .certificatesAccepted(report.certificatesAccepted).certificatesRejected(report.certificatesRejected)
                    .throttled(report.throttled).retries(report.retries).deadLetters(report.deadLetters)
                    .cleared(report.cleared).clearsHeldBack(report.clearsHeldBack).changes(report.changes)
                    .problems(report.problems).expiring(report.expiring == null ? List.of() : report.expiring)
                    .directoryPath(report.directoryPath);
        }

        public Builder runId(String value) { runId = value; return this; }
        public Builder trigger(String value) { trigger = value; return this; }
        public Builder node(String value) { node = value; return this; }
        public Builder status(RunStatus value) { status = value; return this; }
        public Builder message(String value) { message = value; return this; }
        public Builder startedAt(Instant value) { startedAt = value; return this; }
        public Builder finishedAt(Instant value) { finishedAt = value; return this; }
        public Builder durationMillis(long value) { durationMillis = value; return this; }
        public Builder dryRun(boolean value) { dryRun = value; return this; }
        public Builder mode(String value) { mode = value; return this; }
        public Builder fullReadReason(String value) { fullReadReason = value; return this; }
        public Builder usersScanned(int value) { usersScanned = value; return this; }
        public Builder published(int value) { published = value; return this; }
        public Builder unchanged(int value) { unchanged = value; return this; }
        public Builder failed(int value) { failed = value; return this; }
        public Builder skipped(int value) { skipped = value; return this; }
        public Builder certificatesAccepted(int value) { certificatesAccepted = value; return this; }
        public Builder certificatesRejected(Map<String, Integer> value) { certificatesRejected = value; return this; }
        public Builder throttled(int value) { throttled = value; return this; }
        public Builder retries(int value) { retries = value; return this; }
        public Builder deadLetters(int value) { deadLetters = value; return this; }
        public Builder cleared(int value) { cleared = value; return this; }
        public Builder clearsHeldBack(int value) { clearsHeldBack = value; return this; }
        public Builder changes(List<Change> value) { changes = value; return this; }
        public Builder problems(List<UserProblem> value) { problems = value; return this; }
        public Builder expiring(List<ExpiryWarning> value) { expiring = value; return this; }
        public Builder directoryPath(int value) { directoryPath = value; return this; }

        public RunReport build() {
            return new RunReport(runId, trigger, node, status, message, startedAt, finishedAt, durationMillis, dryRun, mode,
                    fullReadReason, usersScanned, published, unchanged, failed, skipped, certificatesAccepted,
                    certificatesRejected, throttled, retries, deadLetters, cleared, clearsHeldBack, changes, problems,
                    expiring, directoryPath);
        }
    }

    public String summary() {
        return ("run %s %s%s in %d ms: %d users scanned, %d published, %d unchanged, %d failed, %d skipped;"
                + " certificates %d accepted, rejected %s; %d cleared, %d clears held back; %d throttled, %d retries,"
                + " %d dead letters%s%s%s")
                .formatted(runId, status, mode == null ? "" : " (" + mode + " read)", durationMillis, usersScanned,
                        published, unchanged, failed, skipped,
                        certificatesAccepted, certificatesRejected, cleared, clearsHeldBack, throttled, retries,
                        deadLetters, directoryPath == 0 ? "" : "; " + directoryPath + " synchronized from on-premises"
                                + " (directory path)", dryRun ? " (dry run: nothing written)" : "",
                        message == null ? "" : " - " + message);
    }
}
