package org.certsync.certificate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

/** Exchange Online takes a limited number of certificates per attribute: the newest ones are kept. */
final class ValueCap {

    record Split<T>(List<T> kept, List<T> cut) {
    }

    private final int maxValues;

    ValueCap(int maxValues) {
        this.maxValues = maxValues;
    }

    /** Keeps the certificates with the latest notBefore, in their original order; ties go to the earlier one. */
    <T> Split<T> split(List<T> certificates, Function<T, Instant> notBefore) {
        if (certificates.size() <= maxValues) return new Split<>(certificates, List.of());
        boolean[] kept = new boolean[certificates.size()];
        IntStream.range(0, certificates.size()).boxed()
                .sorted(Comparator.comparing((Integer i) -> notBefore.apply(certificates.get(i))).reversed())
                .limit(maxValues)
                .forEach(i -> kept[i] = true);
        List<T> keep = new ArrayList<>(maxValues);
        List<T> cut = new ArrayList<>(certificates.size() - maxValues);
        for (int i = 0; i < certificates.size(); i++) (kept[i] ? keep : cut).add(certificates.get(i));
        return new Split<>(keep, cut);
    }

    String detail(Instant notBefore) {
        return "notBefore " + notBefore + ": only the " + maxValues
                + " newest certificates are published (max-values-per-attribute)";
    }
}
