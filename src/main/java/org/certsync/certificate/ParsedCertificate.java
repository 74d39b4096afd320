package org.certsync.certificate;

import java.security.cert.X509Certificate;
import java.time.Instant;

import org.bouncycastle.cert.X509CertificateHolder;

/**
 * A certificate decoded once: the BouncyCastle holder gives the rules typed access to extensions, the Java
 * certificate is what PKIX path building and CRL look-ups need.
 *
 * @param der         DER encoding, as published
 * @param fingerprint SHA-256 of {@code der}, lower-case hex
 * @param ca          basicConstraints cA=true; decoded while parsing because chain building needs it before any rule
 */
record ParsedCertificate(byte[] der, String fingerprint, X509CertificateHolder holder, X509Certificate x509,
                         boolean ca) implements ParsedValue {

    // from the JDK certificate, which decoded the dates once; the holder would parse the time string again
    Instant notBefore() {
        return x509.getNotBefore().toInstant();
    }

    Instant notAfter() {
        return x509.getNotAfter().toInstant();
    }
}
