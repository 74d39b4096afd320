package org.certsync.directory;

/** How a console login's group membership is asked for ({@code certsync.console.ldap.group-membership}). */
public enum GroupMembership {
    /** {@link #IN_CHAIN} when the rootDSE says Active Directory (capability 1.2.840.113556.1.4.800), else {@link #DIRECT}. */
    AUTO,
    /**
     * Active Directory's in-chain matching rule (1.2.840.113556.1.4.1941): the group holds the account directly or
     * through groups in it, to any depth.
     */
    IN_CHAIN,
    /** The group entry's {@code member} or {@code uniqueMember} names the account; groups in the group do not count. */
    DIRECT
}
