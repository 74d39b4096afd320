package org.certsync.exchange;

import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * How a binary certificate value travels in an InvokeCommand JSON body. The REST endpoint hands values to the
 * cmdlet's {@code byte[]} parameters, which accept a base64 string as well as an array of byte numbers.
 */
public enum ValueEncoding {

    /** A base64 string per value (what the V3 module sends). */
    BASE64 {
        @Override
        public JsonNode encode(byte[] value) {
            return TextNode.valueOf(Base64.getEncoder().encodeToString(value));
        }

        @Override
        public byte[] decode(JsonNode value) {
            if (!value.isTextual()) throw new IllegalArgumentException("expected a base64 string, got " + value.getNodeType());
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(value.textValue());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid base64: " + e.getMessage());
            }
            return requireNonEmpty(bytes);
        }
    },

    /** An array of byte numbers per value, 0..255 or -128..127 (what PowerShell's JSON serializer emits). */
    BYTE_ARRAY {
        @Override
        public JsonNode encode(byte[] value) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode(value.length);
            for (byte b : value) array.add(b & 0xff);
            return array;
        }

        @Override
        public byte[] decode(JsonNode value) {
            if (!value.isArray()) throw new IllegalArgumentException("expected an array of bytes, got " + value.getNodeType());
            byte[] bytes = new byte[value.size()];
            for (int i = 0; i < bytes.length; i++) {
                JsonNode number = value.get(i);
                if (!number.isIntegralNumber() || number.intValue() < -128 || number.intValue() > 255) {
                    throw new IllegalArgumentException("element " + i + " is not a byte: " + number);
                }
                bytes[i] = (byte) number.intValue();
            }
            return requireNonEmpty(bytes);
        }
    };

    /** The JSON form of one value. */
    public abstract JsonNode encode(byte[] value);

    /**
     * The bytes of one JSON value.
     *
     * @throws IllegalArgumentException naming why the value is not binary in this encoding
     */
    public abstract byte[] decode(JsonNode value);

    private static byte[] requireNonEmpty(byte[] bytes) {
        if (bytes.length == 0) throw new IllegalArgumentException("the value is empty");
        return bytes;
    }
}
