package org.certsync.demo.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.certsync.exchange.LenientJson;
import org.certsync.exchange.RecipientType;

/**
 * Exchange Online and its Entra ID token endpoint, simulated: the state and rules behind the /simulator web
 * endpoints, usable without HTTP. Thread-safe.
 *
 * <p>An InvokeCommand request passes, in order: the bearer token check (401), the tenant's request budget (429 with
 * Retry-After), the tenant's concurrency limit (429), the random faults (slow answer, 500/503), and the cmdlet's
 * own rules. Every request is logged.
 */
public class ExchangeOnlineSimulator {

    private static final Logger log = LoggerFactory.getLogger(ExchangeOnlineSimulator.class);
    private static final int REQUEST_LOG_CAPACITY = 1000;

    /** How a slow answer waits; tests replace it to hold requests in flight without sleeping. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    /** The settings in force with the fault generator seeded from them, swapped together on reconfiguration. */
    private record Rules(SimulatorSettings settings, FaultInjector faults) {
        Rules(SimulatorSettings settings) {
            this(settings, new FaultInjector(settings.fault()));
        }
    }

    private final Clock clock;
    private final Pause pause;
    private final TokenAuthority tokenAuthority;
    private final SimulatedOrganization organization = new SimulatedOrganization();
    private final TrafficLimits limits = new TrafficLimits();
    private final RequestLog requestLog = new RequestLog(REQUEST_LOG_CAPACITY);
    private volatile Rules rules;

    public ExchangeOnlineSimulator(SimulatorSettings settings, Clock clock) {
        this(settings, clock, duration -> Thread.sleep(duration.toMillis()));
    }

    public ExchangeOnlineSimulator(SimulatorSettings settings, Clock clock, Pause pause) {
        this.clock = clock;
        this.pause = pause;
        this.tokenAuthority = new TokenAuthority(settings);
        this.rules = new Rules(settings);
    }

    // --- the simulated endpoints

    /**
     * The token endpoint, {@code POST {login}/{tenant}/oauth2/v2.0/token}.
     *
     * @param form          the form fields of the request
     * @param tokenEndpoint the URL the request was sent to: client assertions must name it as their audience
     */
    public SimulatorResponse token(String tenant, Map<String, String> form, String tokenEndpoint) {
        return tokenAuthority.issue(tenant, form, tokenEndpoint, clock.instant(), rules.settings().tokenLifetime());
    }

    /**
     * The InvokeCommand endpoint, {@code POST {api}/adminapi/beta/{tenant}/InvokeCommand}.
     *
     * @param authorization   the Authorization header, may be null
     * @param clientRequestId the client-request-id header, may be null; echoed in the answer and the request log
     * @param body            the request body, may be malformed
     */
    public SimulatorResponse invokeCommand(String tenant, String authorization, String clientRequestId, String body) {
        Rules current = rules;
        Instant received = clock.instant();
        String requestId = clientRequestId == null || clientRequestId.isBlank() ? UUID.randomUUID().toString() : clientRequestId;
        CmdletInvocation call = CmdletInvocation.read(LenientJson.read(body));
        String tokenRefusal = tokenAuthority.refusal(authorization, tenant, received);
        SimulatorResponse response = tokenRefusal != null
                ? ExchangeError.invalidToken(tokenRefusal).toResponse()
                : admit(tenant, call, current, received);
        response = response.withHeader("client-request-id", requestId).withHeader("request-id", requestId);
        requestLog.add(new LoggedRequest(received, tenant, call.cmdlet(), call.identity(), response.status(),
                response.errorCode(), tokenRefusal == null, response.status() == 429, requestId));
        log.info("Simulated {} {} for tenant {}: {}{}", call.cmdlet(), call.identity(), tenant, response.status(),
                response.errorCode() == null ? "" : " " + response.errorCode());
        return response;
    }

    private SimulatorResponse admit(String tenant, CmdletInvocation call, Rules current, Instant received) {
        SimulatorSettings settings = current.settings();
        Optional<Duration> retryAfter = limits.spendBudget(tenant, settings.throttle(), received);
        if (retryAfter.isPresent()) {
            return ExchangeError.budgetExhausted(settings.throttle().requests(), settings.throttle().window(), retryAfter.get())
                    .toResponse();
        }
        Optional<TrafficLimits.Slot> slot = limits.enter(tenant, settings.concurrentLimit());
        if (slot.isEmpty()) return ExchangeError.concurrencyLimit(settings.concurrentLimit()).toResponse();
        try (TrafficLimits.Slot held = slot.get()) {
            return execute(tenant, call, current);
        }
    }

    private SimulatorResponse execute(String tenant, CmdletInvocation call, Rules current) {
        try {
            Optional<Duration> delay = current.faults().delay();
            if (delay.isPresent()) pause.pause(delay.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExchangeError.serviceUnavailable().toResponse();
        }
        Optional<ExchangeError> fault = current.faults().serverError();
        if (fault.isPresent()) return fault.get().toResponse();
        try {
            SimulatedOrganization.CmdletResult result = organization.run(call, current.settings(), clock.instant());
            return SimulatorResponse.json(200, envelope(tenant, result));
        } catch (ExchangeError e) {
            return e.toResponse();
        }
    }

    /** The OData envelope InvokeCommand wraps cmdlet output in. */
    private static ObjectNode envelope(String tenant, SimulatedOrganization.CmdletResult result) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("@odata.context", "https://outlook.office365.com/adminapi/beta/" + tenant + "/$metadata#Collection(Edm.PSObject)");
        body.put("adminapi.warnings@odata.type", "#Collection(String)");
        result.warnings().forEach(body.putArray("@adminapi.warnings")::add);
        result.values().forEach(body.putArray("value")::add);
        return body;
    }

    // --- programmatic access, for the demo and for tests

    /** Creates a recipient, replacing any with the same identity (case-insensitive), without certificate values. */
    public SimulatedRecipient register(String identity, RecipientType type, boolean dirSynced) {
        SimulatedRecipient recipient = organization.register(identity, type, dirSynced, clock.instant());
        log.info("Simulator registered {} {}{}", type.detailsName(), identity, dirSynced ? " (synchronized from on-premises)" : "");
        return recipient;
    }

    /** The recipient with this identity (case-insensitive). */
    public Optional<SimulatedRecipient> recipient(String identity) {
        return organization.find(identity);
    }

    /** All recipients, sorted by identity. */
    public List<SimulatedRecipient> recipients() {
        return organization.all();
    }

    /** The InvokeCommand requests answered, oldest first (the last 1000). */
    public List<LoggedRequest> requests() {
        return requestLog.entries();
    }

    public void clearRequests() {
        requestLog.clear();
    }

    /** How many access tokens the token endpoint has issued since start. */
    public int tokensIssued() {
        return tokenAuthority.issuedCount();
    }

    /** Every issued token becomes invalid: the next call with one gets 401, as after a revocation. */
    public void revokeTokens() {
        tokenAuthority.revokeAll();
    }

    public SimulatorSettings settings() {
        return rules.settings();
    }

    /**
     * Changes the rules and faults of the running simulator, e.g.
     * {@code reconfigure(s -> s.withThrottle(new Throttle(2, Duration.ofMinutes(1))))}. The fault generator is
     * re-seeded. Credentials are fixed at construction.
     *
     * @throws IllegalArgumentException when the change touches the client id, secret or certificate
     */
    public synchronized void reconfigure(UnaryOperator<SimulatorSettings> change) {
        SimulatorSettings before = rules.settings();
        SimulatorSettings after = change.apply(before);
        if (!Objects.equals(before.clientId(), after.clientId()) || !Objects.equals(before.clientSecret(), after.clientSecret())
                || !Objects.equals(before.clientCertificate(), after.clientCertificate())) {
            throw new IllegalArgumentException("the simulator's client credentials are fixed when it starts");
        }
        rules = new Rules(after);
        log.info("Simulator reconfigured: {}", after);
    }
}
