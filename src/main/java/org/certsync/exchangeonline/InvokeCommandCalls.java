package org.certsync.exchangeonline;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.certsync.certificate.AcceptedCertificate;
import org.certsync.state.Publication;
import org.certsync.state.PublishedState;
import org.certsync.state.RecipientTypes;

/**
 * Camel glue around one recipient's InvokeCommand calls: its own answer from a $batch when it had one, else which
 * request the publication needs (Get-Recipient first when the recipient's type is unknown, then the matching Set-*
 * cmdlet), the token per attempt, and the verdict on the answer.
 */
public class InvokeCommandCalls {

    /** Exchange property: this recipient's own answer in the $batch it was sent in; consumed, so a retry goes alone. */
    public static final String BATCH_ANSWER = "certsyncBatchAnswer";
    static final String REQUEST = "certsyncInvokeCommand";
    /** The URL of the call about to be sent: {@code toD} in exchange-online-invoke and exchange-online-batch-call. */
    static final String ENDPOINT = "certsyncEndpoint";
    static final String TOKEN = "certsyncAccessToken";
    /** The requests of this recipient, kept across its attempts: a retry carries the same client-request-id. */
    private static final String GET_REQUEST = "certsyncGetRecipient";
    private static final String SET_REQUEST = "certsyncSetCertificates";

    private final ExchangeOnlineAccess access;
    private final RecipientTypes recipientTypes;

    public InvokeCommandCalls(ExchangeOnlineAccess access, RecipientTypes recipientTypes) {
        this.access = access;
        this.recipientTypes = recipientTypes;
    }

    /** True when the recipient was sent in a $batch and has its own answer from it, not yet taken. */
    public boolean hasBatchAnswer(Exchange exchange) {
        return exchange.getProperty(BATCH_ANSWER) != null;
    }

    /** Takes the recipient's answer from its $batch: passes on success, else throws as for its own call. */
    public void takeBatchAnswer(Exchange exchange) {
        InvokeCommandOutcome answer = exchange.getProperty(BATCH_ANSWER, InvokeCommandOutcome.class);
        exchange.removeProperty(BATCH_ANSWER);
        String recipient = publication(exchange).recipient();
        judge(answer, recipient, cmdletFor(recipient).orElse("Get-Recipient"));
    }

    /** True when certsync.exchange.cmdlet=Auto and this recipient's type was never looked up. */
    public boolean needsRecipientType(Exchange exchange) {
        return access.settings().looksUpRecipientType() && recipientTypes.find(publication(exchange).recipient()).isEmpty();
    }

    public void getRecipient(Exchange exchange) {
        InvokeCommandRequest request = exchange.getProperty(GET_REQUEST, InvokeCommandRequest.class);
        if (request == null) {
            request = InvokeCommandRequest.getRecipient(access.settings(), publication(exchange).recipient());
            exchange.setProperty(GET_REQUEST, request);
        }
        exchange.setProperty(REQUEST, request);
    }

    /** Keeps the type Get-Recipient answered; a type that cannot carry certificates fails this recipient. */
    public void rememberRecipientType(Exchange exchange) {
        rememberType(publication(exchange).recipient(), LenientJson.read(exchange.getMessage().getBody(String.class)))
                .ifPresent(failure -> judge(failure, publication(exchange).recipient(), "Get-Recipient"));
    }

    /** The Set-* request of this publication, with the cmdlet of the recipient's type. */
    public void setCertificates(Exchange exchange) {
        InvokeCommandRequest request = exchange.getProperty(SET_REQUEST, InvokeCommandRequest.class);
        if (request == null) {
            Publication publication = publication(exchange);
            request = InvokeCommandRequest.setCertificates(access.settings(), cmdletFor(publication.recipient()).orElseThrow(),
                    publication.recipient(), der(publication.userCertificate()), der(publication.userSmimeCertificate()));
            exchange.setProperty(SET_REQUEST, request);
        }
        exchange.setProperty(REQUEST, request);
    }

    /** Sets body and headers of one attempt, with the current token. */
    public void prepare(Exchange exchange) {
        InvokeCommandRequest request = exchange.getProperty(REQUEST, InvokeCommandRequest.class);
        AccessToken token = access.tokens().current();
        Message message = exchange.getMessage();
        message.setBody(request.body());
        request.headers(token).forEach(message::setHeader);
        exchange.setProperty(TOKEN, token);
        exchange.setProperty(ENDPOINT, request.uri().toString());
        exchange.setProperty(InvokeCommandBatches.CMDLETS, 1);
    }

    /** Passes on success; otherwise throws with Exchange's reason, after dropping a token Exchange refused. */
    public void verify(Exchange exchange) {
        InvokeCommandOutcome outcome = outcome(exchange.getMessage());
        learn(exchange, List.of(outcome));
        InvokeCommandRequest request = exchange.getProperty(REQUEST, InvokeCommandRequest.class);
        judge(outcome, request.identity(), request.cmdlet());
    }

    /** The outcome of the HTTP answer in the message. */
    static InvokeCommandOutcome outcome(Message message) {
        return InvokeCommandOutcome.classify(message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class),
                message.getBody(String.class), message.getHeader("Retry-After", String.class));
    }

    /**
     * What the answers of one request teach: the load the tenant takes (for {@link TenantConcurrency}), throttling
     * (for the report), and a refused token, which is dropped so that the retry gets a new one.
     */
    void learn(Exchange exchange, List<InvokeCommandOutcome> outcomes) {
        exchange.setProperty(TenantConcurrency.ANSWER, load(outcomes));
        // every answer that asked CertSync to slow down counts for the run's report and metrics
        PublishCounters counters = PublishCounters.of(exchange);
        outcomes.stream().filter(o -> o.kind() == InvokeCommandOutcome.Kind.THROTTLED).forEach(o -> counters.throttled());
        if (outcomes.stream().anyMatch(o -> o.kind() == InvokeCommandOutcome.Kind.UNAUTHORIZED)) {
            access.tokens().invalidate(exchange.getProperty(TOKEN, AccessToken.class));
        }
    }

    /** Throws the failure an outcome means for this recipient: retryable or not; nothing on success. */
    static void judge(InvokeCommandOutcome outcome, String identity, String cmdlet) {
        switch (outcome.kind()) {
            case SUCCESS -> {
            }
            case PERMANENT -> throw new PublishFailedException(identity, cmdlet, outcome);
            case UNAUTHORIZED, THROTTLED, TRANSIENT -> throw new RetryablePublishException(identity, cmdlet, outcome);
        }
    }

    /** What a set of answers says about the load: too much if any was throttled, clean if all were answered. */
    static TenantConcurrency.Load load(List<InvokeCommandOutcome> outcomes) {
        if (outcomes.stream().anyMatch(o -> o.kind() == InvokeCommandOutcome.Kind.THROTTLED)) return TenantConcurrency.Load.TOO_MUCH;
        if (outcomes.stream().allMatch(o -> o.kind() == InvokeCommandOutcome.Kind.SUCCESS
                || o.kind() == InvokeCommandOutcome.Kind.PERMANENT)) return TenantConcurrency.Load.CLEAN;
        return TenantConcurrency.Load.UNKNOWN;
    }

    /** The Set-* cmdlet for this recipient: the configured one, or the one of its looked-up type; empty if unknown. */
    Optional<String> cmdletFor(String recipient) {
        ExchangeOnlineSettings settings = access.settings();
        if (!settings.looksUpRecipientType()) return Optional.of(settings.cmdlet());
        return recipientTypes.find(recipient).flatMap(RecipientType::forDetailsName).map(RecipientType::setCmdlet);
    }

    /**
     * Keeps the type a Get-Recipient answer names.
     *
     * @return the failure when the type cannot carry certificates, else empty
     */
    Optional<InvokeCommandOutcome> rememberType(String recipient, JsonNode answer) {
        String details = answer.path("value").path(0).path("RecipientTypeDetails").asText("");
        Optional<RecipientType> type = typeFor(details);
        if (type.isEmpty()) {
            return Optional.of(new InvokeCommandOutcome(InvokeCommandOutcome.Kind.PERMANENT, 200, "", details, Optional.empty(),
                    "recipient type '" + details + "' has no certificate attributes CertSync can set;"
                            + " exclude the user with certsync.ldap.user-filter"));
        }
        recipientTypes.remember(recipient, type.get().detailsName());
        return Optional.empty();
    }

    /** Every mailbox kind (user, shared, room, …) is set with Set-Mailbox; guests are mail users. */
    static Optional<RecipientType> typeFor(String details) {
        String lower = details.toLowerCase(Locale.ROOT);
        if (lower.endsWith("mailbox")) return Optional.of(RecipientType.USER_MAILBOX);
        if (lower.endsWith("mailuser")) return Optional.of(RecipientType.MAIL_USER);
        if (lower.equals("mailcontact")) return Optional.of(RecipientType.MAIL_CONTACT);
        return Optional.empty();
    }

    boolean looksUpRecipientTypes() {
        return access.settings().looksUpRecipientType();
    }

    ExchangeOnlineAccess access() {
        return access;
    }

    private static Publication publication(Exchange exchange) {
        return exchange.getProperty(PublishedState.PUBLICATION, Publication.class);
    }

    static List<byte[]> der(List<AcceptedCertificate> certificates) {
        return certificates.stream().map(AcceptedCertificate::der).toList();
    }
}
