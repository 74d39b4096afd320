package org.certsync.demo.simulator;

import java.time.Duration;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.certsync.exchange.RecipientType;

/**
 * An error answer in Exchange Online's shape, with its vocabulary of messages. Thrown by the cmdlet rules and
 * turned into a response by the simulator.
 */
final class ExchangeError extends RuntimeException {

    /** Exchange names the server that looked up the object; any realistic name does. */
    private static final String SERVER = "SIM01PR01MB0001.PROD.OUTLOOK.COM";
    /** 503 answers ask for a short pause, as Exchange's front doors do. */
    static final Duration SERVICE_UNAVAILABLE_RETRY_AFTER = Duration.ofSeconds(2);

    private final int status;
    private final String code;
    private final String exceptionType;
    private final Duration retryAfter;

    private ExchangeError(int status, String code, String exceptionType, String message, Duration retryAfter) {
        super(message, null, false, false);  // a protocol answer, not a failure of the simulator: no stack trace
        this.status = status;
        this.code = code;
        this.exceptionType = exceptionType;
        this.retryAfter = retryAfter;
    }

    private static ExchangeError cmdlet(int status, String exceptionType, String message) {
        return new ExchangeError(status, exceptionType.substring(exceptionType.lastIndexOf('.') + 1), exceptionType, message, null);
    }

    static ExchangeError recipientNotFound(String identity) {
        return cmdlet(404, "Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException",
                "The operation couldn't be performed because object '" + identity + "' couldn't be found on '" + SERVER + "'.");
    }

    static ExchangeError outOfWriteScope(String identity, String cmdlet, String parameter) {
        return cmdlet(400, "Microsoft.Exchange.Data.Directory.ADOperationException",
                "The operation on mailbox \"" + identity + "\" failed because it's out of the current user's write scope."
                        + " The action '" + cmdlet + "', '" + parameter + "', can't be performed on the object '" + identity
                        + "' because the object is being synchronized from your on-premises organization."
                        + " This action should be performed on the object in your on-premises organization.");
    }

    static ExchangeError tooManyValues(String parameter, int count, int maximum) {
        return cmdlet(400, "Microsoft.Exchange.Data.DataValidationException",
                "The value of property '" + parameter + "' is too long: it has " + count + " values and the maximum allowed is "
                        + maximum + ". Reason: ExceededAllowedLength.");
    }

    static ExchangeError wrongRecipientType(String identity, RecipientType actual, String cmdlet) {
        return cmdlet(400, "Microsoft.Exchange.Configuration.Tasks.RecipientTaskException",
                "The operation couldn't be performed because '" + identity + "' matches a recipient of type "
                        + actual.detailsName() + ", which " + cmdlet + " can't modify. Use " + actual.setCmdlet()
                        + " to modify this recipient.");
    }

    static ExchangeError valueNotBinary(String parameter, int index, String reason) {
        return cmdlet(400, "System.Management.Automation.ParameterBindingArgumentTransformationException",
                "Cannot process argument transformation on parameter '" + parameter + "'. Cannot convert value at index "
                        + index + " to type \"System.Byte[]\". Error: \"" + reason + "\"");
    }

    static ExchangeError valueListExpected(String parameter) {
        return cmdlet(400, "System.Management.Automation.ParameterBindingArgumentTransformationException",
                "Cannot process argument transformation on parameter '" + parameter + "'. Cannot convert value to type"
                        + " \"Microsoft.Exchange.Data.MultiValuedProperty`1[System.Byte[]]\": expected a list of values,"
                        + " null, or a hashtable with Add and Remove.");
    }

    static ExchangeError unknownParameter(String name) {
        return cmdlet(400, "System.Management.Automation.ParameterBindingException",
                "A parameter cannot be found that matches parameter name '" + name + "'.");
    }

    static ExchangeError missingIdentity() {
        return cmdlet(400, "System.Management.Automation.ParameterBindingException",
                "Cannot bind argument to parameter 'Identity' because it is null.");
    }

    static ExchangeError unknownCmdlet(String name) {
        return cmdlet(400, "System.Management.Automation.CommandNotFoundException",
                "The term '" + name + "' is not recognized as the name of a cmdlet supported by this endpoint.");
    }

    static ExchangeError notACmdletInput() {
        return new ExchangeError(400, "BadRequest", null,
                "The request body must be JSON of the form {\"CmdletInput\":{\"CmdletName\":...,\"Parameters\":{...}}}.", null);
    }

    static ExchangeError invalidToken(String reason) {
        return new ExchangeError(401, "InvalidAuthenticationToken", null, reason, null);
    }

    static ExchangeError budgetExhausted(int requests, Duration window, Duration retryAfter) {
        return new ExchangeError(429, "TooManyRequests", null,
                "The request was throttled: the tenant exceeded its budget of " + requests + " requests per "
                        + window.toSeconds() + " seconds. Retry after " + retryAfter.toSeconds() + " seconds.", retryAfter);
    }

    static ExchangeError concurrencyLimit(int limit) {
        return new ExchangeError(429, "TooManyRequests", null,
                "Fail to create a runspace because you have exceeded the maximum number of concurrent requests per tenant ("
                        + limit + "). Please wait for some of your requests to complete and retry.", null);
    }

    static ExchangeError internalServerError() {
        return new ExchangeError(500, "InternalServerError", null,
                "An internal server error occurred. The operation failed.", null);
    }

    static ExchangeError serviceUnavailable() {
        return new ExchangeError(503, "ServiceUnavailable", null,
                "The service is temporarily unavailable. Please retry later.", SERVICE_UNAVAILABLE_RETRY_AFTER);
    }

    /**
     * The answer: {@code {"error":{"code","message","details","innererror"}}}, with cmdlet errors prefixed by their
     * exception type as Exchange does; 401 answers carry WWW-Authenticate and throttling answers Retry-After.
     */
    SimulatorResponse toResponse() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        if (exceptionType == null) {
            error.put("message", getMessage());
        } else {
            String typed = "|" + exceptionType + "|" + getMessage();
            error.put("message", typed);
            error.putArray("details").addObject().put("code", "Context").put("target", "").put("message", typed);
            error.putObject("innererror").put("message", getMessage()).put("type", exceptionType);
        }
        SimulatorResponse response = SimulatorResponse.json(status, root);
        if (status == 401) response = response.withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        if (retryAfter != null) response = response.withHeader("Retry-After", Long.toString(retryAfter.toSeconds()));
        return response;
    }
}
