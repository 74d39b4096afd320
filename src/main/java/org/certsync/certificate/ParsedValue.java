package org.certsync.certificate;

/**
 * What one certificate found in a directory value decoded to. A bare certificate value yields one, a PKCS#7
 * bundle one per certificate in it, a value that cannot be decoded exactly one {@link Unparseable}.
 */
sealed interface ParsedValue permits ParsedCertificate, ParsedValue.Unparseable {

    /** SHA-256 of the certificate DER, or of the raw value when it could not be decoded. */
    String fingerprint();

    record Unparseable(String fingerprint, String detail) implements ParsedValue {
    }
}
