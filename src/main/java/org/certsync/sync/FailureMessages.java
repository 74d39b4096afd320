package org.certsync.sync;

/** Turns an exception chain into the one line an operator reads. */
public final class FailureMessages {

    private FailureMessages() {
    }

    /**
     * The innermost message in the chain that names a setting (our own exceptions do), else the root cause.
     * Framework wrappers (bean creation, Camel) repeat it inside noise of their own.
     */
    public static String describe(Throwable failure) {
        if (failure == null) return "unknown failure";
        Throwable root = failure;
        String namingSetting = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("certsync.")) namingSetting = t.getMessage();
            root = t;
        }
        if (namingSetting != null) return namingSetting;
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
