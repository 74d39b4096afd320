package org.certsync.sync;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * When and how a sync runs ({@code certsync.*}).
 *
 * @param schedule     Quartz cron expression of the regular sync
 * @param initialDelay delay of the first sync after start-up
 * @param runOnce      run one sync, write the report and exit with the run's {@link RunStatus} exit code
 * @param reportFile   where the JSON report of the last run is written
 * @param reportDir    where every run's report is kept, as run-&lt;start&gt;-&lt;id&gt;.json
 * @param reportKeep   how many run reports are kept in reportDir
 * @param dryRun       evaluate everything but write nothing to Exchange Online or the state
 * @param duplicateRecipients what to do with directory entries that carry the same recipient address
 */
@Validated
@ConfigurationProperties("certsync")
public record SyncSettings(
        @DefaultValue("0 0/30 * * * ?") @NotBlank String schedule,
        @DefaultValue("5s") @NotNull Duration initialDelay,
        @DefaultValue("false") boolean runOnce,
        @DefaultValue("data/reports/last-run.json") @NotNull Path reportFile,
        @DefaultValue("data/reports/history") @NotNull Path reportDir,
        @DefaultValue("50") @jakarta.validation.constraints.Min(1) int reportKeep,
        @DefaultValue("false") boolean dryRun,
        @DefaultValue("merge") @NotNull DuplicateRecipients duplicateRecipients) {

    /** Entries that carry one recipient address: never a flip between their sets. */
    public enum DuplicateRecipients {
        /** One desired set: their certificates together, each once, capped as for one entry. */
        MERGE,
        /** None of them is published; each is reported as duplicate-recipient and the recipient keeps what it has. */
        SKIP
    }
}
