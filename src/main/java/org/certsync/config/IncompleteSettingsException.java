package org.certsync.config;

/** The settings do not say what to sync where: a half-configured deployment does not start. */
public class IncompleteSettingsException extends RuntimeException {

    public IncompleteSettingsException(String message) {
        super(message, null, false, false);
    }
}
