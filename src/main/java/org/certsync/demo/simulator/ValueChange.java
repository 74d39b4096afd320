package org.certsync.demo.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.certsync.certificate.Fingerprints;
import org.certsync.exchange.CertificateParameter;
import org.certsync.exchange.ValueEncoding;

/**
 * What one Set-* parameter does to a multi-valued attribute: a plain list (or null) replaces the values, a
 * hashtable {@code {"Add":[...],"Remove":[...]}} edits them. Values are sets keyed by fingerprint, as a
 * multi-valued directory attribute holds each value once.
 */
final class ValueChange {

    private final List<byte[]> replacement;
    private final List<byte[]> added;
    private final List<byte[]> removed;

    private ValueChange(List<byte[]> replacement, List<byte[]> added, List<byte[]> removed) {
        this.replacement = replacement;
        this.added = added;
        this.removed = removed;
    }

    /** Binds a parameter value; throws the ExchangeError a cmdlet gives for a value it cannot convert. */
    static ValueChange bind(CertificateParameter parameter, JsonNode value, ValueEncoding encoding) {
        if (value.isNull()) return new ValueChange(List.of(), List.of(), List.of());
        if (value.isArray()) return new ValueChange(decode(parameter, value, encoding), List.of(), List.of());
        if (!value.isObject()) throw ExchangeError.valueListExpected(parameter.parameterName());
        List<byte[]> added = List.of();
        List<byte[]> removed = List.of();
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            if (!field.getValue().isArray()) throw ExchangeError.valueListExpected(parameter.parameterName());
            if (field.getKey().equalsIgnoreCase("add")) {
                added = decode(parameter, field.getValue(), encoding);
            } else if (field.getKey().equalsIgnoreCase("remove")) {
                removed = decode(parameter, field.getValue(), encoding);
            } else {
                throw ExchangeError.valueListExpected(parameter.parameterName());
            }
        }
        return new ValueChange(null, added, removed);
    }

    /** The values after the change, by fingerprint, in order. */
    LinkedHashMap<String, byte[]> applyTo(Map<String, byte[]> current) {
        LinkedHashMap<String, byte[]> result = new LinkedHashMap<>();
        if (replacement == null) {
            result.putAll(current);
        } else {
            replacement.forEach(v -> result.putIfAbsent(Fingerprints.sha256(v), v));
        }
        added.forEach(v -> result.putIfAbsent(Fingerprints.sha256(v), v));
        removed.forEach(v -> result.remove(Fingerprints.sha256(v)));
        return result;
    }

    private static List<byte[]> decode(CertificateParameter parameter, JsonNode array, ValueEncoding encoding) {
        List<byte[]> values = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            try {
                values.add(encoding.decode(array.get(i)));
            } catch (IllegalArgumentException e) {
                throw ExchangeError.valueNotBinary(parameter.parameterName(), i, e.getMessage());
            }
        }
        return values;
    }
}
