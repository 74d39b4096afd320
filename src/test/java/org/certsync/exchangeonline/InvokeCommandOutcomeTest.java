package org.certsync.exchangeonline;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.certsync.exchangeonline.InvokeCommandOutcome.Kind;

import static org.assertj.core.api.Assertions.assertThat;

class InvokeCommandOutcomeTest {

    /** An error body as Exchange Online's InvokeCommand sends it. */
    private static String exchangeError(String code, String exceptionType, String message) {
        String typed = "|" + exceptionType + "|" + message.replace("\"", "\\\"");
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + typed + "\","
                + "\"details\":[{\"code\":\"Context\",\"target\":\"\",\"message\":\"" + typed + "\"}],"
                + "\"innererror\":{\"message\":\"" + message.replace("\"", "\\\"") + "\",\"type\":\"" + exceptionType + "\"}}}";
    }

    private static String plainError(String code, String message) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
    }

    @Test
    void twoHundredIsSuccess() {
        InvokeCommandOutcome outcome = InvokeCommandOutcome.classify(200,
                "{\"@odata.context\":\"https://outlook.office365.com/adminapi/beta/t/$metadata#Collection(Edm.PSObject)\",\"value\":[]}", null);

        assertThat(outcome.kind()).isEqualTo(Kind.SUCCESS);
        assertThat(outcome.errorCode()).isEmpty();
        assertThat(outcome.message()).isEmpty();
    }

    @Test
    void throttlingCarriesRetryAfter() {
        InvokeCommandOutcome tooMany = InvokeCommandOutcome.classify(429, plainError("TooManyRequests", "throttled"), "17");
        InvokeCommandOutcome unavailable = InvokeCommandOutcome.classify(503, "", null);

        assertThat(tooMany.kind()).isEqualTo(Kind.THROTTLED);
        assertThat(tooMany.retryAfter()).contains(Duration.ofSeconds(17));
        assertThat(tooMany.explanation()).contains("retry after 17s");
        assertThat(unavailable.kind()).isEqualTo(Kind.THROTTLED);
        assertThat(unavailable.retryAfter()).isEmpty();
    }

    @Test
    void theConcurrencyMessageIsThrottlingWhateverTheStatus() {
        InvokeCommandOutcome outcome = InvokeCommandOutcome.classify(400, plainError("BadRequest",
                "Fail to create a runspace because you have exceeded the maximum number of concurrent requests per tenant."), "not-a-number");

        assertThat(outcome.kind()).isEqualTo(Kind.THROTTLED);
        assertThat(outcome.retryAfter()).isEmpty();
        assertThat(outcome.explanation()).contains("send fewer requests in parallel");
    }

    @Test
    void fourOhOneAsksForANewToken() {
        assertThat(InvokeCommandOutcome.classify(401, "", null).kind()).isEqualTo(Kind.UNAUTHORIZED);
    }

    @Test
    void serverErrorsAndTimeoutsAreTransient() {
        assertThat(InvokeCommandOutcome.classify(500, plainError("InternalServerError", "An internal server error occurred."), null).kind())
                .isEqualTo(Kind.TRANSIENT);
        assertThat(InvokeCommandOutcome.classify(502, "<html>Bad Gateway</html>", null).kind()).isEqualTo(Kind.TRANSIENT);
        assertThat(InvokeCommandOutcome.classify(408, "", null).kind()).isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void aMissingRecipientIsPermanentEvenInsideA500() {
        String body = exchangeError("ManagementObjectNotFoundException", "Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException",
                "The operation couldn't be performed because object 'x@contoso.com' couldn't be found on 'AM6PR04MB1234.EURPRD04.PROD.OUTLOOK.COM'.");

        for (int status : new int[]{404, 500}) {
            InvokeCommandOutcome outcome = InvokeCommandOutcome.classify(status, body, null);
            assertThat(outcome.kind()).isEqualTo(Kind.PERMANENT);
            assertThat(outcome.message()).startsWith("The operation couldn't be performed because object 'x@contoso.com'");
            assertThat(outcome.errorCode()).isEqualTo("ManagementObjectNotFoundException");
            assertThat(outcome.explanation()).startsWith("the recipient does not exist in Exchange Online");
        }
    }

    @Test
    void aDirectorySynchronizedRecipientIsPermanentWithTheOnPremisesAdvice() {
        InvokeCommandOutcome outcome = InvokeCommandOutcome.classify(400, exchangeError("ADOperationException",
                "Microsoft.Exchange.Data.Directory.ADOperationException",
                "The operation on mailbox \"x\" failed because it's out of the current user's write scope. The action 'Set-MailUser',"
                        + " 'UserCertificate', can't be performed on the object 'x' because the object is being synchronized from your"
                        + " on-premises organization. This action should be performed on the object in your on-premises organization."), null);

        assertThat(outcome.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(outcome.explanation()).isEqualTo("the recipient is synchronized from on-premises AD: publish the certificate in"
                + " on-premises AD and let Entra Connect sync it, or exclude the user");
    }

    @Test
    void tooManyValuesWrongTypeAndUnreadableValuesArePermanentWithTheirFix() {
        InvokeCommandOutcome tooMany = InvokeCommandOutcome.classify(400, exchangeError("DataValidationException",
                "Microsoft.Exchange.Data.DataValidationException",
                "The value of property 'UserCertificate' is too long: it has 16 values and the maximum allowed is 15. Reason: ExceededAllowedLength."), null);
        InvokeCommandOutcome wrongType = InvokeCommandOutcome.classify(400, exchangeError("RecipientTaskException",
                "Microsoft.Exchange.Configuration.Tasks.RecipientTaskException",
                "The operation couldn't be performed because 'x' matches a recipient of type UserMailbox, which Set-MailUser can't modify."), null);
        InvokeCommandOutcome unreadable = InvokeCommandOutcome.classify(400, exchangeError("ParameterBindingArgumentTransformationException",
                "System.Management.Automation.ParameterBindingArgumentTransformationException",
                "Cannot process argument transformation on parameter 'UserCertificate'."), null);

        assertThat(tooMany.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(tooMany.explanation()).contains("publish fewer");
        assertThat(wrongType.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(wrongType.explanation()).contains("is a UserMailbox", "set certsync.exchange.cmdlet=Set-Mailbox");
        assertThat(unreadable.explanation()).contains("could not read the certificate values",
                "Cannot process argument transformation on parameter 'UserCertificate'");
    }

    @Test
    void theErrorTextIsReadInTheModulesOrderDetailsThenInnerExceptionThenMessage() {
        // a cmdlet error: the top-level message says only that a cmdlet failed; details[0] says why
        String cmdletError = """
                {"error":{"code":"NotFound","message":"Error executing cmdlet",
                 "details":[{"code":"Context","target":"","message":"Ex6F9304|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|The operation couldn't be performed because object 'x@contoso.com' couldn't be found on 'AM6PR04MB1234'."}],
                 "innererror":{"message":"Error executing cmdlet","internalexception":{"message":"Exception of type 'DirectInvokeCmdletExecutionException' was thrown."}}}}""";
        // a parameter the service cannot convert: no details, the reason is the inner exception's
        String conversion = """
                {"error":{"code":"BadRequest","message":"The request is invalid.",
                 "innererror":{"message":"The request is invalid.","internalexception":{"message":"Cannot process argument transformation on parameter 'UserCertificate'. Cannot convert the \\"System.String\\" value to type \\"Exchange.ByteArrayType\\"."}}}}""";

        InvokeCommandOutcome notFound = InvokeCommandOutcome.classify(404, cmdletError, null);
        InvokeCommandOutcome unconvertible = InvokeCommandOutcome.classify(400, conversion, null);
        InvokeCommandOutcome plain = InvokeCommandOutcome.classify(400, plainError("BadRequest", "Something else"), null);

        assertThat(notFound.message()).startsWith("The operation couldn't be performed because object 'x@contoso.com'");
        assertThat(notFound.explanation()).startsWith("the recipient does not exist in Exchange Online");
        assertThat(unconvertible.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(unconvertible.message()).startsWith("Cannot process argument transformation on parameter 'UserCertificate'");
        assertThat(plain.message()).isEqualTo("Something else");
    }

    @Test
    void aTwoHundredWithAdminApiErrorsIsAFailedCmdletThatSetNothing() {
        InvokeCommandOutcome outcome = InvokeCommandOutcome.classify(200, """
                {"value":[],"adminapi.errors@odata.type":"#Collection(String)",
                 "@adminapi.errors":["|Microsoft.Exchange.Data.Storage.StoragePermanentException|The cmdlet failed for 'x'."]}""", null);
        InvokeCommandOutcome transientError = InvokeCommandOutcome.classify(200,
                "{\"value\":[],\"@adminapi.errors\":[{\"message\":\"|Microsoft.Exchange.Data.Directory.DCOverloadedException|busy\"}]}", null);

        assertThat(outcome.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(outcome.message()).isEqualTo("The cmdlet failed for 'x'.");
        assertThat(outcome.explanation()).contains("nothing was set", "The cmdlet failed for 'x'.");
        // the module's retryable exceptions pass with time
        assertThat(transientError.kind()).isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void retryAfterIsDecimalSeconds() {
        assertThat(InvokeCommandOutcome.classify(429, "", "1.5").retryAfter()).contains(Duration.ofMillis(1500));
        assertThat(InvokeCommandOutcome.classify(429, "", "0.25").retryAfter()).contains(Duration.ofMillis(250));
        assertThat(InvokeCommandOutcome.classify(429, "", "2").explanation()).contains("retry after 2s");
        assertThat(InvokeCommandOutcome.classify(429, "", "1.5").explanation()).contains("retry after 1.5s");
        assertThat(InvokeCommandOutcome.classify(429, "", "-1").retryAfter()).isEmpty();
        assertThat(InvokeCommandOutcome.classify(429, "", "Wed, 21 Oct 2026 07:28:00 GMT").retryAfter()).isEmpty();
    }

    @Test
    void theRealConcurrencyRefusalIsThrottling() {
        InvokeCommandOutcome outcome = InvokeCommandOutcome.classify(429, plainError("TooManyRequests",
                "You have reached the maximum number of concurrent requests per tenant. Please wait and try again."), null);

        assertThat(outcome.kind()).isEqualTo(Kind.THROTTLED);
        assertThat(outcome.explanation()).contains("send fewer requests in parallel");
    }

    @Test
    void otherClientErrorsArePermanentAndQuoteExchange() {
        InvokeCommandOutcome forbidden = InvokeCommandOutcome.classify(403, plainError("Forbidden", "Access denied"), null);
        InvokeCommandOutcome other = InvokeCommandOutcome.classify(400, exchangeError("ParameterBindingException",
                "System.Management.Automation.ParameterBindingException",
                "A parameter cannot be found that matches parameter name 'Foo'."), null);
        InvokeCommandOutcome noEndpoint = InvokeCommandOutcome.classify(404, "<html><body>Not Found</body></html>", null);

        assertThat(forbidden.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(forbidden.explanation()).contains("Exchange.ManageAsApp", "Exchange Recipient Administrator");
        assertThat(other.explanation()).isEqualTo("Exchange Online rejected the request (400 ParameterBindingException):"
                + " A parameter cannot be found that matches parameter name 'Foo'.");
        assertThat(noEndpoint.explanation()).contains("check certsync.exchange.api-url");
    }
}
