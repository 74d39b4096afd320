package org.certsync.demo.simulator;

import java.util.Arrays;
import java.util.Optional;

/**
 * The two certificate properties of a recipient. The service's $metadata types both as
 * {@code Collection(Exchange.ByteArrayType)}, whose {@code Data} is {@code Collection(Edm.Byte)}.
 */
enum CertificateProperty {
    USER_CERTIFICATE("UserCertificate"),
    USER_SMIME_CERTIFICATE("UserSMimeCertificate");

    /** The type annotation a collection of certificate values must carry. */
    static final String COLLECTION_TYPE = "#Collection(Exchange.ByteArrayType)";
    /** The type annotation of a single value, as the module writes one byte[]. */
    static final String VALUE_TYPE = "#Exchange.ByteArrayType";

    private final String parameterName;

    CertificateProperty(String parameterName) {
        this.parameterName = parameterName;
    }

    String parameterName() {
        return parameterName;
    }

    /** Parameter names are case-insensitive, as in PowerShell. */
    static Optional<CertificateProperty> named(String name) {
        return Arrays.stream(values()).filter(p -> p.parameterName.equalsIgnoreCase(name)).findFirst();
    }
}
