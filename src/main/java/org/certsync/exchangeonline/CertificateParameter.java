package org.certsync.exchangeonline;

import java.util.Arrays;
import java.util.Optional;

/** The Set-* cmdlet parameters behind the two certificate attributes. */
public enum CertificateParameter {
    USER_CERTIFICATE("UserCertificate"),
    USER_SMIME_CERTIFICATE("UserSMimeCertificate");

    private final String parameterName;

    CertificateParameter(String parameterName) {
        this.parameterName = parameterName;
    }

    public String parameterName() {
        return parameterName;
    }

    /** Parameter names are case-insensitive, as in PowerShell. */
    public static Optional<CertificateParameter> forParameterName(String name) {
        return Arrays.stream(values()).filter(p -> p.parameterName.equalsIgnoreCase(name)).findFirst();
    }
}
