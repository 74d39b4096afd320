package org.certsync.certificate;

import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Looks the certificate up in a CRL of its issuer, asking the sources in order until one has a usable CRL.
 * Finds {@code revoked}, or {@code revocation-unknown} when no source has one; whether the latter blocks
 * publishing is the policy's fail-open/closed decision.
 */
final class RevocationCheck {

    private final List<CrlSource> sources;
    private final Clock clock;

    RevocationCheck(List<CrlSource> sources, Clock clock) {
        this.sources = List.copyOf(sources);
        this.clock = clock;
    }

    /**
     * What the check found, and until when every source it asked gives the same answer (null: for good): until then
     * the same certificate gets the same answer.
     */
    record Answer(Optional<Finding> finding, Instant until) {
    }

    /** @param issuer the issuer's certificate, proved by a trusted path: its key must have signed the CRL */
    Answer check(X509Certificate certificate, X509Certificate issuer) {
        List<String> problems = new ArrayList<>();
        Instant until = null;
        for (CrlSource source : sources) {
            CrlSource.Held held;
            try {
                held = source.crlFor(certificate);
            } catch (CrlUnavailableException e) {
                problems.add(e.getMessage());
                // a source that failed may answer at any time: whatever the next source says holds for now only
                until = clock.instant();
                continue;
            }
            until = earlier(until, held.until());
            if (held.crl() == null) continue;
            Optional<String> problem = unusable(held.crl(), certificate, issuer);
            if (problem.isPresent()) {
                problems.add(problem.get());
                continue;
            }
            X509CRLEntry entry = held.crl().getRevokedCertificate(certificate);
            if (entry == null) return new Answer(Optional.empty(), until);
            String reason = entry.getRevocationReason() == null ? "" : " (" + entry.getRevocationReason() + ")";
            return new Answer(Optional.of(new Finding(RejectionReason.REVOKED,
                    "revoked " + entry.getRevocationDate().toInstant() + reason)), until);
        }
        String detail = problems.isEmpty()
                ? "no CRL found for issuer " + certificate.getIssuerX500Principal().getName()
                : String.join("; ", problems);
        return new Answer(Optional.of(new Finding(RejectionReason.REVOCATION_UNKNOWN, detail)), until);
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    private Optional<String> unusable(X509CRL crl, X509Certificate certificate, X509Certificate issuer) {
        String issuerName = certificate.getIssuerX500Principal().getName();
        if (!crl.getIssuerX500Principal().equals(certificate.getIssuerX500Principal())) {
            return Optional.of("CRL issued by " + crl.getIssuerX500Principal().getName() + ", not by " + issuerName);
        }
        if (crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isBefore(clock.instant())) {
            return Optional.of("CRL of " + issuerName + " outdated since " + crl.getNextUpdate().toInstant());
        }
        try {
            // cheap after the first call: the JDK's CRL remembers the key it was verified with
            crl.verify(issuer.getPublicKey());
        } catch (GeneralSecurityException e) {
            return Optional.of("CRL of " + issuerName + " has an invalid signature");
        }
        return Optional.empty();
    }
}
