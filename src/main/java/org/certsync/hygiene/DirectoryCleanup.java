package org.certsync.hygiene;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.unboundid.ldap.sdk.LDAPException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes a user's planned values from the directory, recorded whole beforehand, and puts removed values back on an
 * operator's request. Right before each write the entry is read again on the same connection: only the planned values
 * still there are recorded and deleted, and a restore goes only to the object the values were removed from. A write
 * the directory refuses (rights, constraints) is one line naming the user and the LDAP result; a write whose answer
 * never came (timeout, connection lost) may have been applied, so its values stay recorded for a restore. The run goes
 * on with the next user.
 */
public class DirectoryCleanup {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryCleanup.class);

    private final HygieneWriter writer;
    private final HygieneRemovals removals;

    public DirectoryCleanup(HygieneWriter writer, HygieneRemovals removals) {
        this.writer = writer;
        this.removals = removals;
    }

    /** One user's removals, in one modify, of the planned values the entry still holds. */
    public void remove(HygienePlan plan, Exchange exchange) {
        HygieneRun run = HygieneRun.of(exchange);
        Set<String> attributes = plan.removals().stream().map(HygienePlan.Removal::attribute)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        try (HygieneWriter.Session session = writer.open()) {
            Optional<HygieneWriter.CurrentEntry> current = session.read(plan.dn(), attributes);
            if (current.isEmpty() || !current.get().userId().equals(plan.userId())) {
                String cause = "nothing removed: " + (current.isEmpty() ? "the entry is gone since the read"
                        : "the entry at this DN is another object since the read (id " + current.get().userId() + ")");
                run.outcome(plan, HygieneRun.Outcome.ALREADY_GONE, cause, 0);
                LOG.warn("Hygiene left {} alone: {}", plan.dn(), cause);
                return;
            }
            List<HygienePlan.Removal> present = plan.removals().stream()
                    .filter(r -> current.get().holds(r.attribute(), r.value())).toList();
            String gone = plan.removals().stream().filter(r -> !present.contains(r)).map(HygienePlan.Removal::describe)
                    .collect(Collectors.joining(", "));
            String goneCause = gone.isEmpty() ? null : "already gone (removed by someone else since the read; not"
                    + " recorded, never restored by hygiene): " + gone;
            if (present.isEmpty()) {
                run.outcome(plan, HygieneRun.Outcome.ALREADY_GONE, goneCause, 0);
                LOG.info("Hygiene found nothing left to remove from {}: {}", plan.dn(), goneCause);
                return;
            }
            List<Long> recorded = removals.record(run.runId(), plan.only(present));
            try {
                session.delete(plan.dn(), byAttribute(present, HygienePlan.Removal::attribute, HygienePlan.Removal::value));
            } catch (LDAPException e) {
                failed(plan, present, recorded, e, run);
                return;
            }
            run.outcome(plan, HygieneRun.Outcome.REMOVED, goneCause, present.size());
            LOG.info("Hygiene removed from {}: {}{}", plan.dn(), present.stream()
                    .map(r -> r.describe() + " (" + r.reason() + ")").collect(Collectors.joining(", ")),
                    goneCause == null ? "" : "; " + goneCause);
        } catch (LDAPException e) {
            // bind or read before the write: nothing was written, nothing recorded
            String cause = "could not bind or read the entry before the modify: " + e.getResultCode() + describe(e);
            run.outcome(plan, HygieneRun.Outcome.REFUSED, cause, 0);
            LOG.warn("Hygiene could not remove {} values from {}: {}", plan.removals().size(), plan.dn(), cause);
        }
    }

    /**
     * The modify failed. A result the directory answered is a refusal: nothing was removed, the rows go. A result the
     * client made up (timeout, connection lost after sending) leaves open whether the directory applied the delete:
     * the rows stay, so that a restore can put the values back.
     */
    private void failed(HygienePlan plan, List<HygienePlan.Removal> present, List<Long> recorded, LDAPException e,
                        HygieneRun run) {
        if (e.getResultCode().isClientSideResultCode()) {
            String cause = "uncertain: " + e.getResultCode() + describe(e) + " after the modify was sent; the directory"
                    + " may have applied the delete; the " + present.size() + " values are kept for restore"
                    + " (restoreHygieneUser " + plan.userId() + ")";
            run.outcome(plan, HygieneRun.Outcome.UNCERTAIN, cause, 0);
            LOG.warn("Hygiene removal from {} {}", plan.dn(), cause);
            return;
        }
        removals.forget(recorded);
        String cause = "the directory refused the modify: " + e.getResultCode() + describe(e);
        run.outcome(plan, HygieneRun.Outcome.REFUSED, cause, 0);
        LOG.warn("Hygiene could not remove {} values from {}: {}", present.size(), plan.dn(), cause);
    }

    /**
     * Puts back the values removed from the user whose entry is now at this DN: only the rows of that entry's current
     * id, so that a user who once had the DN before gives nothing to this one.
     */
    public String restoreAt(String dn, String operator) {
        Optional<HygieneWriter.CurrentEntry> current;
        try (HygieneWriter.Session session = writer.open()) {
            current = session.read(dn, List.of());
        } catch (LDAPException e) {
            return "nothing restored: the entry " + dn + " could not be read: " + e.getResultCode() + describe(e);
        }
        if (current.isEmpty()) {
            return "nothing restored: no entry at " + dn + " now" + others(removals.removedAt(dn), null)
                    + "; restore by the user id (objectGUID or entryUUID) once its entry is found";
        }
        String userId = current.get().userId();
        List<HygieneRemovals.Row> rows = removals.removedFromUser(userId).stream().map(row -> row.at(dn)).toList();
        return restore(rows, operator) + "\nonly values removed from user " + userId + " (the entry now at " + dn
                + ") were considered" + others(removals.removedAt(dn), userId);
    }

    private static String others(List<HygieneRemovals.Row> atDn, String userId) {
        Set<String> others = atDn.stream().map(HygieneRemovals.Row::userId).filter(id -> !id.equals(userId))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        long values = atDn.stream().filter(row -> others.contains(row.userId())).count();
        return others.isEmpty() ? "" : "; " + values + " values removed from another user once at this DN ("
                + String.join(", ", others) + ") are not restored here";
    }

    /** Adds the rows' values back, one modify per entry and user; answers one line per entry. */
    public String restore(List<HygieneRemovals.Row> rows, String operator) {
        if (rows.isEmpty()) return "nothing to restore: no removed value that is not restored yet";
        Map<List<String>, List<HygieneRemovals.Row>> byEntry = rows.stream().collect(Collectors.groupingBy(
                row -> List.of(row.dn(), row.userId()), LinkedHashMap::new, Collectors.toList()));
        StringBuilder answer = new StringBuilder();
        byEntry.forEach((key, entryRows) -> answer.append(restoreEntry(key.get(0), key.get(1), entryRows, operator)).append('\n'));
        return answer.toString().strip();
    }

    private String restoreEntry(String dn, String userId, List<HygieneRemovals.Row> rows, String operator) {
        String fingerprints = rows.stream().map(row -> row.attribute() + " " + row.fingerprint()).collect(Collectors.joining(", "));
        try (HygieneWriter.Session session = writer.open()) {
            Optional<HygieneWriter.CurrentEntry> current = session.read(dn, List.of());
            String refusal = current.isEmpty() ? "no entry at this DN any more"
                    : !current.get().userId().equals(userId) ? "the entry at this DN is another object now (id "
                    + current.get().userId() + "), not the user " + userId + " the values were removed from" : null;
            if (refusal != null) {
                LOG.warn("Hygiene did not restore {} values of user {} to {}: {}", rows.size(), userId, dn, refusal);
                return dn + ": not restored, " + refusal + "; the values stay recorded";
            }
            session.add(dn, byAttribute(rows, HygieneRemovals.Row::attribute, HygieneRemovals.Row::value));
            removals.restored(rows, operator);
            LOG.info("Hygiene restored to {} by {}: {}", dn, operator, fingerprints);
            return dn + ": restored " + rows.size() + " values (" + fingerprints + "); hygiene keeps them from now on";
        } catch (LDAPException e) {
            String cause = "the directory refused the modify: " + e.getResultCode() + describe(e);
            LOG.warn("Hygiene could not restore {} values to {}: {}", rows.size(), dn, cause);
            return dn + ": not restored, " + cause;
        }
    }

    private static <T> Map<String, List<byte[]>> byAttribute(List<T> values, java.util.function.Function<T, String> attribute,
                                                            java.util.function.Function<T, byte[]> value) {
        Map<String, List<byte[]>> byAttribute = new LinkedHashMap<>();
        values.forEach(v -> byAttribute.computeIfAbsent(attribute.apply(v), a -> new ArrayList<>()).add(value.apply(v)));
        return byAttribute;
    }

    private static String describe(LDAPException e) {
        String message = e.getDiagnosticMessage() != null ? e.getDiagnosticMessage() : e.getExceptionMessage();
        return message == null || message.isBlank() ? "" : " (" + message.strip() + ")";
    }
}
