package org.certsync.demo.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Binds a certificate parameter the way the service's $metadata types it, and nothing else: a
 * {@code Collection(Exchange.ByteArrayType)} announced by {@code <parameter>@odata.type}, each element an object whose
 * {@code Data} is a {@code Collection(Edm.Byte)} (numbers 0..255); {@code null} or an empty array (the module's
 * {@code @()}) clears the property; one {@code {"@odata.type":"#Exchange.ByteArrayType","Data":[…]}} object without
 * a parameter annotation is a list of one (the module's ConvertTo-ByteArray). Base64 strings, bare arrays of numbers
 * and non-empty collections without their type annotation are refused, as the service cannot convert them.
 * The module's hashtable form (Add/Remove) is not modelled: CertSync replaces whole lists. A {@code byte[]} parameter
 * binds the single typed object alone ({@link #bindSingle}).
 */
final class CertificateValues {

    private CertificateValues() {
    }

    /**
     * The values the parameter sets; empty for null (the property is cleared).
     *
     * @param annotation the parameter's {@code @odata.type}, or null
     * @throws ExchangeError the refusal the service answers for a value it cannot convert
     */
    static List<byte[]> bind(CertificateProperty property, JsonNode value, String annotation) {
        String name = property.parameterName();
        if (value.isNull()) return List.of();
        // what the module's Transform-Parameters sends for an empty array, @(): untyped, and nothing to convert
        if (value.isArray() && value.isEmpty() && annotation == null) return List.of();
        if (value.isObject() && annotation == null) return List.of(element(name, value, true));
        if (!value.isArray()) {
            throw ExchangeError.notConvertible(name, "Cannot convert the \"" + jsonType(value) + "\" value to type \""
                    + CertificateProperty.COLLECTION_TYPE.substring(1) + "\".");
        }
        if (!CertificateProperty.COLLECTION_TYPE.equals(annotation)) {
            throw ExchangeError.notConvertible(name, "A collection value needs the annotation \"" + name
                    + "@odata.type\":\"" + CertificateProperty.COLLECTION_TYPE + "\"; found "
                    + (annotation == null ? "none" : "\"" + annotation + "\"") + ".");
        }
        List<byte[]> values = new ArrayList<>(value.size());
        for (JsonNode element : value) values.add(element(name, element, false));
        return values;
    }

    /**
     * The bytes of a {@code byte[]} parameter (Set-SmimeConfig's SMIMECertificateIssuingCA), sent as the module's
     * ConvertTo-ByteArray makes one: a single {@code {"@odata.type":"#Exchange.ByteArrayType","Data":[…]}} without a
     * parameter annotation. Null is for the caller to judge; a collection or any other shape is refused.
     *
     * @param annotation the parameter's {@code @odata.type}, or null
     * @throws ExchangeError the refusal the service answers for a value it cannot convert
     */
    static byte[] bindSingle(String name, JsonNode value, String annotation) {
        if (!value.isObject() || annotation != null) {
            throw ExchangeError.notConvertible(name, "Cannot convert the \"" + (annotation != null ? annotation : jsonType(value))
                    + "\" value to type \"System.Byte[]\": send one " + CertificateProperty.VALUE_TYPE + " object.");
        }
        return element(name, value, true);
    }

    private static byte[] element(String name, JsonNode element, boolean single) {
        if (!element.isObject()) {
            throw ExchangeError.notConvertible(name, "Cannot convert the \"" + jsonType(element)
                    + "\" value to type \"Exchange.ByteArrayType\": each value must be an object with Data.");
        }
        JsonNode type = element.get("@odata.type");
        if (single ? type == null || !CertificateProperty.VALUE_TYPE.equals(type.asText())
                : type != null && !CertificateProperty.VALUE_TYPE.equals(type.asText())) {
            throw ExchangeError.notConvertible(name, "A single value must be annotated \"@odata.type\":\""
                    + CertificateProperty.VALUE_TYPE + "\".");
        }
        for (Map.Entry<String, JsonNode> field : element.properties()) {
            String key = field.getKey();
            if (!key.equals("Data") && !key.equals("@odata.type") && !key.equals("ChangedProperties")) {
                throw ExchangeError.notConvertible(name, "The property '" + key + "' does not exist on type 'Exchange.ByteArrayType'.");
            }
        }
        JsonNode data = element.get("Data");
        if (data == null || !data.isArray() || data.isEmpty()) {
            throw ExchangeError.notConvertible(name, "Data must be a non-empty Collection(Edm.Byte), found "
                    + (data == null ? "none" : jsonType(data)) + ".");
        }
        byte[] bytes = new byte[data.size()];
        for (int i = 0; i < bytes.length; i++) {
            JsonNode number = data.get(i);
            if (!number.isIntegralNumber() || !number.canConvertToInt() || number.intValue() < 0 || number.intValue() > 255) {
                throw ExchangeError.notConvertible(name, "Cannot convert value '" + number + "' at Data[" + i
                        + "] to type \"Edm.Byte\" (0 to 255).");
            }
            bytes[i] = (byte) number.intValue();
        }
        return bytes;
    }

    private static String jsonType(JsonNode node) {
        return node.isTextual() ? "System.String" : node.getNodeType().name();
    }
}
