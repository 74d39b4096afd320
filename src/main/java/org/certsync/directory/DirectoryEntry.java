package org.certsync.directory;

/**
 * A user as a directory write needs it: the values as read, the names the server gave the certificate attributes
 * (AD: {@code userCertificate}; other servers may answer {@code userCertificate;binary}, and a modify must name the
 * attribute the same way), and whether AdminSDHolder protects the account ({@code adminCount=1}).
 *
 * @param userCertificateName      the name userCertificate's values came under; the plain name when it had none
 * @param userSmimeCertificateName the name userSMIMECertificate's values came under; the plain name when it had none
 * @param adminSdHolderProtected   adminCount=1: AdminSDHolder resets the account's permissions every hour
 */
public record DirectoryEntry(DirectoryUser user, String userCertificateName, String userSmimeCertificateName,
                             boolean adminSdHolderProtected) {
}
