package org.certsync.certificate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** Exchange Online takes a limited number of certificates per attribute: the newest ones are kept. */
final class ValueCap {

    record Split(List<ParsedCertificate> kept, List<ParsedCertificate> cut) {
    }

    private final int maxValues;

    ValueCap(int maxValues) {
        this.maxValues = maxValues;
    }

    /** Keeps the certificates with the latest notBefore, in their original order; ties go to the earlier one. */
    Split split(List<ParsedCertificate> certificates) {
        if (certificates.size() <= maxValues) return new Split(certificates, List.of());
        boolean[] kept = new boolean[certificates.size()];
        IntStream.range(0, certificates.size()).boxed()
                .sorted(Comparator.comparing((Integer i) -> certificates.get(i).notBefore()).reversed())
                .limit(maxValues)
                .forEach(i -> kept[i] = true);
        List<ParsedCertificate> keep = new ArrayList<>(maxValues);
        List<ParsedCertificate> cut = new ArrayList<>(certificates.size() - maxValues);
        for (int i = 0; i < certificates.size(); i++) (kept[i] ? keep : cut).add(certificates.get(i));
        return new Split(keep, cut);
    }

    String detail(ParsedCertificate certificate) {
        return "notBefore " + certificate.notBefore() + ": only the " + maxValues
                + " newest certificates are published (max-values-per-attribute)";
    }
}
