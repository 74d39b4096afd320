package org.certsync.state;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.certsync.certificate.AcceptedCertificate;
import org.certsync.certificate.CertificateAttribute;
import org.certsync.certificate.Fingerprints;
import org.certsync.certificate.Verdict;

/**
 * What one recipient should carry after this run.
 *
 * @param recipient            the Exchange Online identity (primary SMTP address, lower case)
 * @param userId               the directory's stable id of the user
 * @param userCertificate      values for userCertificate
 * @param userSmimeCertificate values for userSMIMECertificate
 */
public record Publication(String recipient, String userId, List<AcceptedCertificate> userCertificate,
                          List<AcceptedCertificate> userSmimeCertificate) {

    /** Hash of a recipient with no certificates: what a recipient CertSync never published to has. */
    public static final String EMPTY_SET = certificateSet(List.of(), List.of());

    public static Publication of(Verdict verdict) {
        return new Publication(recipient(verdict.user().mail()), verdict.user().id(),
                verdict.accepted(CertificateAttribute.USER_CERTIFICATE),
                verdict.accepted(CertificateAttribute.USER_SMIME_CERTIFICATE));
    }

    /** The recipient a mail address is published to: trimmed, lower case; null stays null. */
    public static String recipient(String mail) {
        return mail == null ? null : mail.trim().toLowerCase(Locale.ROOT);
    }

    /** The idempotency key: recipient plus a hash of the certificate set, independent of value order. */
    public String key() {
        return new Key(recipient, certificateSet()).toString();
    }

    /** The parts of an idempotency key. */
    public record Key(String recipient, String certificateSet) {

        /** The key as Camel's idempotent consumer passes it; the set hash is hex, so the last '|' separates. */
        public static Key parse(String key) {
            int separator = key.lastIndexOf('|');
            if (separator < 0) throw new IllegalArgumentException("not a publication key: " + key);
            return new Key(key.substring(0, separator), key.substring(separator + 1));
        }

        @Override
        public String toString() {
            return recipient + "|" + certificateSet;
        }
    }

    public String certificateSet() {
        return certificateSet(fingerprints(userCertificate), fingerprints(userSmimeCertificate));
    }

    /** When the first of its certificates expires; null for an empty publication. */
    public java.time.Instant firstExpiry() {
        return expiries().min(java.util.Comparator.naturalOrder()).orElse(null);
    }

    /** When the last of its certificates expires, leaving the recipient none; null for an empty publication. */
    public java.time.Instant lastExpiry() {
        return expiries().max(java.util.Comparator.naturalOrder()).orElse(null);
    }

    private java.util.stream.Stream<java.time.Instant> expiries() {
        return java.util.stream.Stream.concat(userCertificate.stream(), userSmimeCertificate.stream())
                .map(AcceptedCertificate::notAfter);
    }

    public boolean isEmpty() {
        return userCertificate.isEmpty() && userSmimeCertificate.isEmpty();
    }

    public static List<String> fingerprints(List<AcceptedCertificate> certificates) {
        return certificates.stream().map(AcceptedCertificate::fingerprint).sorted().toList();
    }

    private static String certificateSet(List<String> userCertificate, List<String> userSmime) {
        String canonical = userCertificate.stream().sorted().collect(Collectors.joining(","))
                + "/" + userSmime.stream().sorted().collect(Collectors.joining(","));
        return Fingerprints.sha256(canonical.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
