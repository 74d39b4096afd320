package org.certsync.sync;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one sync run, written as JSON to {@code certsync.report-file}.
 *
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
 */
public record RunReport(String runId, String trigger, RunStatus status, String message, Instant startedAt,
                        Instant finishedAt, long durationMillis, boolean dryRun, String mode, String fullReadReason,
                        int usersScanned, int published,
                        int unchanged, int failed, int skipped, int certificatesAccepted,
                        Map<String, Integer> certificatesRejected, int throttled, int retries, int deadLetters,
                        int cleared, int clearsHeldBack, List<Change> changes, List<UserProblem> problems) {

    /** Why one user was not published. */
    public record UserProblem(String user, String recipient, String kind, String reason) {
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

    public String summary() {
        return ("run %s %s%s in %d ms: %d users scanned, %d published, %d unchanged, %d failed, %d skipped;"
                + " certificates %d accepted, rejected %s; %d cleared, %d clears held back; %d throttled, %d retries,"
                + " %d dead letters%s%s")
                .formatted(runId, status, mode == null ? "" : " (" + mode + " read)", durationMillis, usersScanned,
                        published, unchanged, failed, skipped,
                        certificatesAccepted, certificatesRejected, cleared, clearsHeldBack, throttled, retries,
                        deadLetters, dryRun ? " (dry run: nothing written)" : "", message == null ? "" : " - " + message);
    }
}
