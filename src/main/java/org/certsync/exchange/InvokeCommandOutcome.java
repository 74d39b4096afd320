package org.certsync.exchange;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an InvokeCommand answer means for the caller: done, wait and retry, renew the token and retry, or give up
 * on this recipient with an explanation an administrator can act on.
 *
 * @param kind        what to do next
 * @param status      the HTTP status
 * @param errorCode   Exchange's error code, empty on success
 * @param message     Exchange's error message without its exception-type prefix, empty on success
 * @param retryAfter  the Retry-After delay, when the answer carried one (delta-seconds form)
 * @param explanation short admin-facing text: what happened and what to do
 */
public record InvokeCommandOutcome(Kind kind, int status, String errorCode, String message,
                                   Optional<Duration> retryAfter, String explanation) {

    public enum Kind {
        /** The cmdlet ran. */
        SUCCESS,
        /** Exchange Online throttled the call (429, 503 or the tenant's concurrency limit): wait and retry. */
        THROTTLED,
        /** The access token was refused (401): renew it and retry once. */
        UNAUTHORIZED,
        /** A server-side or timeout failure (5xx, 408): retry later. */
        TRANSIENT,
        /** Retrying cannot help: the recipient, the configuration or the values must change. */
        PERMANENT
    }

    private static final Pattern RECIPIENT_TYPE = Pattern.compile("recipient of type (\\w+)");

    /**
     * @param body              the response body, may be empty or not JSON
     * @param retryAfterHeader  the Retry-After header, may be null
     */
    public static InvokeCommandOutcome classify(int status, String body, String retryAfterHeader) {
        JsonNode json = LenientJson.read(body);
        JsonNode error = json.path("error");
        String code = error.path("code").asText("");
        // a body that is not JSON (a gateway's HTML page) is all the explanation there is
        String message = json.isMissingNode() ? abbreviate(body) : humanPart(error.path("message").asText(""));
        // details and innererror often carry the exception text the top-level message lacks
        String text = Stream.concat(Stream.of(message, error.path("innererror").path("message").asText("")),
                        StreamSupport.stream(error.path("details").spliterator(), false).map(d -> d.path("message").asText("")))
                .collect(Collectors.joining("\n"));
        Optional<Duration> retryAfter = parseRetryAfter(retryAfterHeader);
        Kind kind = kind(status, text);
        return new InvokeCommandOutcome(kind, status, code, message, retryAfter,
                explanation(kind, status, code, message, text, retryAfter));
    }

    private static Kind kind(int status, String text) {
        if (status >= 200 && status < 300) return Kind.SUCCESS;
        if (status == 401) return Kind.UNAUTHORIZED;
        if (status == 429 || status == 503 || isConcurrencyLimit(text)) return Kind.THROTTLED;
        // Exchange wraps cmdlet errors in 5xx answers too, so a known cmdlet error decides before the status does
        if (permanentCause(text) != null) return Kind.PERMANENT;
        if (status == 408 || status >= 500) return Kind.TRANSIENT;
        return Kind.PERMANENT;
    }

    private static String explanation(Kind kind, int status, String code, String message, String text,
                                      Optional<Duration> retryAfter) {
        return switch (kind) {
            case SUCCESS -> "done";
            case UNAUTHORIZED -> "Exchange Online refused the access token: renew it and retry; if it persists,"
                    + " check that the app has the Exchange.ManageAsApp permission with admin consent";
            case THROTTLED -> isConcurrencyLimit(text)
                    ? "the tenant's limit of concurrent Exchange Online requests is reached: send fewer requests in parallel and retry"
                    : "Exchange Online throttled the request: retry " + retryAfter.map(d -> "after " + d.toSeconds() + "s").orElse("later");
            case TRANSIENT -> "Exchange Online answered " + status + ": a transient failure, retry later";
            case PERMANENT -> {
                String cause = permanentCause(text);
                if (cause != null) yield cause;
                if (status == 403) {
                    yield "the app may not run this cmdlet: grant it the Exchange.ManageAsApp permission with admin"
                            + " consent and an Exchange role such as Exchange Recipient Administrator";
                }
                if (status == 404 && code.isEmpty()) {
                    yield "no InvokeCommand endpoint answered (404): check certsync.exchange.api-url and certsync.exchange.tenant-id";
                }
                yield "Exchange Online rejected the request (" + status + (code.isEmpty() ? "" : " " + code) + "): " + message;
            }
        };
    }

    private static boolean isConcurrencyLimit(String text) {
        return text.toLowerCase(Locale.ROOT).contains("maximum number of concurrent requests");
    }

    /** The explanation of a known cmdlet error that no retry fixes, or null. */
    private static String permanentCause(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("couldn't be found on") || lower.contains("managementobjectnotfound")) {
            return "the recipient does not exist in Exchange Online: check the user's mail address and that the user"
                    + " is a mail user, mailbox or contact in the tenant, or exclude the user";
        }
        if (lower.contains("out of the current user's write scope") || lower.contains("synchronized from your on-premises")) {
            return "the recipient is synchronized from on-premises AD: publish the certificate in on-premises AD and"
                    + " let Entra Connect sync it, or exclude the user";
        }
        if (lower.contains("exceededallowedlength")) {
            return "Exchange Online limits the number of certificates per attribute: publish fewer"
                    + " (drop expired or superseded certificates first)";
        }
        Matcher type = RECIPIENT_TYPE.matcher(text);
        if (type.find()) {
            String fix = RecipientType.forDetailsName(type.group(1))
                    .map(t -> "set certsync.exchange.cmdlet=" + t.setCmdlet() + " for such recipients")
                    .orElse("the configured certsync.exchange.cmdlet cannot modify it");
            return "the recipient is a " + type.group(1) + " and each Set-* cmdlet only modifies its own recipient type: " + fix;
        }
        if (lower.contains("cannot process argument transformation") || lower.contains("cannot convert value")) {
            return "Exchange Online could not read a certificate value as bytes: check certsync.exchange.value-encoding";
        }
        return null;
    }

    /** Exchange prefixes messages with "code|exception type|"; the administrator needs the sentence after it. */
    private static String humanPart(String message) {
        return message.substring(message.lastIndexOf('|') + 1).strip();
    }

    private static Optional<Duration> parseRetryAfter(String header) {
        if (header == null) return Optional.empty();
        try {
            long seconds = Long.parseLong(header.strip());
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException e) {
            // Exchange Online sends delta-seconds; for an HTTP-date the caller's own back-off applies
            return Optional.empty();
        }
    }

    private static String abbreviate(String body) {
        if (body == null) return "";
        String line = body.strip().replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
