package org.certsync.ops;

/** What a console user may do: a viewer looks (Jolokia read, list, search, version), an operator also acts. */
public enum ConsoleRole {
    VIEWER,
    OPERATOR;

    /** The Spring Security authority of the role. */
    public String authority() {
        return "ROLE_" + name();
    }
}
