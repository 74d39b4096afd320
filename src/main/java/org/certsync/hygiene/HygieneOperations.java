package org.certsync.hygiene;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.unboundid.ldap.sdk.DN;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.certsync.FailureMessages;
import org.certsync.state.ClearApprovals;

/**
 * What the console does about directory hygiene (the CertSync MBean's hygiene operations): start a run, approve what a
 * run held back, put removed values back. Each answers one line (or one per entry) for the operator.
 */
public class HygieneOperations {

    static final String NOTHING_HELD = "nothing is held back: no hygiene run exceeded certsync.hygiene.max-users-per-run"
            + " or max-values-per-run since removals last went through";

    private final HygieneSettings settings;
    private final HygieneRuns runs;
    private final ClearApprovals approvals;
    private final HygieneRemovals removals;
    private final DirectoryCleanup cleanup;
    private final ProducerTemplate producer;
    private final Duration wait;

    public HygieneOperations(HygieneSettings settings, HygieneRuns runs, ClearApprovals approvals, HygieneRemovals removals,
                             DirectoryCleanup cleanup, ProducerTemplate producer, Duration wait) {
        this.settings = settings;
        this.runs = runs;
        this.approvals = approvals;
        this.removals = removals;
        this.cleanup = cleanup;
        this.producer = producer;
        this.wait = wait;
    }

    /** Runs hygiene now (a dry run when asked, or while certsync.hygiene.apply=false); answers its summary. */
    public String run(String trigger, boolean dryRun) {
        if (!settings.enabled()) return "not started: directory hygiene is off (certsync.hygiene.enabled=false)";
        if (runs.isRunning()) return "not started: a hygiene run is in progress";
        CompletableFuture<Exchange> done = producer.asyncSend("direct:hygiene-run", exchange -> {
            exchange.setProperty(HygieneRuns.TRIGGER, trigger);
            exchange.getMessage().setHeader(HygieneRuns.DRY_RUN, dryRun);
        });
        try {
            Exchange ended = done.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            HygieneReport report = ended.getMessage().getBody(HygieneReport.class);
            if (report != null) return report.summary();
            String notStarted = ended.getProperty(HygieneRuns.NOT_STARTED, String.class);
            return notStarted != null ? "not started: " + notStarted : "the hygiene run left no report: see the log";
        } catch (TimeoutException e) {
            return "started; still running after " + wait + ": " + settings.reportFile() + " and the log say how it ends";
        } catch (ExecutionException e) {
            return "the hygiene run could not start: " + FailureMessages.describe(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while waiting; the hygiene run goes on: the log says how it ends";
        }
    }

    public String approve(String operator) {
        if (approvals.held().isEmpty()) return "refused: " + NOTHING_HELD;
        ClearApprovals.Approval approval = approvals.approve(operator);
        return "approved by " + operator + ": the next hygiene run removes, of the " + approval.recipients().size()
                + " values run " + approval.runId() + " held back, those it still finds, from users whose every planned"
                + " removal is among them; the approval lets nothing else through (other removals go only when they"
                + " alone are within the threshold); it expires at " + approval.expiresAt();
    }

    public String pending() {
        return approvals.describeHeld("values").orElse(NOTHING_HELD);
    }

    /**
     * Puts back the values hygiene removed from a user: by its objectGUID / entryUUID, or by a DN, which means the
     * user whose entry is at that DN now (its current id), never another user who once had that DN.
     */
    public String restoreUser(String user, String operator) {
        if (user == null || user.isBlank()) return "no user given (objectGUID, entryUUID or DN): nothing restored";
        List<HygieneRemovals.Row> rows = removals.removedFromUser(user.strip());
        if (!rows.isEmpty() || !DN.isValidDN(user.strip())) return cleanup.restore(rows, operator);
        return cleanup.restoreAt(user.strip(), operator);
    }

    /** Puts back every value a hygiene run removed. */
    public String restoreRun(String runId, String operator) {
        if (runId == null || runId.isBlank()) return "no run id given: nothing restored";
        return cleanup.restore(removals.removedByRun(runId.strip()), operator);
    }
}
