package org.certsync.exchange;

import java.net.ConnectException;

/** Short cause descriptions for administrator-facing messages. */
final class Causes {

    private Causes() {
    }

    /**
     * The first message in the cause chain, else the exception's name. java.net.http reports a refused
     * connection as a ConnectException without any message, so that case is named explicitly.
     */
    static String describe(Throwable failure) {
        boolean refused = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) return t.getMessage();
            refused |= t instanceof ConnectException;
        }
        return refused ? "Connection refused" : failure.getClass().getSimpleName();
    }
}
