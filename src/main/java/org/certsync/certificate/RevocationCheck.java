package org.certsync.certificate;

import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
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

    /** @param issuer the issuer's certificate, proved by a trusted path: its key must have signed the CRL */
    Optional<Finding> check(X509Certificate certificate, X509Certificate issuer) {
        List<String> problems = new ArrayList<>();
        for (CrlSource source : sources) {
            Optional<X509CRL> crl;
            try {
                crl = source.crlFor(certificate);
            } catch (CrlUnavailableException e) {
                problems.add(e.getMessage());
                continue;
            }
            if (crl.isEmpty()) continue;
            Optional<String> problem = unusable(crl.get(), certificate, issuer);
            if (problem.isPresent()) {
                problems.add(problem.get());
                continue;
            }
            X509CRLEntry entry = crl.get().getRevokedCertificate(certificate);
            if (entry == null) return Optional.empty();
            String reason = entry.getRevocationReason() == null ? "" : " (" + entry.getRevocationReason() + ")";
            return Optional.of(new Finding(RejectionReason.REVOKED,
                    "revoked " + entry.getRevocationDate().toInstant() + reason));
        }
        String detail = problems.isEmpty()
                ? "no CRL found for issuer " + certificate.getIssuerX500Principal().getName()
                : String.join("; ", problems);
        return Optional.of(new Finding(RejectionReason.REVOCATION_UNKNOWN, detail));
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
