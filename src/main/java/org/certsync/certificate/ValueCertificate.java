package org.certsync.certificate;

import java.time.Instant;

/**
 * One certificate a directory value decodes to, as the policy's parser sees it: a bare value holds one, a PKCS#7
 * bundle one per certificate in it, a value that cannot be decoded one that is {@code unparseable}.
 *
 * @param fingerprint SHA-256 of the certificate (of the raw value when it could not be decoded), as in {@link Rejection}
 * @param notAfter    the end of its validity; null when unparseable
 * @param ca          basicConstraints cA=true (a chain certificate a bundle carries)
 */
public record ValueCertificate(String fingerprint, Instant notAfter, boolean ca, boolean unparseable) {
}
