package org.certsync.certificate;

import java.time.Instant;

/**
 * A certificate that passed the policy and will be published.
 *
 * @param attribute   the attribute it is published in
 * @param fingerprint SHA-256 of the DER encoding, lower-case hex
 * @param der         DER encoding of the X.509 certificate
 */
public record AcceptedCertificate(CertificateAttribute attribute, String fingerprint, byte[] der,
                                  String subject, Instant notBefore, Instant notAfter) {
}
