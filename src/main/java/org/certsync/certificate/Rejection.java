package org.certsync.certificate;

/**
 * A certificate value that is not published.
 *
 * @param fingerprint SHA-256 of the raw value (or of the certificate when it parsed), lower-case hex
 * @param detail      a short human explanation, never the certificate itself
 */
public record Rejection(CertificateAttribute attribute, String fingerprint, RejectionReason reason, String detail) {
}
