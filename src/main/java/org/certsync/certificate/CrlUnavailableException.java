package org.certsync.certificate;

/** A CRL that should exist could not be obtained; the message says which and why, for the verdict. */
class CrlUnavailableException extends Exception {

    CrlUnavailableException(String message) {
        super(message);
    }
}
