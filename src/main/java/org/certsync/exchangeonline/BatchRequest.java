package org.certsync.exchangeonline;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

/**
 * Up to ten cmdlets in one {@code POST {api-url}/adminapi/beta/{tenant-id}/$batch}, as the ExchangeOnlineManagement
 * module sends them (AddTo-BatchRequest, Execute-BatchRequest): {@code {"requests":[{"id":"0","method":"POST",
 * "url":"<absolute InvokeCommand URL>","headers":{…},"body":{"CmdletInput":{…}}},…]}}, each sub-request with its own
 * headers and {@code Prefer: odata.maxpagesize=1000;odata.continue-on-error}; the request itself carries the last
 * sub-request's headers with {@code Prefer: odata.continue-on-error}. The answer,
 * {@code {"responses":[{"id","status","headers","body"}]}}, is judged per sub-response (Deserialize-BatchRequest).
 */
public final class BatchRequest {

    /** The most cmdlets one $batch carries: the module sends batches of 10, as does CIPP. */
    public static final int MAX_REQUESTS = 10;
    static final String PREFER_SUB_REQUEST = InvokeCommandRequest.PREFER_PAGE_SIZE + ";odata.continue-on-error";
    static final String PREFER_BATCH = "odata.continue-on-error";

    private final URI uri;
    private final List<InvokeCommandRequest> requests;

    public BatchRequest(ExchangeOnlineSettings settings, List<InvokeCommandRequest> requests) {
        if (requests.isEmpty() || requests.size() > MAX_REQUESTS) {
            throw new IllegalArgumentException("a $batch carries 1 to " + MAX_REQUESTS + " requests, not " + requests.size());
        }
        this.uri = settings.batchEndpoint();
        this.requests = List.copyOf(requests);
    }

    /** {@code {api-url}/adminapi/beta/{tenant-id}/$batch} */
    public URI uri() {
        return uri;
    }

    public List<InvokeCommandRequest> requests() {
        return requests;
    }

    /** The JSON body for one attempt (each sub-request carries the token too); contains certificates: never log it. */
    public String body(AccessToken token) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode list = root.putArray("requests");
        for (int i = 0; i < requests.size(); i++) {
            InvokeCommandRequest request = requests.get(i);
            ObjectNode sub = list.addObject();
            sub.put("id", Integer.toString(i));
            sub.put("method", "POST");
            sub.put("url", request.uri().toString());
            ObjectNode headers = sub.putObject("headers");
            request.headers(token, PREFER_SUB_REQUEST).forEach(headers::put);
            // written as it is: the sub-request's body is the InvokeCommand body, already JSON
            sub.putRawValue("body", new RawValue(request.body()));
        }
        return root.toString();
    }

    /** The headers of the $batch request: the last sub-request's, with {@code Prefer: odata.continue-on-error}. */
    public Map<String, String> headers(AccessToken token) {
        Map<String, String> headers = new LinkedHashMap<>(requests.get(requests.size() - 1).headers(token, PREFER_BATCH));
        return Collections.unmodifiableMap(headers);
    }

    /**
     * One sub-request's answer.
     *
     * @param body the sub-response's body (the InvokeCommand answer), missing when there was none
     */
    public record Answer(InvokeCommandOutcome outcome, JsonNode body) {
    }

    /**
     * Each sub-request's answer, in the order of {@link #requests()}, from the body of a successful $batch answer.
     * As the module's Deserialize-BatchRequest: a sub-response counts as done only with status 200; any other is judged
     * by its own status and body, and one whose status says it did not run (none, 424 Failed Dependency, another 2xx)
     * goes again alone, as does a sub-request the answer leaves out.
     *
     * @param batchRetryAfter the $batch answer's Retry-After, for a throttled sub-response without one of its own
     */
    public List<Answer> answers(String answer, String batchRetryAfter) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (JsonNode response : LenientJson.read(answer).path("responses")) byId.put(response.path("id").asText(), response);
        List<Answer> answers = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            JsonNode response = byId.get(Integer.toString(i));
            int status = response == null ? 0 : response.path("status").asInt(0);
            if (status == 0 || status == 424 || (status != 200 && status >= 200 && status < 300)) {
                answers.add(new Answer(InvokeCommandOutcome.notExecuted(), MissingNode.getInstance()));
                continue;
            }
            String retryAfter = header(response.path("headers"), "Retry-After");
            answers.add(new Answer(InvokeCommandOutcome.classify(status, response.path("body"),
                    retryAfter != null ? retryAfter : batchRetryAfter), response.path("body")));
        }
        return answers;
    }

    /** A header of a sub-response, by name regardless of case (HTTP header names are). */
    private static String header(JsonNode headers, String name) {
        for (Map.Entry<String, JsonNode> header : headers.properties()) {
            if (header.getKey().equalsIgnoreCase(name)) return header.getValue().asText();
        }
        return null;
    }

    @Override
    public String toString() {
        return "BatchRequest" + requests;
    }
}
