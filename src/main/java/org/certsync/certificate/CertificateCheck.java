package org.certsync.certificate;

import java.util.Optional;

/** One rule of the policy that needs nothing but the certificate itself (and, for identity, the user). */
interface CertificateCheck {

    /** @return the reason to reject the certificate, empty when the rule is satisfied */
    Optional<Finding> check(ParsedCertificate certificate);
}
