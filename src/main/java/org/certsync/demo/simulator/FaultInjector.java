package org.certsync.demo.simulator;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;

/**
 * Draws the random faults of {@code certsync.simulator.fault.*} from a seeded generator, so a sequence of
 * requests meets the same faults on every run. A fault with rate 0 draws nothing and so does not shift the others.
 */
final class FaultInjector {

    private final SimulatorSettings.Fault fault;
    private final Random random;

    FaultInjector(SimulatorSettings.Fault fault) {
        this.fault = fault;
        this.random = new Random(fault.seed());
    }

    /** How long to stall this request, if it is to be slow. */
    Optional<Duration> delay() {
        return happens(fault.slowRate()) ? Optional.of(fault.slowDelay()) : Optional.empty();
    }

    /** The server error to answer this request with, if any: 500 or 503, equally likely. */
    Optional<ExchangeError> serverError() {
        if (!happens(fault.serverErrorRate())) return Optional.empty();
        return Optional.of(random.nextBoolean() ? ExchangeError.internalServerError() : ExchangeError.serviceUnavailable(fault.retryAfter()));
    }

    /** Whether this Set-* cmdlet answers 200 with a cmdlet error and sets nothing. */
    boolean cmdletError() {
        return happens(fault.cmdletErrorRate());
    }

    private boolean happens(double rate) {
        return rate > 0 && random.nextDouble() < rate;
    }
}
