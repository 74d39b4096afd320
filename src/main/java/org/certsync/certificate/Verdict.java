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
 */
public record Verdict(DirectoryUser user, List<AcceptedCertificate> accepted, List<Rejection> rejections,
                      boolean indeterminate) {

    public Verdict {
        accepted = List.copyOf(accepted);
        rejections = List.copyOf(rejections);
    }

    public List<AcceptedCertificate> accepted(CertificateAttribute attribute) {
        return accepted.stream().filter(c -> c.attribute() == attribute).toList();
    }
}
