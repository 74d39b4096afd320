package org.certsync;

import java.net.ConnectException;

import javax.naming.NamingException;

/** Turns an exception chain into the one line an operator reads; the only place that does. */
public final class FailureMessages {

    private FailureMessages() {
    }

    /**
     * The innermost message in the chain that names a setting (our own exceptions do), else the root cause as
     * {@code Type: message}. Framework wrappers (bean creation, Camel, JNDI, HTTP clients) repeat it inside noise of
     * their own; JNDI's explanation is its message without the resolved names; java.net.http reports a refused
     * connection as a ConnectException without a message, so that one is named.
     */
    public static String describe(Throwable failure) {
        if (failure == null) return "unknown failure";
        String namingSetting = null;
        Throwable described = null;
        boolean refused = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("certsync.")) namingSetting = t.getMessage();
            // the innermost cause that says something; a bare root (ClosedChannelException, ...) says less
            if (described == null || message(t) != null || message(described) == null) described = t;
            refused |= t instanceof ConnectException;
        }
        if (namingSetting != null) return namingSetting;
        String message = message(described);
        if (message == null && refused) return "ConnectException: Connection refused";
        return described.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String message(Throwable failure) {
        String message = failure instanceof NamingException naming && naming.getExplanation() != null
                ? naming.getExplanation() : failure.getMessage();
        return message == null || message.isBlank() ? null : message;
    }
}
