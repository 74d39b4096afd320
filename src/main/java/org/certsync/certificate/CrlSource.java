package org.certsync.certificate;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Where CRLs come from. Implementations cache; they are called once per certificate and must be thread-safe. */
interface CrlSource {

    /**
     * A CRL as the source holds it.
     *
     * @param until until when the source answers with this CRL (its cache time): a verdict that used it stays what a
     *              fresh one would be until then, as far as revocation goes
     */
    record Held(X509CRL crl, Instant until) {
    }

    /**
     * @return a CRL of the certificate's issuer, unverified; empty when this source has none for it (e.g. no HTTP
     *         distribution point), so that the next source is asked
     * @throws CrlUnavailableException when this source should have a CRL but cannot provide it now
     */
    Optional<Held> crlFor(X509Certificate certificate) throws CrlUnavailableException;

    /** A CRL is reused until its nextUpdate, but never longer than {@code maxAge}: a CA may publish earlier. */
    static Instant reuseUntil(X509CRL crl, Instant now, Duration maxAge) {
        Instant latest = now.plus(maxAge);
        if (crl.getNextUpdate() == null) return latest;
        Instant nextUpdate = crl.getNextUpdate().toInstant();
        return nextUpdate.isBefore(latest) ? nextUpdate : latest;
    }
}
