package org.certsync.demo.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exchange Online and its Entra ID token endpoint, simulated: the state and rules behind the /simulator web
 * endpoints, usable without HTTP. Thread-safe. A model of the public evidence (the ExchangeOnlineManagement module's
 * client, the service's $metadata, CIPP): it reads requests with its own code, so a client that drifts from what
 * the service takes is refused here too.
 *
 * <p>A request (InvokeCommand, or a $batch of at most 10 InvokeCommand sub-requests) passes, in order: the bearer
 * token check (401), the tenant's cap on requests in flight (429 with Exchange's concurrency text), the tenant's cmdlet
 * budget for each cmdlet it carries (counted on arrival, as a front door does; 429 with a decimal Retry-After), the
 * latency and slow faults; then each cmdlet admitted: the random server faults (500/503), injected cmdlet errors
 * (200 with {@code @adminapi.errors}), and the cmdlet's own rules.
 * Every cmdlet is logged.
 */
public class ExchangeOnlineSimulator {

    private static final Logger log = LoggerFactory.getLogger(ExchangeOnlineSimulator.class);
    private static final int REQUEST_LOG_CAPACITY = 1000;
    /** The most sub-requests one $batch may carry, as the module and CIPP send them. */
    static final int MAX_BATCH_REQUESTS = 10;

    /** How an answer waits; tests replace it to hold requests in flight without sleeping. */
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

    /** The headers the simulator reads, case-insensitive as HTTP's. */
    private record Headers(String authorization, String clientRequestId, String anchorMailbox, String prefer) {
        static Headers of(Map<String, String> headers) {
            Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            h.putAll(headers);
            return new Headers(h.get("Authorization"), h.get("client-request-id"), h.get("X-AnchorMailbox"), h.get("Prefer"));
        }

        String requestId() {
            return clientRequestId == null || clientRequestId.isBlank() ? UUID.randomUUID().toString() : clientRequestId;
        }
    }

    private final Clock clock;
    private final Pause pause;
    private final TokenAuthority tokenAuthority;
    /** One organization per tenant (lower case): a tenant's recipients are its own. */
    private final ConcurrentMap<String, SimulatedOrganization> organizations = new ConcurrentHashMap<>();
    private final TrafficLimits limits = new TrafficLimits();
    private final RequestLog requestLog = new RequestLog(REQUEST_LOG_CAPACITY);
    private final ConcurrentMap<String, Deque<String>> injectedErrors = new ConcurrentHashMap<>();
    /** Cmdlets (lower case) whose next answer waits: a call held in flight, for tests of what overlaps it. */
    private final ConcurrentMap<String, Hold> holds = new ConcurrentHashMap<>();
    private final AtomicLong httpRequests = new AtomicLong();
    private final AtomicLong batchRequests = new AtomicLong();
    private final AtomicLong cmdlets = new AtomicLong();
    private final AtomicReference<Instant> firstAnswer = new AtomicReference<>();
    private final AtomicReference<Instant> lastAnswer = new AtomicReference<>();
    private volatile Rules rules;
    private final SimulatorStore store;
    private long savedVersion;

    public ExchangeOnlineSimulator(SimulatorSettings settings, Clock clock) {
        this(settings, clock, duration -> Thread.sleep(duration.toMillis()));
    }

    public ExchangeOnlineSimulator(SimulatorSettings settings, Clock clock, Pause pause) {
        this.clock = clock;
        this.pause = pause;
        this.tokenAuthority = new TokenAuthority(settings);
        this.rules = new Rules(settings);
        this.store = settings.stateFile() == null ? null : new SimulatorStore(settings.stateFile());
        if (store != null) {
            store.load().forEach((tenant, recipients) -> organization(tenant).restore(recipients));
        }
        this.savedVersion = version();
    }

    private SimulatedOrganization organization(String tenant) {
        return organizations.computeIfAbsent(tenant.toLowerCase(Locale.ROOT), t -> new SimulatedOrganization());
    }

    /** The organization of the home tenant ({@code certsync.simulator.tenant}), which the accessors without a tenant mean. */
    private SimulatedOrganization home() {
        return organization(rules.settings().tenant());
    }

    private long version() {
        return organizations.values().stream().mapToLong(SimulatedOrganization::version).sum();
    }

    /** Writes the recipients to the state file when anything changed since the last time (no file: nothing). */
    public synchronized void keep() {
        long version = version();
        if (store == null || version == savedVersion) return;
        Map<String, List<MailRecipient.Stored>> all = new TreeMap<>();
        organizations.forEach((tenant, organization) -> all.put(tenant, organization.export()));
        store.save(all);
        savedVersion = version;
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
     * @param headers the request headers (Authorization, client-request-id, X-AnchorMailbox, …)
     * @param body    the request body, may be malformed
     */
    public SimulatorResponse invokeCommand(String tenant, Map<String, String> headers, String body) {
        Rules current = rules;
        Headers h = Headers.of(headers);
        String requestId = h.requestId();
        CmdletInvocation call = CmdletInvocation.read(body);
        httpRequests.incrementAndGet();
        cmdlets.incrementAndGet();
        String tokenRefusal = tokenAuthority.refusal(h.authorization(), tenant, clock.instant());
        SimulatorResponse response = admitted(tenant, current, tokenRefusal, () -> {
            Optional<Duration> refused = spendBudget(tenant, current);
            return waitAnswer(current, 1).orElseGet(() -> execute(tenant, call, current, refused));
        });
        response = response.withHeader("client-request-id", requestId).withHeader("request-id", requestId);
        logCall(tenant, call, response, tokenRefusal == null, requestId, false, h.anchorMailbox());
        return response;
    }

    /**
     * The batch endpoint, {@code POST {api}/adminapi/beta/{tenant}/$batch}: {@code {"requests":[{"id","method","url",
     * "headers","body"}]}}, at most 10, answered {@code {"responses":[{"id","status","headers","body"}]}} with each
     * sub-request judged on its own. Without {@code Prefer: odata.continue-on-error} the service stops at the first
     * failed sub-request and leaves the rest out of the answer.
     */
    public SimulatorResponse batch(String tenant, Map<String, String> headers, String body) {
        Rules current = rules;
        Headers h = Headers.of(headers);
        String requestId = h.requestId();
        JsonNode requests = CmdletInvocation.parse(body).path("requests");
        httpRequests.incrementAndGet();
        batchRequests.incrementAndGet();
        String tokenRefusal = tokenAuthority.refusal(h.authorization(), tenant, clock.instant());
        SimulatorResponse response = admitted(tenant, current, tokenRefusal, () -> {
            if (!requests.isArray() || requests.isEmpty() || requests.size() > MAX_BATCH_REQUESTS) {
                return ExchangeError.badBatch("A $batch body must be {\"requests\":[...]} with 1 to " + MAX_BATCH_REQUESTS
                        + " requests; found " + (requests.isArray() ? requests.size() + " requests" : "none") + ".").toResponse();
            }
            List<Optional<Duration>> refused = new java.util.ArrayList<>();
            for (int i = 0; i < requests.size(); i++) refused.add(spendBudget(tenant, current));
            return waitAnswer(current, requests.size()).orElseGet(() ->
                    SimulatorResponse.json(200, subResponses(tenant, requests, h, current, refused)));
        });
        if (response.status() != 200) {
            // the whole $batch was refused: every cmdlet it carried was
            for (JsonNode request : requests.isArray() ? requests : JsonNodeFactory.instance.arrayNode()) {
                cmdlets.incrementAndGet();
                logCall(tenant, CmdletInvocation.of(request.path("body")), response, tokenRefusal == null,
                        Headers.of(headersOf(request)).requestId(), true, h.anchorMailbox());
            }
        }
        return response.withHeader("client-request-id", requestId).withHeader("request-id", requestId);
    }

    /** The answer, once the token is valid and a place among the tenant's requests in flight is free. */
    private SimulatorResponse admitted(String tenant, Rules current, String tokenRefusal, Supplier<SimulatorResponse> answer) {
        if (tokenRefusal != null) return ExchangeError.invalidToken(tokenRefusal).toResponse();
        Optional<TrafficLimits.Slot> slot = limits.enter(tenant, current.settings().concurrentLimit());
        if (slot.isEmpty()) return ExchangeError.concurrencyLimit().toResponse();
        try (TrafficLimits.Slot held = slot.get()) {
            return answer.get();
        }
    }

    private ObjectNode subResponses(String tenant, JsonNode requests, Headers outer, Rules current,
                                    List<Optional<Duration>> refused) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        ArrayNode responses = answer.putArray("responses");
        boolean continueOnError = outer.prefer() != null
                && outer.prefer().toLowerCase(Locale.ROOT).contains("odata.continue-on-error");
        Set<String> ids = new HashSet<>();
        int index = 0;
        for (JsonNode request : requests) {
            Optional<Duration> budget = refused.get(index++);
            cmdlets.incrementAndGet();
            Headers h = Headers.of(headersOf(request));
            String requestId = h.requestId();
            CmdletInvocation call = CmdletInvocation.of(request.path("body"));
            String id = request.path("id").asText("");
            SimulatorResponse response = subRequestProblem(tenant, request, id, ids)
                    .map(ExchangeError::toResponse)
                    .orElseGet(() -> execute(tenant, call, current, budget))
                    .withHeader("client-request-id", requestId);
            logCall(tenant, call, response, true, requestId, true,
                    h.anchorMailbox() != null ? h.anchorMailbox() : outer.anchorMailbox());
            ObjectNode sub = responses.addObject().put("id", id).put("status", response.status());
            ObjectNode subHeaders = sub.putObject("headers");
            subHeaders.put("Content-Type", "application/json; odata.metadata=minimal");
            response.headers().forEach(subHeaders::put);
            sub.set("body", response.body());
            if (response.status() >= 400 && !continueOnError) break;
        }
        return answer;
    }

    /** What is wrong with a sub-request as such (not with its cmdlet), if anything. */
    private static Optional<ExchangeError> subRequestProblem(String tenant, JsonNode request, String id, Set<String> ids) {
        if (id.isEmpty() || !ids.add(id)) {
            return Optional.of(ExchangeError.badBatch("Every request of a $batch needs an id of its own; found '" + id + "'."));
        }
        if (!"POST".equals(request.path("method").asText())) {
            return Optional.of(ExchangeError.badBatch("InvokeCommand takes POST, not '" + request.path("method").asText() + "'."));
        }
        String url = request.path("url").asText("");
        if (!(url.startsWith("https://") || url.startsWith("http://"))
                || !url.toLowerCase(Locale.ROOT).endsWith(("/adminapi/beta/" + tenant + "/InvokeCommand").toLowerCase(Locale.ROOT))) {
            return Optional.of(ExchangeError.badBatch("The url of a $batch request must be the absolute InvokeCommand URL"
                    + " of this tenant, {api}/adminapi/beta/" + tenant + "/InvokeCommand; found '" + url + "'."));
        }
        return Optional.empty();
    }

    private static Map<String, String> headersOf(JsonNode request) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        request.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
        return headers;
    }

    /** A held answer: {@code arrived} opens when the cmdlet is held, the answer waits for {@code release}. */
    private record Hold(CountDownLatch arrived, CountDownLatch release) {
    }

    /** Holds the cmdlet's answer when {@link #holdNext} asked for it; bounded, so a forgotten release does not hang. */
    private void hold(CmdletInvocation call) {
        Hold hold = call.cmdlet() == null ? null : holds.remove(call.cmdlet().toLowerCase(Locale.ROOT));
        if (hold == null) return;
        hold.arrived().countDown();
        try {
            if (!hold.release().await(1, TimeUnit.MINUTES)) log.warn("Simulator released a held {} after a minute", call.cmdlet());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Holds the answer for the latency and slow faults; empty when the wait went well. */
    private Optional<SimulatorResponse> waitAnswer(Rules current, int cmdletCount) {
        SimulatorSettings settings = current.settings();
        Duration wait = settings.latency().plus(settings.latencyPerCmdlet().multipliedBy(cmdletCount));
        Optional<Duration> slow = current.faults().delay();
        if (slow.isPresent()) wait = wait.plus(slow.get());
        if (wait.isZero()) return Optional.empty();
        try {
            pause.pause(wait);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(ExchangeError.serviceUnavailable(current.settings().fault().retryAfter()).toResponse());
        }
    }

    /** Spends one cmdlet of the tenant's budget as the request arrives: empty when admitted, else the Retry-After. */
    private Optional<Duration> spendBudget(String tenant, Rules current) {
        return limits.spendBudget(tenant, current.settings().throttle(), clock.instant());
    }

    /** @param retryAfter the cmdlet's refusal by the budget, decided when the request arrived */
    private SimulatorResponse execute(String tenant, CmdletInvocation call, Rules current, Optional<Duration> retryAfter) {
        SimulatorSettings settings = current.settings();
        if (retryAfter.isPresent()) {
            return ExchangeError.budgetExhausted(settings.throttle().requests(), settings.throttle().window(), retryAfter.get())
                    .toResponse();
        }
        hold(call);
        Optional<ExchangeError> fault = current.faults().serverError();
        if (fault.isPresent()) return fault.get().toResponse();
        try {
            Optional<String> cmdletError = cmdletError(call, current);
            if (cmdletError.isPresent()) {
                return SimulatorResponse.json(200, envelope(tenant, new SimulatedOrganization.CmdletResult(List.of(), List.of()),
                        List.of(cmdletError.get())));
            }
            SimulatedOrganization.CmdletResult result = organization(tenant).run(call, settings, clock.instant());
            return SimulatorResponse.json(200, envelope(tenant, result, List.of()));
        } catch (ExchangeError e) {
            return e.toResponse();
        }
    }

    /** An injected error for this Set-* cmdlet: the cmdlet answers 200, writes it to {@code @adminapi.errors}, sets nothing. */
    private Optional<String> cmdletError(CmdletInvocation call, Rules current) {
        if (call.cmdlet() == null || !call.cmdlet().regionMatches(true, 0, "Set-", 0, 4)) return Optional.empty();
        String identity = call.identity();
        Deque<String> queued = identity == null ? null : injectedErrors.get(identity.toLowerCase(Locale.ROOT));
        String injected = queued == null ? null : queued.pollFirst();
        if (injected != null) return Optional.of(injected);
        if (current.faults().cmdletError()) {
            return Optional.of("|Microsoft.Exchange.Data.Storage.StoragePermanentException|The cmdlet failed for '"
                    + identity + "' (simulated cmdlet error).");
        }
        return Optional.empty();
    }

    /** The OData envelope InvokeCommand wraps cmdlet output in. */
    private static ObjectNode envelope(String tenant, SimulatedOrganization.CmdletResult result, List<String> errors) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("@odata.context", "https://outlook.office365.com/adminapi/beta/" + tenant + "/$metadata#Collection(Edm.PSObject)");
        body.put("adminapi.warnings@odata.type", "#Collection(String)");
        result.warnings().forEach(body.putArray("@adminapi.warnings")::add);
        if (!errors.isEmpty()) {
            body.put("adminapi.errors@odata.type", "#Collection(String)");
            errors.forEach(body.putArray("@adminapi.errors")::add);
        }
        result.values().forEach(body.putArray("value")::add);
        return body;
    }

    private void logCall(String tenant, CmdletInvocation call, SimulatorResponse response, boolean tokenValid,
                         String requestId, boolean batched, String anchorMailbox) {
        Instant now = clock.instant();
        firstAnswer.compareAndSet(null, now);
        lastAnswer.accumulateAndGet(now, (a, b) -> a == null || b.isAfter(a) ? b : a);
        String retryAfter = response.headers().get("Retry-After");
        requestLog.add(new LoggedRequest(now, tenant, call.cmdlet(), call.identity(), response.status(),
                response.errorCode(), tokenValid, response.status() == 429, requestId, batched, anchorMailbox,
                retryAfter == null ? null : Duration.ofMillis(new java.math.BigDecimal(retryAfter).movePointRight(3).longValue())));
        log.info("Simulated {} {} for tenant {}{}: {}{}", call.cmdlet(), call.identity(), tenant, batched ? " ($batch)" : "",
                response.status(), response.errorCode() == null ? "" : " " + response.errorCode());
    }

    // --- programmatic access, for the demo and for tests

    /**
     * Creates a recipient of the home tenant, replacing any with the same identity (case-insensitive), without
     * certificate values.
     */
    public SimulatedRecipient register(String identity, MailRecipientType type, boolean dirSynced) {
        SimulatedRecipient recipient = home().register(identity, type, dirSynced, clock.instant());
        log.info("Simulator registered {} {}{}", type.detailsName(), identity, dirSynced ? " (synchronized from on-premises)" : "");
        return recipient;
    }

    /**
     * The next Set-* cmdlet for this identity answers 200 with {@code message} in {@code @adminapi.errors} and sets
     * nothing, as a cmdlet that fails after the service accepted the request does.
     */
    public void failNextCmdlet(String identity, String message) {
        injectedErrors.computeIfAbsent(identity.toLowerCase(Locale.ROOT), k -> new ConcurrentLinkedDeque<>())
                .addLast(message);
    }

    /**
     * Holds the next call of this cmdlet before it is answered, until {@code release} opens (at most a minute);
     * {@code arrived} opens once it is held. For tests of what overlaps a call in flight, without sleeping.
     */
    public void holdNext(String cmdlet, CountDownLatch arrived, CountDownLatch release) {
        holds.put(cmdlet.toLowerCase(Locale.ROOT), new Hold(arrived, release));
    }

    /** The home tenant's recipient with this identity (case-insensitive). */
    public Optional<SimulatedRecipient> recipient(String identity) {
        return home().find(identity);
    }

    /** A tenant's recipient with this identity (case-insensitive). */
    public Optional<SimulatedRecipient> recipient(String tenant, String identity) {
        return organization(tenant).find(identity);
    }

    /** The home tenant's recipients, sorted by identity. */
    public List<SimulatedRecipient> recipients() {
        return home().all();
    }

    /** A tenant's recipients, sorted by identity. */
    public List<SimulatedRecipient> recipients(String tenant) {
        return organization(tenant).all();
    }

    /** The issuing CAs a tenant's Set-SmimeConfig stored (DER, in the SST's order), as the simulator read them; none: empty. */
    public List<byte[]> issuingCas(String tenant) {
        return organization(tenant).issuingCas().map(IssuingCaStore::certificates).orElse(List.of());
    }

    /** The cmdlets answered, oldest first (the last 1000). */
    public List<LoggedRequest> requests() {
        return requestLog.entries();
    }

    public void clearRequests() {
        requestLog.clear();
    }

    /** Counts of what the simulator answered since it started. */
    public SimulatorStatistics statistics() {
        return new SimulatorStatistics(httpRequests.get(), batchRequests.get(), cmdlets.get(), limits.concurrencyRefusals(),
                limits.budgetRefusals(), limits.mostInFlight(), firstAnswer.get(), lastAnswer.get());
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
