package org.certsync.sync;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one sync run, written as JSON to {@code certsync.report-file}.
 *
 * @param usersScanned         users read from the directory
 * @param published            recipients whose certificates were written to Exchange Online
 * @param unchanged            recipients that already carry exactly the accepted certificates
 * @param failed               recipients whose publish failed (listed in {@code problems}); retried next run
 * @param skipped              users that cannot be published (no mail address, undecidable policy); listed too
 * @param certificatesRejected rejected certificate values by reason code
 * @param throttled            answers from Exchange Online that asked CertSync to slow down (429, 503, concurrency)
 * @param retries              calls repeated after a throttled, transient or unauthorized answer
 * @param deadLetters          recipients in the dead-letter store at the end of the run
 */
public record RunReport(String runId, String trigger, RunStatus status, String message, Instant startedAt,
                        Instant finishedAt, long durationMillis, boolean dryRun, int usersScanned, int published,
                        int unchanged, int failed, int skipped, int certificatesAccepted,
                        Map<String, Integer> certificatesRejected, int throttled, int retries, int deadLetters,
                        List<UserProblem> problems) {

    /** Why one user was not published. */
    public record UserProblem(String user, String recipient, String kind, String reason) {
    }

    public String summary() {
        return ("run %s %s in %d ms: %d users scanned, %d published, %d unchanged, %d failed, %d skipped;"
                + " certificates %d accepted, rejected %s; %d throttled, %d retries, %d dead letters%s")
                .formatted(runId, status, durationMillis, usersScanned, published, unchanged, failed, skipped,
                        certificatesAccepted, certificatesRejected, throttled, retries, deadLetters,
                        message == null ? "" : " - " + message);
    }
}
