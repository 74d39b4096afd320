package org.certsync.hygiene;

import java.util.List;

/**
 * What directory hygiene does to one user: the values to remove, what it keeps that is worth a word, or why it leaves
 * the user alone altogether.
 *
 * @param userId   objectGUID (AD) or entryUUID, else the DN
 * @param dn       the entry's DN, where the modify goes
 * @param recipient the recipient address of the entry's mail, null without one
 * @param removals the values to remove, each whole and as read
 * @param notes    values kept although bad certificates are in them, and why (a PKCS#7 bundle that also holds a good
 *                 one, a value an operator restored)
 * @param skipped  why the user is left alone (read, policy or protection), null when the removals may go ahead
 */
public record HygienePlan(String userId, String dn, String recipient, List<Removal> removals, List<String> notes,
                          String skipped) {

    /**
     * A value to remove.
     *
     * @param attribute   the attribute's name as read (e.g. userCertificate, userCertificate;binary)
     * @param value       the raw value, byte for byte as read: the modify deletes exactly this value
     * @param fingerprint SHA-256 of the raw value; for a bare certificate its fingerprint
     * @param reason      the rejection reasons of the certificates in it (e.g. "expired", "duplicate")
     */
    public record Removal(String attribute, byte[] value, String fingerprint, String reason) {

        /** For a log or report line: the attribute and the fingerprint, never the value. */
        public String describe() {
            return attribute + " " + fingerprint;
        }
    }

    public HygienePlan {
        removals = List.copyOf(removals);
        notes = List.copyOf(notes);
    }

    /** Something to report: values to remove, values kept worth a word, or a user left alone. */
    public boolean worthReporting() {
        return !removals.isEmpty() || !notes.isEmpty() || skipped != null;
    }

    /** The removals may go ahead (when the run applies at all). */
    public boolean removes() {
        return skipped == null && !removals.isEmpty();
    }

    /** The same user with only these of its removals (those still in the directory right before the write). */
    public HygienePlan only(List<Removal> some) {
        return new HygienePlan(userId, dn, recipient, some, notes, skipped);
    }

    /** A user left alone as a whole, with the cause. */
    public static HygienePlan skipped(String userId, String dn, String recipient, String cause) {
        return new HygienePlan(userId, dn, recipient, List.of(), List.of(), cause);
    }
}
