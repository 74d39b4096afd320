package org.certsync.sync;

/** How a run ended; run-once mode turns it into the exit code. */
public enum RunStatus {
    /** Every user in scope ended published, unchanged or deliberately skipped. */
    SUCCEEDED(0),
    /** The run did not complete (directory unreadable, token refused, …); nothing was cleared. */
    FAILED(1),
    /** The run completed, but publishing failed for some users; they are retried next run. */
    COMPLETED_WITH_ERRORS(2),
    /** More clears than the deletion threshold allows: none applied, the rest published; waits for approval. */
    THRESHOLD_EXCEEDED(3),
    /** Triggered while another run was in progress: nothing done (runs never overlap). */
    SKIPPED(4);

    private final int exitCode;

    RunStatus(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
