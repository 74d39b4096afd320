package org.certsync.demo.simulator;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A CmdletInput as sent to InvokeCommand, read leniently so even a malformed call can be logged.
 *
 * @param cmdlet     the CmdletName, or null when absent
 * @param parameters the Parameters by name, case-insensitive as in PowerShell
 */
record CmdletInvocation(String cmdlet, Map<String, JsonNode> parameters) {

    static CmdletInvocation read(JsonNode body) {
        JsonNode input = body.path("CmdletInput");
        Map<String, JsonNode> parameters = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        input.path("Parameters").properties().forEach(e -> parameters.put(e.getKey(), e.getValue()));
        JsonNode name = input.path("CmdletName");
        return new CmdletInvocation(name.isTextual() ? name.textValue() : null, parameters);
    }

    /** The Identity parameter, or null when absent or not a string. */
    String identity() {
        JsonNode identity = parameters.get("Identity");
        return identity != null && identity.isTextual() && !identity.textValue().isBlank() ? identity.textValue() : null;
    }
}
