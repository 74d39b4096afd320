package org.certsync.certificate;

import java.util.List;

import org.certsync.directory.DirectoryUser;

/**
 * The policy's decision for one user.
 *
 * @param accepted       certificates to publish, per attribute in publishing order
 * @param rejections     every value not published, with its reason
 * @param indeterminate  true when the policy could not decide (e.g. a CRL could not be fetched and the
 *                       policy fails closed): the recipient's published state must be left as it is
 * @param notes          things the caller should report although they block nothing, e.g. a certificate
 *                       published with an unknown revocation status because the policy fails open
 * @param inputDigest    what the verdict was judged from ({@link CertificatePolicy#inputDigest}); null when it
 *                       cannot be judged again from one entry's values (several entries judged together)
 * @param stableUntil    the first moment at which time alone could change the verdict (a certificate or CA
 *                       expiring or becoming valid, a CRL it used being replaced); null when none can
 */
public record Verdict(DirectoryUser user, List<AcceptedCertificate> accepted, List<Rejection> rejections,
                      boolean indeterminate, List<String> notes, String inputDigest, java.time.Instant stableUntil) {

    public Verdict {
        accepted = List.copyOf(accepted);
        rejections = List.copyOf(rejections);
        notes = List.copyOf(notes);
    }

    public Verdict(DirectoryUser user, List<AcceptedCertificate> accepted, List<Rejection> rejections,
                   boolean indeterminate) {
        this(user, accepted, rejections, indeterminate, List.of(), null, null);
    }

    /**
     * Whether the same input may get this verdict again without judging it, until {@link #stableUntil}: not when it
     * is undecided or carries notes (both are reported on every run), nor for entries judged together.
     */
    public boolean reusable() {
        return inputDigest != null && !indeterminate && notes.isEmpty();
    }

    /** How many values were rejected, by reason code: what reports and metrics count. */
    public java.util.Map<String, Integer> rejectedByReason() {
        java.util.Map<String, Integer> byReason = new java.util.TreeMap<>();
        for (Rejection rejection : rejections) byReason.merge(rejection.reason().code(), 1, Integer::sum);
        return byReason;
    }

    public List<AcceptedCertificate> accepted(CertificateAttribute attribute) {
        return accepted.stream().filter(c -> c.attribute() == attribute).toList();
    }
}
