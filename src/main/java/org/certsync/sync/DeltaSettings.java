package org.certsync.sync;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.certsync.directory.ChangeMarks;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Delta sync ({@code certsync.delta.*}): runs read only the entries that changed since the last complete read;
 * a full reconcile reads everything on its own schedule, and whenever a delta cannot be trusted.
 *
 * @param enabled         false makes every run a full read
 * @param tracking        auto (uSNChanged on Active Directory, modifyTimestamp elsewhere), usn or modify-timestamp
 * @param timestampMargin how far before the last read's start a modifyTimestamp delta reaches back, for a directory
 *                        clock that is behind this host's
 * @param maxRevisits     most unchanged users a delta run reads again (dead letters, expired or undecided
 *                        certificates, console resyncs); more make the run a full read
 * @param deletedObjects  on Active Directory, a delta run also reads the objects deleted since the last read (show
 *                        deleted control) and clears their recipients; the bind user needs to list CN=Deleted
 *                        Objects (by default only administrators may: AD then silently shows none)
 * @param fullSchedule    Quartz cron of the full reconcile, the only runs that clear users who left the scope
 * @param fullMaxAge      a run is a full read when the last one began longer ago than this (a missed or skipped
 *                        reconcile); keep it a little above the interval of fullSchedule
 */
@Validated
@ConfigurationProperties("certsync.delta")
public record DeltaSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("auto") @NotNull ChangeMarks.Requested tracking,
        @DefaultValue("5m") @NotNull Duration timestampMargin,
        @DefaultValue("500") @Min(0) int maxRevisits,
        @DefaultValue("true") boolean deletedObjects,
        @DefaultValue("0 0 2 * * ?") @NotBlank String fullSchedule,
        @DefaultValue("25h") @NotNull Duration fullMaxAge) {
}
