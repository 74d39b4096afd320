package org.certsync.demo.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.certsync.certificate.Fingerprints;

/** The mutable state of one simulated recipient; its methods are atomic per recipient. */
final class MailRecipient {

    private final String identity;
    private final MailRecipientType type;
    private final boolean dirSynced;
    /** Per property the values by fingerprint, in order. */
    private final Map<CertificateProperty, LinkedHashMap<String, byte[]>> values = new EnumMap<>(CertificateProperty.class);
    private Instant lastModified;
    private int modificationCount;

    MailRecipient(String identity, MailRecipientType type, boolean dirSynced, Instant created) {
        this.identity = identity;
        this.type = type;
        this.dirSynced = dirSynced;
        this.lastModified = created;
        for (CertificateProperty property : CertificateProperty.values()) values.put(property, new LinkedHashMap<>());
    }

    String identity() {
        return identity;
    }

    MailRecipientType type() {
        return type;
    }

    boolean dirSynced() {
        return dirSynced;
    }

    /**
     * Replaces the values of the given properties, all or none; a multi-valued property holds each value once.
     *
     * @return whether any value changed
     * @throws ExchangeError when a property would hold more than maxValues values
     */
    synchronized boolean replace(Map<CertificateProperty, List<byte[]>> replacements, int maxValues, Instant now) {
        Map<CertificateProperty, LinkedHashMap<String, byte[]>> next = new EnumMap<>(values);
        replacements.forEach((property, list) -> {
            LinkedHashMap<String, byte[]> result = new LinkedHashMap<>();
            list.forEach(v -> result.putIfAbsent(Fingerprints.sha256(v), v));
            if (result.size() > maxValues) throw ExchangeError.tooManyValues(property.parameterName(), result.size(), maxValues);
            next.put(property, result);
        });
        // order matters to S/MIME clients (the first certificate is preferred), so compare ordered fingerprints
        boolean changed = next.entrySet().stream()
                .anyMatch(e -> !new ArrayList<>(e.getValue().keySet()).equals(new ArrayList<>(values.get(e.getKey()).keySet())));
        if (changed) {
            values.putAll(next);
            lastModified = now;
            modificationCount++;
        }
        return changed;
    }

    /** What is kept of a recipient across restarts. */
    record Stored(String identity, MailRecipientType type, boolean dirSynced, Map<CertificateProperty, List<byte[]>> values,
                  Instant lastModified, int modificationCount) {
    }

    synchronized Stored stored() {
        Map<CertificateProperty, List<byte[]>> copy = new EnumMap<>(CertificateProperty.class);
        values.forEach((property, byFingerprint) -> copy.put(property, List.copyOf(byFingerprint.values())));
        return new Stored(identity, type, dirSynced, copy, lastModified, modificationCount);
    }

    static MailRecipient restore(Stored stored) {
        MailRecipient recipient = new MailRecipient(stored.identity(), stored.type(), stored.dirSynced(), stored.lastModified());
        stored.values().forEach((property, list) -> list.forEach(v -> recipient.values.get(property).put(Fingerprints.sha256(v), v)));
        recipient.modificationCount = stored.modificationCount();
        return recipient;
    }

    synchronized SimulatedRecipient snapshot() {
        return new SimulatedRecipient(identity, type, dirSynced, fingerprints(CertificateProperty.USER_CERTIFICATE),
                fingerprints(CertificateProperty.USER_SMIME_CERTIFICATE), lastModified, modificationCount);
    }

    private List<String> fingerprints(CertificateProperty property) {
        return List.copyOf(values.get(property).keySet());
    }
}
