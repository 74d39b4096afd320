package org.certsync.exchange;

/**
 * No access token could be obtained. The message names the endpoint, the cause and the property to check,
 * and never contains a secret, an assertion or a token.
 */
public class ExchangeAuthenticationException extends RuntimeException {

    public ExchangeAuthenticationException(String message) {
        super(message);
    }

    public ExchangeAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
