package org.certsync.exchangeonline;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How CertSync paces its calls to Exchange Online ({@code certsync.exchange.*}).
 *
 * @param batchSize      cmdlets per $batch request, 1 to 10; 1 sends every cmdlet as an InvokeCommand call of its own
 * @param concurrency    requests in flight at once: {@code auto} (adaptive between 1 and maxConcurrency: starts at 2,
 *                       rises while answers are clean, halves on 429, 503 or the concurrency refusal) or a fixed number
 * @param maxConcurrency the most requests in flight with {@code auto}, and the size of the publishing thread pool
 * @param callsPerSecond a budget of cmdlets per second, decimals allowed (a $batch of 10 spends 10), kept by spacing
 *                       cmdlets evenly; 0 for none: only Exchange's own throttling answers slow CertSync down
 */
@Validated
@ConfigurationProperties("certsync.exchange")
public record CallSettings(
        @DefaultValue("10") @Min(1) @Max(BatchRequest.MAX_REQUESTS) int batchSize,
        @DefaultValue("auto") @NotBlank @Pattern(regexp = "(?i)auto|[1-9][0-9]*",
                message = "must be auto or a number of requests in flight") String concurrency,
        @DefaultValue("8") @Min(1) @Max(64) int maxConcurrency,
        @DefaultValue("0") @DecimalMin("0") double callsPerSecond) {

    /** Requests in flight start at this many with {@code auto}. */
    static final int ADAPTIVE_START = 2;

    /** Cmdlets the budget lets through per {@link #budgetPeriodMillis} (a full $batch). */
    public static final int BUDGET_TURNS = BatchRequest.MAX_REQUESTS;

    /**
     * The budget as the period in which {@value #BUDGET_TURNS} cmdlets may go (rounded up, so never above the budget;
     * ten per period rather than one per tenth keeps the rounding ten times finer); 0 without a budget.
     */
    public static long budgetPeriodMillis(double callsPerSecond) {
        return callsPerSecond > 0 ? (long) Math.ceil(BUDGET_TURNS * 1000 / callsPerSecond) : 0;
    }

    public boolean adaptive() {
        return "auto".equalsIgnoreCase(concurrency.strip());
    }

    /** The fixed number of requests in flight, or the most with {@code auto}. */
    public int ceiling() {
        return adaptive() ? maxConcurrency : Integer.parseInt(concurrency.strip());
    }

    /** Requests in flight at the start. */
    public int initial() {
        return adaptive() ? Math.min(ADAPTIVE_START, maxConcurrency) : ceiling();
    }
}
