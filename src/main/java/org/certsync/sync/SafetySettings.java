package org.certsync.sync;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The deletion threshold ({@code certsync.safety.*}): a run that would clear more recipients than this clears none
 * of them until an operator approves.
 *
 * @param maxClears       most recipients one run may clear
 * @param maxClearPercent most recipients one run may clear, in percent of the recipients CertSync manages
 * @param approveClears   approve the held-back clears for every run (for a scripted, supervised run-once)
 * @param approvalLifetime how long an operator's approval of held-back clears waits for the run that applies them
 */
@Validated
@ConfigurationProperties("certsync.safety")
public record SafetySettings(
        @DefaultValue("500") @Min(0) int maxClears,
        @DefaultValue("10") @Min(0) @Max(100) int maxClearPercent,
        @DefaultValue("false") boolean approveClears,
        @DefaultValue("24h") @NotNull @DurationMin(minutes = 1) Duration approvalLifetime) {

    /** Why these clears must wait for approval, or null when they are within the threshold. */
    public String exceeded(int clears, int managed) {
        if (clears > maxClears) {
            return clears + " clears exceed certsync.safety.max-clears=" + maxClears;
        }
        if (managed > 0 && clears * 100L > (long) maxClearPercent * managed) {
            return clears + " clears of " + managed + " managed recipients exceed certsync.safety.max-clear-percent="
                    + maxClearPercent;
        }
        return null;
    }
}
