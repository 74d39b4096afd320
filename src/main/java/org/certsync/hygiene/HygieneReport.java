package org.certsync.hygiene;

import java.time.Instant;
import java.util.List;

/**
 * What a hygiene run did, as written to {@code certsync.hygiene.report-file}: per user the values removed (or that
 * would be removed, or were held back) by attribute, fingerprint and reason; users left alone with the cause; totals.
 * Never a whole value.
 *
 * @param status         SUCCEEDED, DRY_RUN, HELD_FOR_APPROVAL, READ_INCOMPLETE, COMPLETED_WITH_ERRORS or FAILED
 * @param usersUncertain users whose modify got no answer (timeout, connection lost): the directory may have applied
 *                       it, so their values stay recorded for a restore
 */
public record HygieneReport(String runId, String trigger, String status, String message, boolean dryRun,
                            String directory, Instant startedAt, Instant endedAt, int usersRead, int usersChanged,
                            int valuesRemoved, int usersPlanned, int valuesPlanned, int usersHeld, int usersSkipped,
                            int usersRefused, int usersUncertain, List<HygieneRun.UserResult> users) {

    /** The run's one line. */
    public String summary() {
        return "Hygiene run " + runId + " " + status + ": " + usersRead + " users read, " + valuesPlanned
                + " values of " + usersPlanned + " users to remove, " + valuesRemoved + " values removed from "
                + usersChanged + " users, " + usersHeld + " held, " + usersSkipped + " skipped, " + usersRefused
                + " refused, " + usersUncertain + " uncertain" + (message == null ? "" : "; " + message);
    }
}
