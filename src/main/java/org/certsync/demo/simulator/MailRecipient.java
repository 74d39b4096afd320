package org.certsync.demo.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.certsync.exchange.CertificateParameter;
import org.certsync.exchange.RecipientType;

/** The mutable state of one simulated recipient; its methods are atomic per recipient. */
final class MailRecipient {

    private final String identity;
    private final RecipientType type;
    private final boolean dirSynced;
    /** Per attribute the values by fingerprint, in order. */
    private final Map<CertificateParameter, LinkedHashMap<String, byte[]>> values = new EnumMap<>(CertificateParameter.class);
    private Instant lastModified;
    private int modificationCount;

    MailRecipient(String identity, RecipientType type, boolean dirSynced, Instant created) {
        this.identity = identity;
        this.type = type;
        this.dirSynced = dirSynced;
        this.lastModified = created;
        for (CertificateParameter parameter : CertificateParameter.values()) values.put(parameter, new LinkedHashMap<>());
    }

    String identity() {
        return identity;
    }

    RecipientType type() {
        return type;
    }

    boolean dirSynced() {
        return dirSynced;
    }

    /**
     * Applies all changes or none.
     *
     * @return whether any value changed
     * @throws ExchangeError when an attribute would hold more than maxValues values
     */
    synchronized boolean apply(Map<CertificateParameter, ValueChange> changes, int maxValues, Instant now) {
        Map<CertificateParameter, LinkedHashMap<String, byte[]>> next = new EnumMap<>(values);
        changes.forEach((parameter, change) -> {
            LinkedHashMap<String, byte[]> result = change.applyTo(values.get(parameter));
            if (result.size() > maxValues) throw ExchangeError.tooManyValues(parameter.parameterName(), result.size(), maxValues);
            next.put(parameter, result);
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

    synchronized SimulatedRecipient snapshot() {
        return new SimulatedRecipient(identity, type, dirSynced, fingerprints(CertificateParameter.USER_CERTIFICATE),
                fingerprints(CertificateParameter.USER_SMIME_CERTIFICATE), lastModified, modificationCount);
    }

    private List<String> fingerprints(CertificateParameter parameter) {
        return List.copyOf(values.get(parameter).keySet());
    }
}
