package org.certsync.certificate;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.Certificate;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;

/** A certificate is trusted when PKIX finds a path from it to one of the trusted issuing CAs. */
final class ChainCheck {

    /** The result of a path search: the certificate's issuer (needed to verify its CRL), or why there is none. */
    sealed interface Outcome {
        record Trusted(X509Certificate issuer) implements Outcome {
        }

        record Untrusted(String detail) implements Outcome {
        }
    }

    private final Clock clock;
    /** Built once: validating the anchors is not free; each search works on a shallow clone. */
    private final PKIXBuilderParameters template;

    ChainCheck(Set<TrustAnchor> anchors, Clock clock) {
        this.clock = clock;
        try {
            template = new PKIXBuilderParameters(anchors, null);
        } catch (InvalidAlgorithmParameterException e) {
            throw new IllegalArgumentException("no usable trust anchor", e);
        }
        // revocation is the policy's own rule, with its own CRL sources and fail-open/closed choice
        template.setRevocationEnabled(false);
    }

    /**
     * @param intermediates CA certificates the user published (e.g. in a PKCS#7 bundle): path candidates only,
     *                      trusted just when they chain to an anchor themselves
     */
    Outcome verify(ParsedCertificate certificate, Collection<X509Certificate> intermediates) {
        X509Certificate target = certificate.x509();
        PKIXBuilderParameters parameters = (PKIXBuilderParameters) template.clone();
        X509CertSelector selector = new X509CertSelector();
        selector.setCertificate(target);
        parameters.setTargetCertConstraints(selector);
        List<X509Certificate> candidates = new ArrayList<>(intermediates.size() + 1);
        candidates.add(target);
        candidates.addAll(intermediates);
        // validity was already judged with the clock skew: evaluate the path at a moment inside the target's
        // validity so that PKIX does not reject again, more strictly, what the skew allowed
        parameters.setDate(Date.from(clamp(clock.instant(), certificate.notBefore(), certificate.notAfter())));
        try {
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(candidates)));
            PKIXCertPathBuilderResult result =
                    (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(parameters);
            List<? extends Certificate> path = result.getCertPath().getCertificates();
            return new Outcome.Trusted(path.size() > 1
                    ? (X509Certificate) path.get(1)
                    : result.getTrustAnchor().getTrustedCert());
        } catch (CertPathBuilderException e) {
            return new Outcome.Untrusted("no path to a trusted CA: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PKIX is part of every Java runtime", e);
        }
    }

    private static Instant clamp(Instant instant, Instant from, Instant to) {
        return instant.isBefore(from) ? from : instant.isAfter(to) ? to : instant;
    }
}
