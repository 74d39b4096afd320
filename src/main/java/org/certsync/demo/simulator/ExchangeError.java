package org.certsync.demo.simulator;

import java.math.BigDecimal;
import java.time.Duration;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error answer in Exchange Online's shapes, with its vocabulary of messages. Thrown by the cmdlet rules and turned
 * into a response by the simulator. Three shapes, as the module's Get-ErrorMessage reads them:
 * <ul>
 *   <li>a cmdlet that ran and failed: {@code error.message} is only "Error executing cmdlet", the reason is in
 *       {@code error.details[0].message} as {@code "<id>|<exception type>|<text>"};</li>
 *   <li>a parameter the service cannot convert: no details, the reason is in
 *       {@code error.innererror.internalexception.message};</li>
 *   <li>everything else (token, throttling, server faults, a body that is no CmdletInput): {@code error.message}.</li>
 * </ul>
 */
final class ExchangeError extends RuntimeException {

    /** Exchange names the server that looked up the object; any realistic name does. */
    private static final String SERVER = "SIM01PR01MB0001.PROD.OUTLOOK.COM";
    static final String CONCURRENCY_REFUSAL =
            "You have reached the maximum number of concurrent requests per tenant. Please wait and try again.";

    private enum Shape { CMDLET, CONVERSION, PLAIN }

    private final Shape shape;
    private final int status;
    private final String code;
    private final String exceptionType;
    private final Duration retryAfter;

    private ExchangeError(Shape shape, int status, String code, String exceptionType, String message, Duration retryAfter) {
        super(message, null, false, false);  // a protocol answer, not a failure of the simulator: no stack trace
        this.shape = shape;
        this.status = status;
        this.code = code;
        this.exceptionType = exceptionType;
        this.retryAfter = retryAfter;
    }

    private static ExchangeError cmdlet(int status, String exceptionType, String message) {
        return new ExchangeError(Shape.CMDLET, status, exceptionType.substring(exceptionType.lastIndexOf('.') + 1),
                exceptionType, message, null);
    }

    private static ExchangeError plain(int status, String code, String message, Duration retryAfter) {
        return new ExchangeError(Shape.PLAIN, status, code, null, message, retryAfter);
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

    static ExchangeError wrongRecipientType(String identity, MailRecipientType actual, String cmdlet) {
        return cmdlet(400, "Microsoft.Exchange.Configuration.Tasks.RecipientTaskException",
                "The operation couldn't be performed because '" + identity + "' matches a recipient of type "
                        + actual.detailsName() + ", which " + cmdlet + " can't modify. Use " + actual.setCmdlet()
                        + " to modify this recipient.");
    }

    static ExchangeError unknownParameter(String name) {
        return cmdlet(400, "System.Management.Automation.ParameterBindingException",
                "A parameter cannot be found that matches parameter name '" + name + "'.");
    }

    static ExchangeError missingIdentity() {
        return cmdlet(400, "System.Management.Automation.ParameterBindingException",
                "Cannot bind argument to parameter 'Identity' because it is null.");
    }

    /** Bytes Set-SmimeConfig cannot read as a certificate store; the wording is the simulator's, Exchange's is not public. */
    static ExchangeError invalidIssuingCaStore(String reason) {
        return cmdlet(400, "Microsoft.Exchange.Data.DataValidationException",
                "The value of SMIMECertificateIssuingCA is not a serialized certificate store (SST) of X.509 certificates: "
                        + reason + ".");
    }

    static ExchangeError unknownCmdlet(String name) {
        return cmdlet(400, "System.Management.Automation.CommandNotFoundException",
                "The term '" + name + "' is not recognized as the name of a cmdlet supported by this endpoint.");
    }

    /** A parameter value the service cannot convert to the type its $metadata declares. */
    static ExchangeError notConvertible(String parameter, String reason) {
        return new ExchangeError(Shape.CONVERSION, 400, "BadRequest",
                "System.Management.Automation.ParameterBindingArgumentTransformationException",
                "Cannot process argument transformation on parameter '" + parameter + "'. " + reason, null);
    }

    static ExchangeError notACmdletInput() {
        return plain(400, "BadRequest",
                "The request body must be JSON of the form {\"CmdletInput\":{\"CmdletName\":...,\"Parameters\":{...}}}.", null);
    }

    static ExchangeError badBatch(String reason) {
        return plain(400, "BadRequest", reason, null);
    }

    static ExchangeError invalidToken(String reason) {
        return plain(401, "InvalidAuthenticationToken", reason, null);
    }

    static ExchangeError budgetExhausted(int requests, Duration window, Duration retryAfter) {
        return plain(429, "TooManyRequests", "The request was throttled: the tenant exceeded its budget of " + requests
                + " cmdlets per " + window.toSeconds() + " seconds. Retry after " + seconds(retryAfter) + " seconds.", retryAfter);
    }

    static ExchangeError concurrencyLimit() {
        return plain(429, "TooManyRequests", CONCURRENCY_REFUSAL, null);
    }

    static ExchangeError internalServerError() {
        return plain(500, "InternalServerError", "An internal server error occurred. The operation failed.", null);
    }

    /** @param retryAfter the short pause a 503 asks for, as Exchange's front doors do */
    static ExchangeError serviceUnavailable(Duration retryAfter) {
        return plain(503, "ServiceUnavailable", "The service is temporarily unavailable. Please retry later.", retryAfter);
    }

    /** The answer; 401 answers carry WWW-Authenticate and throttling answers Retry-After in decimal seconds. */
    SimulatorResponse toResponse() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        switch (shape) {
            case CMDLET -> {
                error.put("message", "Error executing cmdlet");
                error.putArray("details").addObject().put("code", "Context").put("target", "")
                        .put("message", "Ex" + Integer.toHexString(exceptionType.hashCode() & 0xffffff).toUpperCase()
                                + "|" + exceptionType + "|" + getMessage());
                error.putObject("innererror").put("message", "Error executing cmdlet")
                        .put("type", "Microsoft.Exchange.Admin.OData.Core.ODataServiceException")
                        .putObject("internalexception")
                        .put("message", "Exception of type 'Microsoft.Exchange.Management.PSDirectInvoke"
                                + ".DirectInvokeCmdletExecutionException' was thrown.")
                        .put("type", "Microsoft.Exchange.Management.PSDirectInvoke.DirectInvokeCmdletExecutionException");
            }
            case CONVERSION -> {
                error.put("message", "The request is invalid.");
                error.putObject("innererror").put("message", "The request is invalid.")
                        .put("type", "Microsoft.Exchange.Admin.OData.Core.ODataServiceException")
                        .putObject("internalexception").put("message", getMessage()).put("type", exceptionType);
            }
            case PLAIN -> error.put("message", getMessage());
        }
        SimulatorResponse response = SimulatorResponse.json(status, root);
        if (status == 401) response = response.withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        if (retryAfter != null) response = response.withHeader("Retry-After", seconds(retryAfter));
        return response;
    }

    /** Decimal seconds, as the module reads Retry-After ({@code [double]}): "40", "1.5". */
    static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
    }
}
