package org.certsync.certificate;

/** The two recipient attributes that carry S/MIME certificates. */
public enum CertificateAttribute {
    USER_CERTIFICATE("userCertificate"),
    USER_SMIME_CERTIFICATE("userSMIMECertificate");

    private final String ldapName;

    CertificateAttribute(String ldapName) {
        this.ldapName = ldapName;
    }

    public String ldapName() {
        return ldapName;
    }
}
