package org.certsync.sync;

import java.util.List;

import org.certsync.state.Publication;

/**
 * How one user, or one recipient, ended in a run. The step that decides sets it as the exchange property
 * {@value #PROPERTY}; the split's aggregation strategy ({@link UserOutcomes}) adds it to the {@link Run}.
 */
public sealed interface Outcome {

    String PROPERTY = "certsyncOutcome";

    void addTo(Run run);

    /** Already carries exactly the accepted certificates. */
    record Unchanged() implements Outcome {
        @Override
        public void addTo(Run run) {
            run.unchanged();
        }
    }

    /** Written to Exchange Online (set or clear). */
    record Published(RunReport.Change change) implements Outcome {
        @Override
        public void addTo(Run run) {
            run.published(change);
        }
    }

    /** What a dry run would write. */
    record Planned(RunReport.Change change) implements Outcome {
        @Override
        public void addTo(Run run) {
            run.planned(change);
        }
    }

    /** Should carry nothing any more: a clear, decided after the read within the deletion threshold. */
    record PendingClear(Publication clear) implements Outcome {
        @Override
        public void addTo(Run run) {
            run.pendingClear(clear);
        }
    }

    /**
     * Not published by design (no address, undecidable policy, entries sharing an address); the next delta run reads
     * {@code revisitUserId} again when it is set.
     */
    record Skipped(List<RunReport.UserProblem> problems, String revisitUserId, String revisitReason) implements Outcome {
        @Override
        public void addTo(Run run) {
            problems.forEach(run::skipped);
            if (revisitUserId != null) run.revisit(revisitUserId, revisitReason);
        }
    }

    /**
     * Synchronized from on-premises AD (configured, or a write was refused): not written to Exchange Online, its
     * certificates take the directory path; listed among the problems with kind {@code directory-path}.
     */
    record OnDirectoryPath(RunReport.UserProblem entry) implements Outcome {
        @Override
        public void addTo(Run run) {
            run.onDirectoryPath(entry);
        }
    }

    /** Its processing or publish failed; it keeps its last published state. */
    record Failed(RunReport.UserProblem problem, String revisitUserId, String revisitReason) implements Outcome {
        @Override
        public void addTo(Run run) {
            run.failed(problem, 1);
            if (revisitUserId != null) run.revisit(revisitUserId, revisitReason);
        }
    }
}
