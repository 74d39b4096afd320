package org.certsync.certificate;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/** Where CRLs come from. Implementations cache; they are called once per certificate and must be thread-safe. */
interface CrlSource {

    /**
     * A source's answer for one certificate.
     *
     * @param crl   a CRL of the certificate's issuer, unverified; null when this source has none for it (e.g. no HTTP
     *              distribution point), so that the next source is asked
     * @param until until when the source gives this answer (its cache time); null when it never changes. A verdict
     *              that asked the source stays what a fresh one would be until then, as far as revocation goes
     */
    record Held(X509CRL crl, Instant until) {
    }

    /** @throws CrlUnavailableException when this source should have a CRL but cannot provide it now */
    Held crlFor(X509Certificate certificate) throws CrlUnavailableException;

    /** A CRL is reused until its nextUpdate, but never longer than {@code maxAge}: a CA may publish earlier. */
    static Instant reuseUntil(X509CRL crl, Instant now, Duration maxAge) {
        Instant latest = now.plus(maxAge);
        if (crl.getNextUpdate() == null) return latest;
        Instant nextUpdate = crl.getNextUpdate().toInstant();
        return nextUpdate.isBefore(latest) ? nextUpdate : latest;
    }
}
