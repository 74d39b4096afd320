package org.certsync.demo.simulator;

/**
 * What the simulator has answered since it started, for benchmarks and tests.
 *
 * @param httpRequests        InvokeCommand and $batch requests received (a $batch counts once)
 * @param batchRequests       of those, $batch requests
 * @param cmdlets             cmdlets received, each sub-request of a $batch counted
 * @param concurrencyRefusals requests refused because the tenant had too many in flight
 * @param budgetRefusals      cmdlets refused because the tenant's budget was spent
 * @param mostInFlight        the most requests of one tenant that were in flight at once
 * @param firstAnswer         when the first cmdlet was answered, null before
 * @param lastAnswer          when the last cmdlet was answered, null before
 */
public record SimulatorStatistics(long httpRequests, long batchRequests, long cmdlets, long concurrencyRefusals,
                                  long budgetRefusals, int mostInFlight, java.time.Instant firstAnswer,
                                  java.time.Instant lastAnswer) {
}
