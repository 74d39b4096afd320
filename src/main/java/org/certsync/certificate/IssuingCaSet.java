package org.certsync.certificate;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A set of CA certificates by SHA-256 fingerprint, as a tenant's trusted S/MIME issuing CAs are compared: the same
 * certificate twice is one, and order does not count. Immutable.
 */
public final class IssuingCaSet {

    private static final IssuingCaSet EMPTY = new IssuingCaSet(new TreeMap<>());

    /** DER encodings by fingerprint, sorted by fingerprint. */
    private final SortedMap<String, byte[]> certificates;

    private IssuingCaSet(SortedMap<String, byte[]> certificates) {
        this.certificates = Collections.unmodifiableSortedMap(certificates);
    }

    public static IssuingCaSet empty() {
        return EMPTY;
    }

    /** @param der DER X.509 certificates, duplicates allowed */
    public static IssuingCaSet of(Collection<byte[]> der) {
        SortedMap<String, byte[]> certificates = new TreeMap<>();
        der.forEach(certificate -> certificates.put(Fingerprints.sha256(certificate), certificate.clone()));
        return new IssuingCaSet(certificates);
    }

    /**
     * The CA certificates among these trust anchors: basic constraints with cA set, or version 1 (which has no
     * extensions; such old roots are CAs by convention). An end-entity certificate trusted directly is no issuing CA.
     */
    public static IssuingCaSet caCertificatesOf(Collection<X509Certificate> anchors) {
        return of(anchors.stream().filter(a -> a.getBasicConstraints() >= 0 || a.getVersion() == 1)
                .map(IssuingCaSet::encoded).toList());
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a parsed certificate has an encoding", e);
        }
    }

    /** SHA-256 fingerprints, sorted. */
    public List<String> fingerprints() {
        return List.copyOf(certificates.keySet());
    }

    /** DER encodings in fingerprint order. */
    public List<byte[]> der() {
        return certificates.values().stream().map(byte[]::clone).toList();
    }

    /** SHA-256 over the sorted fingerprints joined with ',': equal for equal sets, whatever their order. */
    public String digest() {
        return Fingerprints.sha256(String.join(",", certificates.keySet()).getBytes(StandardCharsets.US_ASCII));
    }

    public boolean isEmpty() {
        return certificates.isEmpty();
    }

    public int size() {
        return certificates.size();
    }

    /** This set with those of the other's certificates it lacks. */
    public IssuingCaSet plus(IssuingCaSet other) {
        SortedMap<String, byte[]> union = new TreeMap<>(certificates);
        other.certificates.forEach(union::putIfAbsent);
        return new IssuingCaSet(union);
    }

    /** This set without the certificates with these fingerprints. */
    public IssuingCaSet minus(Collection<String> fingerprints) {
        SortedMap<String, byte[]> rest = new TreeMap<>(certificates);
        rest.keySet().removeAll(Set.copyOf(fingerprints));
        return new IssuingCaSet(rest);
    }

    /** The fingerprints of this set that the other lacks, sorted. */
    public List<String> notIn(IssuingCaSet other) {
        return certificates.keySet().stream().filter(f -> !other.certificates.containsKey(f)).toList();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IssuingCaSet set && set.certificates.keySet().equals(certificates.keySet());
    }

    @Override
    public int hashCode() {
        return certificates.keySet().hashCode();
    }

    /** Fingerprints only: a set is logged, never its certificates. */
    @Override
    public String toString() {
        return certificates.keySet().toString();
    }
}
