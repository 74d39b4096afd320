package org.certsync.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** The published_state rows of a CertSync's state database, read as a test reads them: with plain JDBC. */
public final class PublishedRows {

    private PublishedRows() {
    }

    /** Recipient to its recorded userCertificate fingerprints (comma-separated, sorted). */
    public static Map<String, String> read(String url, String user, String password) throws Exception {
        Map<String, String> state = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(url, user, password);
             ResultSet rows = connection.createStatement().executeQuery("SELECT recipient, user_certificate FROM published_state")) {
            while (rows.next()) state.put(rows.getString(1), rows.getString(2));
        }
        return state;
    }

    /**
     * After a kill, only the calls that were in flight were repeated: written by the tenant but not yet recorded by
     * the killed run, at most {@code inFlight} of them (max-concurrency requests of batch-size cmdlets), each twice at most.
     */
    public static void assertOnlyCallsInFlightRepeated(List<JsonNode> callsAtKill, Map<String, String> recordedAtKill,
                                                       List<JsonNode> allCalls, int inFlight) {
        Map<String, Integer> writes = new HashMap<>();
        for (JsonNode call : allCalls) writes.merge(call.path("identity").asText(), 1, Integer::sum);
        List<String> repeated = writes.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        List<String> writtenNotRecorded = callsAtKill.stream().map(call -> call.path("identity").asText())
                .filter(identity -> !recordedAtKill.containsKey(identity)).toList();
        assertThat(writtenNotRecorded).containsAll(repeated);
        assertThat(repeated).hasSizeLessThanOrEqualTo(inFlight);
        assertThat(writes.values()).allMatch(count -> count <= 2);
    }

    /** The tenant holds exactly what the state recorded: the same recipients, each with the same certificates. */
    public static void assertTenantHolds(JsonNode recipients, Map<String, String> published) {
        assertThat(recipients.size()).isEqualTo(published.size());
        for (JsonNode recipient : recipients) {
            String identity = recipient.path("identity").asText();
            assertThat(published).as("state of %s", identity).containsKey(identity);
            List<String> certificates = new ArrayList<>();
            recipient.path("userCertificate").forEach(value -> certificates.add(value.asText()));
            certificates.sort(null);
            assertThat(String.join(",", certificates)).as("userCertificate of %s", identity).isEqualTo(published.get(identity));
        }
    }
}
