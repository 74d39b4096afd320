package org.certsync.demo.simulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The built-in Exchange Online simulator ({@code certsync.simulator.*}): its credentials, its rules and the faults
 * it injects. Every fault is off by default.
 *
 * @param tenant               the home tenant: the one the inspection endpoints and the programmatic accessors without a
 *                             tenant mean (every tenant has recipients of its own)
 * @param clientId             the only client id the simulated token endpoint accepts
 * @param clientSecret         the client secret it accepts; empty refuses client secrets
 * @param clientCertificate    PEM or DER certificate whose key must sign client assertions; empty accepts any
 *                             well-formed assertion whose iss, sub and aud match
 * @param tokenLifetime        lifetime of issued access tokens; short values make clients renew tokens
 * @param autoCreateRecipients create an unknown identity on its first Set-* call, of the type that cmdlet modifies;
 *                             when false the call fails as for a missing recipient
 * @param maxValues            most values a certificate attribute may hold; more are refused as Exchange does
 * @param throttle             a budget of cmdlets per tenant and time window (a $batch spends one per sub-request)
 * @param concurrentLimit      most HTTP requests per tenant in flight at once (a $batch is one), 0 for no limit;
 *                             more are refused with 429 and Exchange's "maximum number of concurrent requests" text
 * @param latency              how long every answer takes (InvokeCommand or $batch), like a real tenant's 0.3-1 s
 * @param latencyPerCmdlet     added to the latency for each cmdlet a request carries: a full $batch takes longer
 * @param fault                random server errors, cmdlet errors and slow answers
 * @param stateFile            where the simulated recipients are kept across restarts (the demo's data directory);
 *                             empty keeps them in memory only
 */
@ConfigurationProperties("certsync.simulator")
public record SimulatorSettings(
        @DefaultValue("demo-tenant") String tenant,
        @DefaultValue("certsync-simulator") String clientId,
        String clientSecret,
        Path clientCertificate,
        @DefaultValue("1h") Duration tokenLifetime,
        @DefaultValue("true") boolean autoCreateRecipients,
        @DefaultValue("15") int maxValues,
        @DefaultValue Throttle throttle,
        @DefaultValue("0") int concurrentLimit,
        @DefaultValue("0s") Duration latency,
        @DefaultValue("0s") Duration latencyPerCmdlet,
        @DefaultValue Fault fault,
        Path stateFile) {

    /**
     * A budget of cmdlets per tenant and fixed window; cmdlets over budget get 429 with Retry-After (decimal seconds).
     *
     * @param requests cmdlets admitted per window, 0 for no budget
     * @param window   length of the window
     */
    public record Throttle(@DefaultValue("0") int requests, @DefaultValue("1m") Duration window) {
        public Throttle {
            requireAtLeast(0, requests, "throttle.requests");
            requirePositive(window, "throttle.window");
        }
    }

    /**
     * Random faults, drawn from a seeded generator so a run can be repeated.
     *
     * @param serverErrorRate share of cmdlets, 0..1, answered 500 or 503 (503 with a Retry-After of retryAfter)
     * @param cmdletErrorRate share of Set-* cmdlets, 0..1, answered 200 with {@code @adminapi.errors}: nothing is set
     * @param slowRate        share of requests, 0..1, answered only after slowDelay
     * @param slowDelay       how long a slow answer takes
     * @param seed            seed of the random generator
     * @param retryAfter      the Retry-After of a 503 answer
     */
    public record Fault(@DefaultValue("0") double serverErrorRate, @DefaultValue("0") double cmdletErrorRate,
                        @DefaultValue("0") double slowRate, @DefaultValue("2s") Duration slowDelay,
                        @DefaultValue("0") long seed, @DefaultValue("2s") Duration retryAfter) {
        public Fault {
            requireRate(serverErrorRate, "fault.server-error-rate");
            requireRate(cmdletErrorRate, "fault.cmdlet-error-rate");
            requireRate(slowRate, "fault.slow-rate");
            requirePositive(slowDelay, "fault.slow-delay");
            requirePositive(retryAfter, "fault.retry-after");
        }
    }

    public SimulatorSettings {
        clientSecret = clientSecret == null || clientSecret.isEmpty() ? null : clientSecret;
        requirePositive(tokenLifetime, "token-lifetime");
        requireAtLeast(1, maxValues, "max-values");
        requireAtLeast(0, concurrentLimit, "concurrent-limit");
        requireNotNegative(latency, "latency");
        requireNotNegative(latencyPerCmdlet, "latency-per-cmdlet");
    }

    /**
     * Settings from {@code certsync.simulator.*} properties given without their prefix, e.g.
     * {@code Map.of("throttle.requests", "3")}; what is not given takes its default. For tests and embedding.
     */
    public static SimulatorSettings of(Map<String, String> properties) {
        Map<String, String> prefixed = new HashMap<>();
        properties.forEach((name, value) -> prefixed.put("certsync.simulator." + name, value));
        return new Binder(new MapConfigurationPropertySource(prefixed))
                .bindOrCreate("certsync.simulator", SimulatorSettings.class);
    }

    /** Masks the client secret: settings are logged at start-up. */
    @Override
    public String toString() {
        return "SimulatorSettings[tenant=" + tenant + ", clientId=" + clientId
                + ", clientSecret=" + (clientSecret == null ? null : "******") + ", clientCertificate=" + clientCertificate
                + ", tokenLifetime=" + tokenLifetime + ", autoCreateRecipients=" + autoCreateRecipients
                + ", maxValues=" + maxValues + ", throttle=" + throttle + ", concurrentLimit=" + concurrentLimit
                + ", latency=" + latency + ", latencyPerCmdlet=" + latencyPerCmdlet + ", fault=" + fault
                + ", stateFile=" + stateFile + "]";
    }

    // Withers for the rules and faults a running simulator can change (see ExchangeOnlineSimulator.reconfigure).

    public SimulatorSettings withTokenLifetime(Duration value) {
        return new SimulatorSettings(tenant, clientId, clientSecret, clientCertificate, value, autoCreateRecipients, maxValues,
                throttle, concurrentLimit, latency, latencyPerCmdlet, fault, stateFile);
    }

    public SimulatorSettings withAutoCreateRecipients(boolean value) {
        return new SimulatorSettings(tenant, clientId, clientSecret, clientCertificate, tokenLifetime, value, maxValues,
                throttle, concurrentLimit, latency, latencyPerCmdlet, fault, stateFile);
    }

    public SimulatorSettings withMaxValues(int value) {
        return new SimulatorSettings(tenant, clientId, clientSecret, clientCertificate, tokenLifetime, autoCreateRecipients, value,
                throttle, concurrentLimit, latency, latencyPerCmdlet, fault, stateFile);
    }

    public SimulatorSettings withThrottle(Throttle value) {
        return new SimulatorSettings(tenant, clientId, clientSecret, clientCertificate, tokenLifetime, autoCreateRecipients, maxValues,
                value, concurrentLimit, latency, latencyPerCmdlet, fault, stateFile);
    }

    public SimulatorSettings withConcurrentLimit(int value) {
        return new SimulatorSettings(tenant, clientId, clientSecret, clientCertificate, tokenLifetime, autoCreateRecipients, maxValues,
                throttle, value, latency, latencyPerCmdlet, fault, stateFile);
    }

    public SimulatorSettings withLatency(Duration value) {
        return new SimulatorSettings(tenant, clientId, clientSecret, clientCertificate, tokenLifetime, autoCreateRecipients, maxValues,
                throttle, concurrentLimit, value, latencyPerCmdlet, fault, stateFile);
    }

    public SimulatorSettings withLatencyPerCmdlet(Duration value) {
        return new SimulatorSettings(tenant, clientId, clientSecret, clientCertificate, tokenLifetime, autoCreateRecipients, maxValues,
                throttle, concurrentLimit, latency, value, fault, stateFile);
    }

    public SimulatorSettings withFault(Fault value) {
        return new SimulatorSettings(tenant, clientId, clientSecret, clientCertificate, tokenLifetime, autoCreateRecipients, maxValues,
                throttle, concurrentLimit, latency, latencyPerCmdlet, value, stateFile);
    }

    private static void requirePositive(Duration value, String property) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("certsync.simulator." + property + " must be a positive duration, not " + value);
        }
    }

    private static void requireNotNegative(Duration value, String property) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException("certsync.simulator." + property + " must not be negative, not " + value);
        }
    }

    private static void requireAtLeast(int minimum, int value, String property) {
        if (value < minimum) {
            throw new IllegalArgumentException("certsync.simulator." + property + " must be at least " + minimum + ", not " + value);
        }
    }

    private static void requireRate(double value, String property) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("certsync.simulator." + property + " must be between 0 and 1, not " + value);
        }
    }
}
