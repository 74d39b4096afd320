package org.certsync.certificate;

import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.certsync.directory.DirectoryUser;

/** Decides which of a user's certificate values are published. Plain Java; the route calls it as a bean. */
public class CertificatePolicy {

    private final Clock clock;
    private final Duration clockSkew;

    public CertificatePolicy(Clock clock, Duration clockSkew) {
        this.clock = clock;
        this.clockSkew = clockSkew;
    }

    public Verdict evaluate(DirectoryUser user) {
        List<AcceptedCertificate> accepted = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        evaluate(CertificateAttribute.USER_CERTIFICATE, user.userCertificate(), seen, accepted, rejections);
        evaluate(CertificateAttribute.USER_SMIME_CERTIFICATE, user.userSmimeCertificate(), seen, accepted, rejections);
        return new Verdict(user, accepted, rejections, false);
    }

    private void evaluate(CertificateAttribute attribute, List<byte[]> values, Set<String> seen,
                          List<AcceptedCertificate> accepted, List<Rejection> rejections) {
        Instant now = clock.instant();
        for (byte[] value : values) {
            Collection<X509Certificate> certificates;
            try {
                certificates = parse(value);
            } catch (CertificateException | RuntimeException e) {
                rejections.add(new Rejection(attribute, Fingerprints.sha256(value), RejectionReason.UNPARSEABLE,
                        "not a DER certificate or PKCS#7 bundle"));
                continue;
            }
            for (X509Certificate certificate : certificates) {
                byte[] der;
                try {
                    der = certificate.getEncoded();
                } catch (CertificateException e) {
                    rejections.add(new Rejection(attribute, Fingerprints.sha256(value), RejectionReason.UNPARSEABLE,
                            "certificate cannot be re-encoded"));
                    continue;
                }
                String fingerprint = Fingerprints.sha256(der);
                Instant notBefore = certificate.getNotBefore().toInstant();
                Instant notAfter = certificate.getNotAfter().toInstant();
                if (!seen.add(fingerprint)) {
                    rejections.add(new Rejection(attribute, fingerprint, RejectionReason.DUPLICATE, "already published once"));
                } else if (notAfter.plus(clockSkew).isBefore(now)) {
                    rejections.add(new Rejection(attribute, fingerprint, RejectionReason.EXPIRED, "expired " + notAfter));
                } else if (notBefore.minus(clockSkew).isAfter(now)) {
                    rejections.add(new Rejection(attribute, fingerprint, RejectionReason.NOT_YET_VALID, "valid from " + notBefore));
                } else {
                    accepted.add(new AcceptedCertificate(attribute, fingerprint, der,
                            certificate.getSubjectX500Principal().getName(), notBefore, notAfter));
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Collection<X509Certificate> parse(byte[] value) throws CertificateException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        // generateCertificates reads a single DER certificate as well as a PKCS#7 SignedData bundle
        Collection<X509Certificate> certificates =
                (Collection<X509Certificate>) factory.generateCertificates(new ByteArrayInputStream(value));
        if (certificates.isEmpty()) throw new CertificateException("no certificate in value");
        return certificates;
    }
}
