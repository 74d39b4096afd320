package org.certsync.demo.simulator;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * A CmdletInput as sent to InvokeCommand, read leniently so even a malformed call can be logged and answered.
 *
 * @param cmdlet      the CmdletName, or null when absent
 * @param parameters  the Parameters by name, case-insensitive as in PowerShell; OData annotations left out
 * @param annotations the {@code <parameter>@odata.type} annotations by parameter name
 */
record CmdletInvocation(String cmdlet, Map<String, JsonNode> parameters, Map<String, String> annotations) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TYPE_ANNOTATION = "@odata.type";

    /** Reads a request body: {@code {"CmdletInput":{"CmdletName":…,"Parameters":{…}}}}. */
    static CmdletInvocation read(String body) {
        return of(parse(body));
    }

    /** Reads a parsed body, e.g. the {@code body} of a $batch sub-request. */
    static CmdletInvocation of(JsonNode body) {
        JsonNode input = body.path("CmdletInput");
        Map<String, JsonNode> parameters = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Map<String, String> annotations = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        input.path("Parameters").properties().forEach(e -> {
            String key = e.getKey();
            if (key.endsWith(TYPE_ANNOTATION)) {
                annotations.put(key.substring(0, key.length() - TYPE_ANNOTATION.length()), e.getValue().asText(""));
            } else {
                parameters.put(key, e.getValue());
            }
        });
        JsonNode name = input.path("CmdletName");
        return new CmdletInvocation(name.isTextual() ? name.textValue() : null, parameters, annotations);
    }

    /** The parsed body, or a missing node when it is empty or not JSON. */
    static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? MissingNode.getInstance() : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    /** The Identity parameter, or null when absent or not a string. */
    String identity() {
        JsonNode identity = parameters.get("Identity");
        return identity != null && identity.isTextual() && !identity.textValue().isBlank() ? identity.textValue() : null;
    }
}
