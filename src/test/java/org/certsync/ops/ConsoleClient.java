package org.certsync.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Requests to the console of a CertSync on this host, as scripts send them: HTTP Basic credentials, Jolokia as JSON. */
final class ConsoleClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final int port;

    ConsoleClient(int port) {
        this.port = port;
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET();
        if (headers.length > 0) request.headers(headers);
        return send(request.build());
    }

    HttpResponse<String> getAs(String user, String password, String path) {
        return get(path, "Authorization", basic(user, password));
    }

    /** A Jolokia request posted as JSON, e.g. {"type":"exec","mbean":...,"operation":"syncNow()"}. */
    JsonNode jolokia(String user, String password, Map<String, Object> request) {
        try {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/jolokia"))
                    .header("Authorization", basic(user, password)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build());
            if (response.statusCode() != 200) throw new AssertionError("Jolokia answered HTTP " + response.statusCode());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
