package org.certsync.exchangeonline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/** Reads bodies that should be JSON but, from proxies, gateways and faulty clients, sometimes are not. */
public final class LenientJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LenientJson() {
    }

    /** The parsed body, or a missing node when it is empty or not JSON, so callers can navigate with path(). */
    public static JsonNode read(String body) {
        try {
            return body == null || body.isBlank() ? MissingNode.getInstance() : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }
}
