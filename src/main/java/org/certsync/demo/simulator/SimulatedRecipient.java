package org.certsync.demo.simulator;

import java.time.Instant;
import java.util.List;

/**
 * What the simulator holds for one recipient, with certificate values named by fingerprint.
 *
 * @param identity             the primary SMTP address, as registered
 * @param userCertificate      SHA-256 fingerprints (lower-case hex) of the UserCertificate values, in order
 * @param userSmimeCertificate SHA-256 fingerprints of the UserSMimeCertificate values, in order
 * @param lastModified         when the recipient was created or its values last changed
 * @param modificationCount    how many Set-* calls changed its values
 */
public record SimulatedRecipient(String identity, MailRecipientType type, boolean dirSynced,
                                 List<String> userCertificate, List<String> userSmimeCertificate,
                                 Instant lastModified, int modificationCount) {

    public SimulatedRecipient {
        userCertificate = List.copyOf(userCertificate);
        userSmimeCertificate = List.copyOf(userSmimeCertificate);
    }
}
