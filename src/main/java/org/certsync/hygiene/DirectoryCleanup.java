package org.certsync.hygiene;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.unboundid.ldap.sdk.LDAPException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes a user's planned values from the directory, recorded whole beforehand, and puts removed values back on an
 * operator's request. A write the directory refuses (rights, constraints) is one line naming the user and the LDAP
 * result; the run goes on with the next user.
 */
public class DirectoryCleanup {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryCleanup.class);

    private final HygieneWriter writer;
    private final HygieneRemovals removals;

    public DirectoryCleanup(HygieneWriter writer, HygieneRemovals removals) {
        this.writer = writer;
        this.removals = removals;
    }

    /** One user's removals, in one modify. */
    public void remove(HygienePlan plan, Exchange exchange) {
        HygieneRun run = HygieneRun.of(exchange);
        List<Long> recorded = removals.record(run.runId(), plan);
        Map<String, List<byte[]>> values = new LinkedHashMap<>();
        plan.removals().forEach(r -> values.computeIfAbsent(r.attribute(), a -> new ArrayList<>()).add(r.value()));
        try {
            writer.remove(plan.dn(), values);
            run.outcome(plan, HygieneRun.Outcome.REMOVED, null);
            LOG.info("Hygiene removed from {}: {}", plan.dn(), plan.removals().stream()
                    .map(r -> r.attribute() + " " + r.fingerprint() + " (" + r.reason() + ")").collect(Collectors.joining(", ")));
        } catch (LDAPException e) {
            removals.forget(recorded);
            String cause = "the directory refused the modify: " + e.getResultCode() + describe(e);
            run.outcome(plan, HygieneRun.Outcome.REFUSED, cause);
            LOG.warn("Hygiene could not remove {} values from {}: {}", plan.removals().size(), plan.dn(), cause);
        }
    }

    /** Adds the rows' values back, one modify per entry; answers one line per entry. */
    public String restore(List<HygieneRemovals.Row> rows, String operator) {
        if (rows.isEmpty()) return "nothing to restore: no removed value that is not restored yet";
        Map<String, List<HygieneRemovals.Row>> byEntry = rows.stream()
                .collect(Collectors.groupingBy(HygieneRemovals.Row::dn, LinkedHashMap::new, Collectors.toList()));
        StringBuilder answer = new StringBuilder();
        byEntry.forEach((dn, entryRows) -> {
            Map<String, List<byte[]>> values = new LinkedHashMap<>();
            entryRows.forEach(row -> values.computeIfAbsent(row.attribute(), a -> new ArrayList<>()).add(row.value()));
            String fingerprints = entryRows.stream().map(row -> row.attribute() + " " + row.fingerprint())
                    .collect(Collectors.joining(", "));
            try {
                writer.restore(dn, values);
                removals.restored(entryRows, operator);
                LOG.info("Hygiene restored to {} by {}: {}", dn, operator, fingerprints);
                answer.append(dn).append(": restored ").append(entryRows.size()).append(" values (").append(fingerprints)
                        .append("); hygiene keeps them from now on\n");
            } catch (LDAPException e) {
                String cause = "the directory refused the modify: " + e.getResultCode() + describe(e);
                LOG.warn("Hygiene could not restore {} values to {}: {}", entryRows.size(), dn, cause);
                answer.append(dn).append(": not restored, ").append(cause).append('\n');
            }
        });
        return answer.toString().strip();
    }

    private static String describe(LDAPException e) {
        String message = e.getDiagnosticMessage() != null ? e.getDiagnosticMessage() : e.getExceptionMessage();
        return message == null || message.isBlank() ? "" : " (" + message.strip() + ")";
    }
}
