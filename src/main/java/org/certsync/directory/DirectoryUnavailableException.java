package org.certsync.directory;

/** The directory could not be read; the message names the setting and the cause, for one clear log line. */
public class DirectoryUnavailableException extends RuntimeException {

    public DirectoryUnavailableException(String message) {
        super(message);
    }

    public DirectoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
