package org.certsync.exchangeonline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.certsync.state.Publication;
import org.certsync.state.PublishedState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel glue around one $batch of recipients (route exchange-online-batch): the Get-Recipient and Set-* requests it sends,
 * the token per attempt, and each recipient's own answer. A recipient is recorded only after its own sub-response
 * succeeded (state-publish); the others go on alone.
 */
public class InvokeCommandBatches {

    /** Exchange property holding the {@link PublishBatch} of this exchange-online-batch. */
    public static final String BATCH = "certsyncBatch";
    /** Exchange property: how many cmdlets the request about to be sent carries (a $batch spends one budget unit each). */
    public static final String CMDLETS = "certsyncCmdlets";
    private static final Logger LOG = LoggerFactory.getLogger(InvokeCommandBatches.class);

    private final InvokeCommandCalls calls;
    private final Clock clock;

    public InvokeCommandBatches(InvokeCommandCalls calls, Clock clock) {
        this.calls = calls;
        this.clock = clock;
    }

    /** Starts the batch of these publications (the body of exchange-online-batch). */
    public void begin(List<Publication> publications, Exchange exchange) {
        exchange.setProperty(BATCH, new PublishBatch(publications));
    }

    /** True when certsync.exchange.cmdlet=Auto and some recipient's type was never looked up. */
    public boolean needsRecipientTypes(Exchange exchange) {
        return calls.looksUpRecipientTypes()
                && batch(exchange).members().stream().anyMatch(m -> calls.cmdletFor(m.publication().recipient()).isEmpty());
    }

    /** A $batch of Get-Recipient, one per recipient whose type is unknown. */
    public void getRecipients(Exchange exchange) {
        PublishBatch batch = batch(exchange);
        List<PublishBatch.Member> unknown = batch.pending(m -> calls.cmdletFor(m.publication().recipient()).isEmpty());
        ExchangeOnlineSettings settings = calls.access().settings();
        batch.request(new BatchRequest(settings, unknown.stream()
                .map(m -> InvokeCommandRequest.getRecipient(settings, m.publication().recipient())).toList()), unknown);
    }

    /**
     * Keeps the types the Get-Recipient answers name. A recipient whose type cannot carry certificates has its answer
     * (a permanent failure); one whose lookup failed keeps its failure and goes alone; the others are set next.
     */
    public void rememberRecipientTypes(Exchange exchange) {
        for (PublishBatch.Member member : batch(exchange).requested()) {
            if (member.answer() == null || member.answer().kind() != InvokeCommandOutcome.Kind.SUCCESS) continue;
            Optional<InvokeCommandOutcome> failure = calls.rememberType(member.publication().recipient(), member.answerBody());
            member.answer(failure.orElse(null), null, member.answeredAt());
        }
    }

    /** A $batch of Set-*, one per recipient with a known cmdlet and no answer yet; none when there is no such one. */
    public void setCertificates(Exchange exchange) {
        // the Get-Recipient $batch's retries do not count against this one's
        PublishRetries.forget(exchange);
        PublishBatch batch = batch(exchange);
        List<PublishBatch.Member> ready = batch.pending(m -> calls.cmdletFor(m.publication().recipient()).isPresent());
        if (ready.isEmpty()) {
            batch.request(null, List.of());
            return;
        }
        ExchangeOnlineSettings settings = calls.access().settings();
        batch.request(new BatchRequest(settings, ready.stream().map(m -> {
            Publication publication = m.publication();
            return InvokeCommandRequest.setCertificates(settings, calls.cmdletFor(publication.recipient()).orElseThrow(),
                    publication.recipient(), InvokeCommandCalls.der(publication.userCertificate()),
                    InvokeCommandCalls.der(publication.userSmimeCertificate()));
        }).toList()), ready);
    }

    /** True when there is a $batch to send. */
    public boolean hasRequest(Exchange exchange) {
        return batch(exchange).request() != null;
    }

    /** Sets body and headers of one attempt of the $batch, with the current token. */
    public void prepare(Exchange exchange) {
        BatchRequest request = batch(exchange).request();
        AccessToken token = calls.access().tokens().current();
        Message message = exchange.getMessage();
        message.setBody(request.body(token));
        request.headers(token).forEach(message::setHeader);
        exchange.setProperty(InvokeCommandCalls.TOKEN, token);
        exchange.setProperty(InvokeCommandCalls.ENDPOINT, request.uri().toString());
        exchange.setProperty(CMDLETS, request.requests().size());
    }

    /**
     * Judges the $batch answer: a failed $batch throws as a single call does (and is retried whole); a 200 gives
     * each recipient its own answer, a sub-response of 429 with its own Retry-After among them.
     */
    public void verify(Exchange exchange) {
        PublishBatch batch = batch(exchange);
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status < 200 || status >= 300) {
            InvokeCommandOutcome outcome = InvokeCommandCalls.outcome(message);
            calls.learn(exchange, List.of(outcome));
            InvokeCommandCalls.judge(outcome, batch.size() + " recipients", "$batch");
            return;
        }
        // a sub-response throttled without a Retry-After of its own waits for the $batch's (Create-CustomError)
        List<BatchRequest.Answer> answers = batch.request().answers(message.getBody(String.class),
                message.getHeader("Retry-After", String.class));
        List<PublishBatch.Member> members = batch.requested();
        Instant now = clock.instant();
        for (int i = 0; i < members.size(); i++) members.get(i).answer(answers.get(i).outcome(), answers.get(i).body(), now);
        calls.learn(exchange, answers.stream().map(BatchRequest.Answer::outcome).toList());
    }

    /** A $batch failed as a whole, retries included: its recipients without an answer of their own go on alone. */
    public void failed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        long alone = batch(exchange).members().stream().filter(m -> m.answer() == null).count();
        LOG.warn("A $batch failed ({}); {} of its recipients have no answer of their own and go on alone",
                cause == null ? "unknown" : cause.getMessage(), alone);
    }

    /** The recipients of the batch, for the split that records each by its own answer. */
    public List<PublishBatch.Member> members(Exchange exchange) {
        return batch(exchange).members();
    }

    /**
     * Makes a split exchange one recipient's: its publication and its own answer; the batch's retry bookkeeping
     * does not count against the recipient's own retries.
     */
    public void member(PublishBatch.Member member, Exchange exchange) {
        exchange.setProperty(PublishedState.PUBLICATION, member.publication());
        if (member.answer() != null) {
            // its Retry-After counts from the answer, not from its turn after the recipients before it
            exchange.setProperty(InvokeCommandCalls.BATCH_ANSWER,
                    member.answer().afterWaiting(Duration.between(member.answeredAt(), clock.instant())));
        } else {
            exchange.removeProperty(InvokeCommandCalls.BATCH_ANSWER);
        }
        PublishRetries.forget(exchange);
        exchange.getMessage().setBody(member.publication());
    }

    private static PublishBatch batch(Exchange exchange) {
        PublishBatch batch = exchange.getProperty(BATCH, PublishBatch.class);
        if (batch == null) throw new IllegalStateException("no $batch in this exchange: call direct:exchange-online-batch");
        return batch;
    }
}
