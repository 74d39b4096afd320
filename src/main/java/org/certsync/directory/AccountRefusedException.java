package org.certsync.directory;

/**
 * A console login the directory turned down: no account or several for the name, or the account's bind refused. The
 * message says which, never the password; the directory itself works.
 */
public class AccountRefusedException extends RuntimeException {

    public AccountRefusedException(String message) {
        super(message);
    }
}
