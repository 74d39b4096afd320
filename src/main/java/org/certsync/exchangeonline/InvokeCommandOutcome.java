package org.certsync.exchangeonline;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an InvokeCommand answer (or one sub-response of a $batch) means for the caller: done, wait and retry, renew the
 * token and retry, or give up on this recipient with an explanation an administrator can act on.
 *
 * <p>Read as the ExchangeOnlineManagement module reads it: the error text is {@code error.details[0].message}, else
 * {@code error.innererror.internalexception.message} (Get-ErrorMessage), else {@code error.message} (CIPP's last
 * fallback; the module has none), each name regardless of case as PowerShell reads JSON; an answer that carries
 * {@code @adminapi.errors} is a failed cmdlet that set nothing; {@code Retry-After} is decimal seconds
 * (Get-WaitTimeForRetry); the module's retryable exceptions (DCOverloadedException, …) are transient. Beyond the
 * module, which retries 401, 429, 503 and 504 only, 408 and other 5xx answers are retried too: a Set-* of the same
 * values can be repeated safely.
 *
 * @param kind        what to do next
 * @param status      the HTTP status
 * @param errorCode   Exchange's error code, empty on success
 * @param message     Exchange's error text without its "id|exception type|" prefix, empty on success
 * @param retryAfter  the Retry-After delay, when the answer carried one
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
        /** A server-side or timeout failure (5xx, 408, a transient exception, a sub-request never run): retry later. */
        TRANSIENT,
        /** Retrying cannot help: the recipient, the configuration or the values must change. */
        PERMANENT
    }

    private static final Pattern RECIPIENT_TYPE = Pattern.compile("recipient of type (\\w+)");
    /** The module's $RetryableExceptions: server-side conditions that pass. */
    private static final List<String> RETRYABLE_EXCEPTIONS = List.of("DCOverloadedException",
            "SuitabilityDirectoryException", "ServerInMMException", "ADServerSettingsChangedException",
            "StorageTransientException");

    /**
     * @param body             the response body, may be empty or not JSON
     * @param retryAfterHeader the Retry-After header, may be null
     */
    public static InvokeCommandOutcome classify(int status, String body, String retryAfterHeader) {
        JsonNode json = LenientJson.read(body);
        // a body that is not JSON (a gateway's HTML page) is all the explanation there is
        return classify(status, json, retryAfterHeader, json.isMissingNode() ? abbreviate(body) : "");
    }

    /** As {@link #classify(int, String, String)} for a body already parsed, e.g. a $batch sub-response's. */
    public static InvokeCommandOutcome classify(int status, JsonNode body, String retryAfterHeader) {
        return classify(status, body, retryAfterHeader, "");
    }

    /**
     * This outcome as seen {@code elapsed} after it was answered: what is left of its Retry-After. A recipient of a
     * $batch is handled after the others before it, and its wait counts from the answer, not from its turn.
     */
    public InvokeCommandOutcome afterWaiting(Duration elapsed) {
        if (retryAfter.isEmpty() || elapsed.isNegative() || elapsed.isZero()) return this;
        Duration left = retryAfter.get().minus(elapsed);
        return new InvokeCommandOutcome(kind, status, errorCode, message, Optional.of(left.isNegative() ? Duration.ZERO : left),
                explanation);
    }

    /** A $batch sub-request the answer left out: the service never ran it (it stopped at an earlier failure). */
    public static InvokeCommandOutcome notExecuted() {
        return new InvokeCommandOutcome(Kind.TRANSIENT, 0, "", "", Optional.empty(),
                "the $batch answer has no response for this request: it did not run, retry it alone");
    }

    private static InvokeCommandOutcome classify(int status, JsonNode json, String retryAfterHeader, String notJson) {
        Optional<Duration> retryAfter = parseRetryAfter(retryAfterHeader);
        List<String> cmdletErrors = cmdletErrors(field(json, "@adminapi.errors"));
        if (status >= 200 && status < 300 && cmdletErrors.isEmpty()) {
            return new InvokeCommandOutcome(Kind.SUCCESS, status, "", "", retryAfter, "done");
        }
        JsonNode error = field(json, "error");
        String code = field(error, "code").asText("");
        String text = !cmdletErrors.isEmpty() ? String.join("\n", cmdletErrors)
                : !notJson.isEmpty() ? notJson : errorText(error);
        String message = humanPart(text);
        Kind kind = kind(status, text, !cmdletErrors.isEmpty());
        return new InvokeCommandOutcome(kind, status, code, message, retryAfter,
                explanation(kind, status, code, message, text, retryAfter, !cmdletErrors.isEmpty()));
    }

    /** The module's order (Get-ErrorMessage): details[0], the inner exception; then the top-level message. */
    private static String errorText(JsonNode error) {
        String details = field(field(error, "details").path(0), "message").asText("");
        if (!details.isBlank()) return details;
        String inner = field(field(field(error, "innererror"), "internalexception"), "message").asText("");
        if (!inner.isBlank()) return inner;
        return field(error, "message").asText("");
    }

    /** A property by name regardless of case, as PowerShell's ConvertFrom-Json objects answer (CIPP writes internalException). */
    private static JsonNode field(JsonNode node, String name) {
        JsonNode exact = node.path(name);
        if (!exact.isMissingNode()) return exact;
        for (Map.Entry<String, JsonNode> property : node.properties()) {
            if (property.getKey().equalsIgnoreCase(name)) return property.getValue();
        }
        return exact;
    }

    /** The texts of {@code @adminapi.errors}: strings, or objects written as their message. */
    private static List<String> cmdletErrors(JsonNode errors) {
        List<String> texts = new ArrayList<>();
        for (JsonNode error : errors) {
            String text = error.isTextual() ? error.textValue() : field(error, "message").asText(error.toString());
            texts.add(text.isBlank() ? "(a cmdlet error without text)" : text);
        }
        return texts;
    }

    private static Kind kind(int status, String text, boolean cmdletError) {
        if (status == 401) return Kind.UNAUTHORIZED;
        if (status == 429 || status == 503 || isConcurrencyLimit(text)) return Kind.THROTTLED;
        // Exchange wraps cmdlet errors in 5xx answers too, so a known cmdlet error decides before the status does
        if (permanentCause(text) != null) return Kind.PERMANENT;
        if (RETRYABLE_EXCEPTIONS.stream().anyMatch(text::contains)) return Kind.TRANSIENT;
        if (cmdletError) return Kind.PERMANENT;
        if (status == 408 || status >= 500) return Kind.TRANSIENT;
        return Kind.PERMANENT;
    }

    private static String explanation(Kind kind, int status, String code, String message, String text,
                                      Optional<Duration> retryAfter, boolean cmdletError) {
        return switch (kind) {
            case SUCCESS -> "done";
            case UNAUTHORIZED -> "Exchange Online refused the access token: renew it and retry; if it persists,"
                    + " check that the app has the Exchange.ManageAsApp permission with admin consent";
            case THROTTLED -> isConcurrencyLimit(text)
                    ? "the tenant's limit of concurrent Exchange Online requests is reached: send fewer requests in parallel and retry"
                    : "Exchange Online throttled the request: retry " + retryAfter.map(d -> "after " + seconds(d) + "s").orElse("later");
            case TRANSIENT -> status >= 500 || status == 408
                    ? "Exchange Online answered " + status + ": a transient failure, retry later"
                    : "Exchange Online reported a transient failure, retry later: " + message;
            case PERMANENT -> {
                String cause = permanentCause(text);
                if (cause != null) yield cause;
                if (cmdletError) yield "the cmdlet ran and failed, nothing was set (@adminapi.errors): " + message;
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

    /**
     * Whether Exchange Online refused the write because the recipient is synchronized from on-premises AD, which
     * masters it: no retry and no other cmdlet helps, its certificates must come through the directory.
     */
    public boolean synchronizedFromOnPremises() {
        return kind == Kind.PERMANENT && isWriteScopeRefusal(message.toLowerCase(Locale.ROOT));
    }

    private static boolean isWriteScopeRefusal(String lowerCaseText) {
        return lowerCaseText.contains("out of the current user's write scope")
                || lowerCaseText.contains("synchronized from your on-premises");
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
        if (isWriteScopeRefusal(lower)) {
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
        if (lower.contains("cannot process argument transformation") || lower.contains("cannot convert")) {
            return "Exchange Online could not read the certificate values CertSync sent (" + humanPart(text)
                    + "): CertSync no longer speaks the service's format; report it with this message";
        }
        return null;
    }

    /** Exchange prefixes cmdlet errors with "id|exception type|"; the administrator needs the sentence after it. */
    private static String humanPart(String message) {
        return message.substring(message.lastIndexOf('|') + 1).strip();
    }

    /** Decimal seconds, as the module reads it ({@code [double]} × 1000); an HTTP-date leaves the back-off to the caller. */
    static Optional<Duration> parseRetryAfter(String header) {
        if (header == null || header.isBlank()) return Optional.empty();
        try {
            BigDecimal seconds = new BigDecimal(header.strip());
            if (seconds.signum() < 0) return Optional.empty();
            return Optional.of(Duration.ofMillis(seconds.movePointRight(3).setScale(0, java.math.RoundingMode.CEILING).longValueExact()));
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
    }

    private static String abbreviate(String body) {
        if (body == null) return "";
        String line = body.strip().replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
