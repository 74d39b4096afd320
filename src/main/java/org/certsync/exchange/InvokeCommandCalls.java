package org.certsync.exchange;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.certsync.certificate.AcceptedCertificate;
import org.certsync.state.Publication;
import org.certsync.state.PublishedState;

/** Camel glue around one InvokeCommand call: builds the request from the publication, judges the answer. */
public class InvokeCommandCalls {

    static final String REQUEST = "certsyncInvokeCommand";
    static final String TOKEN = "certsyncAccessToken";

    private final ExchangeAccess access;

    public InvokeCommandCalls(ExchangeAccess access) {
        this.access = access;
    }

    /** Sets body and headers for the HTTP producer from the exchange's {@link Publication}. */
    public void prepare(Exchange exchange) {
        Publication publication = exchange.getProperty(PublishedState.PUBLICATION, Publication.class);
        InvokeCommandRequest request = InvokeCommandRequest.setCertificates(access.settings(),
                publication.recipient(), der(publication.userCertificate()), der(publication.userSmimeCertificate()));
        AccessToken token = access.tokens().current();
        Message message = exchange.getMessage();
        message.setBody(request.body());
        request.headers(token).forEach(message::setHeader);
        exchange.setProperty(REQUEST, request);
        exchange.setProperty(TOKEN, token);
    }

    /** Passes on success; otherwise throws with Exchange's reason, after dropping a token Exchange refused. */
    public void verify(Exchange exchange) {
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        InvokeCommandOutcome outcome = InvokeCommandOutcome.classify(status, message.getBody(String.class),
                message.getHeader("Retry-After", String.class));
        InvokeCommandRequest request = exchange.getProperty(REQUEST, InvokeCommandRequest.class);
        if (outcome.kind() == InvokeCommandOutcome.Kind.SUCCESS) return;
        if (outcome.kind() == InvokeCommandOutcome.Kind.UNAUTHORIZED) {
            access.tokens().invalidate(exchange.getProperty(TOKEN, AccessToken.class));
        }
        throw new PublishFailedException(request.identity(), request.cmdlet(), outcome);
    }

    private static List<byte[]> der(List<AcceptedCertificate> certificates) {
        return certificates.stream().map(AcceptedCertificate::der).toList();
    }
}
