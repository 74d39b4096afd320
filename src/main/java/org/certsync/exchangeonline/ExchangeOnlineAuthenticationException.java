package org.certsync.exchangeonline;

/**
 * No access token could be obtained. The message names the endpoint, the cause and the property to check,
 * and never contains a secret, an assertion or a token.
 */
public class ExchangeOnlineAuthenticationException extends RuntimeException {

    public ExchangeOnlineAuthenticationException(String message) {
        super(message);
    }

    public ExchangeOnlineAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
