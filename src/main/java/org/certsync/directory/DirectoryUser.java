package org.certsync.directory;

import java.util.List;

/**
 * One user as read from the directory: identity attributes plus the raw certificate values.
 *
 * @param id                   stable id (objectGUID on AD, entryUUID elsewhere, else the DN)
 * @param dn                   distinguished name, for messages
 * @param mail                 primary SMTP address; the Exchange Online identity
 * @param userPrincipalName    UPN, may be null
 * @param proxyAddresses       raw proxyAddresses values (e.g. "SMTP:a@x", "smtp:b@x", "x500:...")
 * @param userCertificate      raw values of userCertificate / userCertificate;binary
 * @param userSmimeCertificate raw values of userSMIMECertificate / userSMIMECertificate;binary
 */
public record DirectoryUser(String id, String dn, String mail, String userPrincipalName,
                            List<String> proxyAddresses, List<byte[]> userCertificate,
                            List<byte[]> userSmimeCertificate) {

    public DirectoryUser {
        proxyAddresses = proxyAddresses == null ? List.of() : List.copyOf(proxyAddresses);
        userCertificate = userCertificate == null ? List.of() : List.copyOf(userCertificate);
        userSmimeCertificate = userSmimeCertificate == null ? List.of() : List.copyOf(userSmimeCertificate);
    }

    /** The name used in log lines and reports: mail, else UPN, else DN. */
    public String displayName() {
        if (mail != null && !mail.isBlank()) return mail;
        if (userPrincipalName != null && !userPrincipalName.isBlank()) return userPrincipalName;
        return dn;
    }
}
