package org.certsync.sync;

/** The directory returned no user at all: treated as a failed read so that nothing is cleared. */
public class EmptyDirectoryReadException extends RuntimeException {

    public EmptyDirectoryReadException(String baseDn, String filter) {
        super("the directory returned no user for certsync.ldap.base-dn=" + baseDn + " and certsync.ldap.user-filter="
                + filter + "; nothing is changed (check the base DN, the filter and the bind account's read rights)");
    }
}
