package org.certsync.demo.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A simulated endpoint's answer, independent of the web layer.
 *
 * @param headers response headers beyond Content-Type (which is always application/json)
 */
public record SimulatorResponse(int status, Map<String, String> headers, JsonNode body) {

    public SimulatorResponse {
        headers = Map.copyOf(headers);
    }

    static SimulatorResponse json(int status, JsonNode body) {
        return new SimulatorResponse(status, Map.of(), body);
    }

    SimulatorResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new SimulatorResponse(status, more, body);
    }

    /** The error code of an Exchange-style error answer, else null. */
    String errorCode() {
        return body.path("error").path("code").asText(null);
    }
}
