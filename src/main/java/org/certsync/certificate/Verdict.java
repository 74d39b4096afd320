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
 */
public record Verdict(DirectoryUser user, List<AcceptedCertificate> accepted, List<Rejection> rejections,
                      boolean indeterminate, List<String> notes) {

    public Verdict {
        accepted = List.copyOf(accepted);
        rejections = List.copyOf(rejections);
        notes = List.copyOf(notes);
    }

    public Verdict(DirectoryUser user, List<AcceptedCertificate> accepted, List<Rejection> rejections,
                   boolean indeterminate) {
        this(user, accepted, rejections, indeterminate, List.of());
    }

    public List<AcceptedCertificate> accepted(CertificateAttribute attribute) {
        return accepted.stream().filter(c -> c.attribute() == attribute).toList();
    }
}
