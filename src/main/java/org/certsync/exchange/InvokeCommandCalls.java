package org.certsync.exchange;

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
 * Camel glue around InvokeCommand calls: which request the publication needs (Get-Recipient first when the
 * recipient's type is unknown, then the matching Set-* cmdlet), the token per attempt, and the verdict on the answer.
 */
public class InvokeCommandCalls {

    static final String REQUEST = "certsyncInvokeCommand";
    static final String TOKEN = "certsyncAccessToken";

    private final ExchangeAccess access;
    private final RecipientTypes recipientTypes;

    public InvokeCommandCalls(ExchangeAccess access, RecipientTypes recipientTypes) {
        this.access = access;
        this.recipientTypes = recipientTypes;
    }

    /** True when certsync.exchange.cmdlet=Auto and this recipient's type was never looked up. */
    public boolean needsRecipientType(Exchange exchange) {
        return access.settings().looksUpRecipientType() && recipientTypes.find(publication(exchange).recipient()).isEmpty();
    }

    public void getRecipient(Exchange exchange) {
        exchange.setProperty(REQUEST, InvokeCommandRequest.getRecipient(access.settings(), publication(exchange).recipient()));
    }

    /** Keeps the type Get-Recipient answered; a type that cannot carry certificates fails this recipient. */
    public void rememberRecipientType(Exchange exchange) {
        String recipient = publication(exchange).recipient();
        JsonNode answer = LenientJson.read(exchange.getMessage().getBody(String.class));
        String details = answer.path("value").path(0).path("RecipientTypeDetails").asText("");
        RecipientType type = typeFor(details).orElseThrow(() -> new PublishFailedException(recipient, "Get-Recipient",
                new InvokeCommandOutcome(InvokeCommandOutcome.Kind.PERMANENT, 200, "", details, Optional.empty(),
                        "recipient type '" + details + "' has no certificate attributes CertSync can set;"
                                + " exclude the user with certsync.ldap.user-filter")));
        recipientTypes.remember(recipient, type.detailsName());
    }

    /** The Set-* request of this publication, with the cmdlet of the recipient's type. */
    public void setCertificates(Exchange exchange) {
        Publication publication = publication(exchange);
        ExchangeSettings settings = access.settings();
        String cmdlet = settings.looksUpRecipientType()
                ? recipientTypes.find(publication.recipient()).flatMap(RecipientType::forDetailsName)
                        .map(RecipientType::setCmdlet).orElseThrow()
                : settings.cmdlet();
        exchange.setProperty(REQUEST, InvokeCommandRequest.setCertificates(settings, cmdlet, publication.recipient(),
                der(publication.userCertificate()), der(publication.userSmimeCertificate())));
    }

    /** Sets body and headers of one attempt, with the current token. */
    public void prepare(Exchange exchange) {
        InvokeCommandRequest request = exchange.getProperty(REQUEST, InvokeCommandRequest.class);
        AccessToken token = access.tokens().current();
        Message message = exchange.getMessage();
        message.setBody(request.body());
        request.headers(token).forEach(message::setHeader);
        exchange.setProperty(TOKEN, token);
    }

    /** Passes on success; otherwise throws with Exchange's reason, after dropping a token Exchange refused. */
    public void verify(Exchange exchange) {
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        InvokeCommandOutcome outcome = InvokeCommandOutcome.classify(status, message.getBody(String.class),
                message.getHeader("Retry-After", String.class));
        InvokeCommandRequest request = exchange.getProperty(REQUEST, InvokeCommandRequest.class);
        switch (outcome.kind()) {
            case SUCCESS -> {
            }
            case PERMANENT -> throw new PublishFailedException(request.identity(), request.cmdlet(), outcome);
            case UNAUTHORIZED -> {
                access.tokens().invalidate(exchange.getProperty(TOKEN, AccessToken.class));
                throw new RetryablePublishException(request.identity(), request.cmdlet(), outcome);
            }
            case THROTTLED, TRANSIENT -> throw new RetryablePublishException(request.identity(), request.cmdlet(), outcome);
        }
    }

    /** Every mailbox kind (user, shared, room, …) is set with Set-Mailbox; guests are mail users. */
    static Optional<RecipientType> typeFor(String details) {
        String lower = details.toLowerCase(Locale.ROOT);
        if (lower.endsWith("mailbox")) return Optional.of(RecipientType.USER_MAILBOX);
        if (lower.endsWith("mailuser")) return Optional.of(RecipientType.MAIL_USER);
        if (lower.equals("mailcontact")) return Optional.of(RecipientType.MAIL_CONTACT);
        return Optional.empty();
    }

    private static Publication publication(Exchange exchange) {
        return exchange.getProperty(PublishedState.PUBLICATION, Publication.class);
    }

    private static List<byte[]> der(List<AcceptedCertificate> certificates) {
        return certificates.stream().map(AcceptedCertificate::der).toList();
    }
}
