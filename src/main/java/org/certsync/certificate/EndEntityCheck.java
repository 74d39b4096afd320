package org.certsync.certificate;

import java.util.Optional;

/** CA certificates are chain material, never a recipient's certificate. */
final class EndEntityCheck implements CertificateCheck {

    @Override
    public Optional<Finding> check(ParsedCertificate certificate) {
        return certificate.ca()
                ? Optional.of(new Finding(RejectionReason.NOT_END_ENTITY, "CA certificate (basicConstraints cA=true)"))
                : Optional.empty();
    }
}
