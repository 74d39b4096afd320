package org.certsync.sync;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.apache.camel.Exchange;
import org.certsync.certificate.Fingerprints;
import org.certsync.certificate.PolicySettings;
import org.certsync.directory.ChangeTracking;
import org.certsync.directory.DeletedEntries;
import org.certsync.directory.ChangeMark;
import org.certsync.directory.ChangeMarks;
import org.certsync.directory.UserPages;
import org.certsync.directory.DirectoryUnavailableException;
import org.certsync.directory.LdapSettings;
import org.certsync.state.DeadLetters;
import org.certsync.state.DeltaCursor;
import org.certsync.state.PublishedState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a run reads the whole directory or only what changed, and moves the cursor on when a run completes.
 * A delta is trusted only when it continues the last complete read on the same domain controller, over the same
 * scope and policy, within {@code certsync.delta.full-max-age} of a full read; anything else reads everything.
 */
public class ReadPlanner {

    /** Header (or exchange property) that makes a run a full read: the full-reconcile schedule, the console. */
    public static final String FULL_READ = "certsyncFullRead";
    private static final Logger LOG = LoggerFactory.getLogger(ReadPlanner.class);

    private final ChangeMarks positions;
    private final DeletedEntries deletions;
    private final DeltaCursor cursor;
    private final PublishedState state;
    private final DeadLetters deadLetters;
    private final DeltaSettings settings;
    private final String userFilter;
    private final LdapSettings ldap;
    private final String scopeHash;
    private final Clock clock;

    public ReadPlanner(ChangeMarks positions, DeletedEntries deletions, DeltaCursor cursor, PublishedState state, DeadLetters deadLetters,
                       DeltaSettings settings, LdapSettings ldap, String directoryUrl,
                       PolicySettings policy, Clock clock) {
        this.positions = positions;
        this.deletions = deletions;
        this.cursor = cursor;
        this.state = state;
        this.deadLetters = deadLetters;
        this.settings = settings;
        this.userFilter = parenthesized(ldap.userFilter());
        this.ldap = ldap;
        this.scopeHash = Fingerprints.sha256(String.join("\n", directoryUrl, ldap.baseDn(), ldap.userFilter(),
                String.valueOf(policy)).getBytes(StandardCharsets.UTF_8));
        this.clock = clock;
    }

    /** Plans the run's read (kept by the {@link Run}) and answers its LDAP filter. */
    public String plan(Exchange exchange) {
        Instant started = clock.instant();
        ChangeMark now = positions.now(settings.tracking());
        Optional<DeltaCursor.Position> stored = cursor.load();
        List<String> revisits = stored.isPresent() ? cursor.revisits() : List.of();
        String fullRead = fullReadReason(exchange, stored, now);
        Set<String> delta = new LinkedHashSet<>();
        if (fullRead == null) {
            delta.addAll(revisits);
            delta.addAll(deadLetters.userIds());
            delta.addAll(state.userIdsExpiredBy(started));
            fullRead = revisitProblem(delta, now.tracking());
        }
        ReadPlan plan;
        if (fullRead != null) {
            plan = new ReadPlan(true, fullRead, userFilter,
                    new DeltaCursor.Position(scopeHash, now, started, null), revisits, List.of());
        } else {
            DeltaCursor.Position last = stored.orElseThrow();
            StringBuilder changed = new StringBuilder("(&").append(userFilter).append("(|")
                    .append(now.tracking().changedSince(last.directory().mark(), settings.timestampMargin()));
            delta.forEach(id -> changed.append(now.tracking().entryWithId(id)));
            List<String> deleted = deletedSince(last.directory());
            plan = new ReadPlan(false, null, changed.append("))").toString(),
                    new DeltaCursor.Position(scopeHash, now, last.lastFullReadAt(), null), revisits, deleted);
            LOG.info("Delta read: entries changed since {} {} on {}, {} users read again, {} objects deleted",
                    now.tracking(), last.directory().mark(), now.server(), delta.size(), deleted.size());
        }
        if (plan.full()) LOG.info("Full read: {}", plan.reason());
        Run.of(exchange).planned(plan);
        return plan.filter();
    }

    /**
     * After the run's read completed and its users were handled: the next delta continues from where this read
     * began. Not after a dry run (nothing was written) nor a failed run (this step is not reached).
     */
    public void advance(Exchange exchange) {
        Run run = Run.of(exchange);
        ReadPlan plan = run.plan();
        UserPages<?> read = exchange.getProperty(UserPages.PROPERTY, UserPages.class);
        if (plan == null || read == null || !read.complete() || run.dryRun()) return;
        DeltaCursor.Position next = plan.next();
        if (run.clearsHeldBack()) {
            // the approval applies to the clears a full read finds again; a delta would not see the leavers
            next = new DeltaCursor.Position(next.scopeHash(), next.directory(), next.lastFullReadAt(),
                    "the last run held clears back for approval (deletion threshold)");
        }
        cursor.advance(next, plan.revisits(), run.revisits());
    }

    /**
     * After the last page: a full read that found nobody fails the run, so that nothing is cleared (a wrong base DN
     * or filter reads as an empty directory); an empty delta means nothing changed.
     */
    public void readEnded(UserPages<?> read, Exchange exchange) {
        if (Run.of(exchange).fullRead() && read.usersRead() == 0) {
            throw new EmptyDirectoryReadException(ldap.baseDn(), ldap.userFilter());
        }
    }

    /** AD's deleted objects since the last read, when allowed; an unreadable container leaves them to the reconcile. */
    private List<String> deletedSince(ChangeMark last) {
        if (last.tracking() != ChangeTracking.USN || !settings.deletedObjects()) return List.of();
        try {
            return deletions.deletedAfter(last.mark());
        } catch (DirectoryUnavailableException e) {
            LOG.warn("{}; users deleted since the last read are cleared by the next full reconcile", e.getMessage());
            return List.of();
        }
    }

    /** A trigger was skipped because a run was in progress; if it asked for a full read, the next run does one. */
    public void fullReadSkipped(Exchange exchange) {
        if (!fullReadRequested(exchange)) return;
        String reason = "the " + Run.trigger(exchange) + " full read at " + clock.instant()
                + " was skipped while another run was in progress";
        cursor.requireFullRead(reason);
        LOG.warn("{}: the next run reads everything", reason);
    }

    private static boolean fullReadRequested(Exchange exchange) {
        return exchange.getProperty(FULL_READ, exchange.getMessage().getHeader(FULL_READ, false, Boolean.class), Boolean.class);
    }

    private String fullReadReason(Exchange exchange, Optional<DeltaCursor.Position> stored, ChangeMark now) {
        if (!settings.enabled()) return "delta sync is off (certsync.delta.enabled=false)";
        if (fullReadRequested(exchange)) return "full read requested by " + Run.trigger(exchange);
        if (stored.isEmpty()) return "no earlier complete read to continue from";
        DeltaCursor.Position last = stored.get();
        if (!last.scopeHash().equals(scopeHash)) {
            return "the directory (certsync.ldap.url, base-dn, user-filter) or the policy (certsync.policy.*) changed"
                    + " since the last read";
        }
        if (last.fullReadRequired() != null) return last.fullReadRequired();
        if (last.directory().tracking() != now.tracking()) {
            return "change tracking changed from " + last.directory().tracking() + " to " + now.tracking();
        }
        if (now.tracking() == ChangeTracking.USN) {
            if (!Objects.equals(last.directory().serverId(), now.serverId())) {
                return "the domain controller's invocationId changed (" + last.directory().serverId() + " on "
                        + last.directory().server() + ", now " + now.serverId() + " on " + now.server()
                        + "): another domain controller or a restore, whose USNs do not continue the last read's";
            }
            if (Long.parseLong(now.mark()) < Long.parseLong(last.directory().mark())) {
                return "highestCommittedUSN went back from " + last.directory().mark() + " to " + now.mark();
            }
        }
        if (state.count() == 0) return "nothing is recorded as published yet";
        Instant due = last.lastFullReadAt().plus(settings.fullMaxAge());
        if (!clock.instant().isBefore(due)) {
            return "the last full read began at " + last.lastFullReadAt() + ", longer ago than certsync.delta.full-max-age="
                    + settings.fullMaxAge();
        }
        return null;
    }

    private String revisitProblem(Set<String> ids, ChangeTracking tracking) {
        List<String> unusable = new ArrayList<>();
        for (String id : ids) if (id == null || tracking.entryWithId(id) == null) unusable.add(id);
        if (!unusable.isEmpty()) {
            return unusable.size() + " users to read again have no objectGUID/entryUUID to find them by (e.g. "
                    + unusable.get(0) + ")";
        }
        if (ids.size() > settings.maxRevisits()) {
            return ids.size() + " unchanged users to read again (dead letters, expired certificates, undecided or failed users) are"
                    + " more than certsync.delta.max-revisits=" + settings.maxRevisits();
        }
        return null;
    }

    /** The filter for the users in scope that carry one address (mail), escaped as RFC 4515 asks. */
    public String addressFilter(String recipient) {
        StringBuilder filter = new StringBuilder("(&").append(userFilter).append("(mail=");
        for (char c : recipient.toCharArray()) {
            if (c == '\\' || c == '*' || c == '(' || c == ')' || c == 0) filter.append(String.format("\\%02x", (int) c));
            else filter.append(c);
        }
        return filter.append("))").toString();
    }

    private static String parenthesized(String filter) {
        String trimmed = filter.trim();
        return trimmed.startsWith("(") ? trimmed : "(" + trimmed + ")";
    }
}
