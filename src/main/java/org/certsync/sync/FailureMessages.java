package org.certsync.sync;

/** Turns an exception chain into the one line an operator reads. */
public final class FailureMessages {

    private FailureMessages() {
    }

    /**
     * The first message in the chain that names a setting (our own exceptions do), else the root cause.
     * Framework wrappers (bean creation, Camel) only add noise around it.
     */
    public static String describe(Throwable failure) {
        if (failure == null) return "unknown failure";
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("certsync.")) return t.getMessage();
            root = t;
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
