package org.certsync.ops;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import java.lang.reflect.Method;
import java.util.Arrays;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.StandardMBean;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.certsync.exchangeonline.IssuingCaUploads;
import org.certsync.hygiene.HygieneOperations;
import org.certsync.state.ClearApprovals;
import org.certsync.state.DeadLetters;
import org.certsync.state.DeltaCursor;
import org.certsync.state.Publication;
import org.certsync.state.PublishedState;
import org.certsync.state.SynchronizedRecipients;
import org.certsync.FailureMessages;
import org.certsync.sync.ReadPlanner;
import org.certsync.cluster.RunLock;
import org.certsync.sync.RunReport;
import org.certsync.sync.RunStatus;
import org.certsync.sync.SyncRuns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jmx.export.naming.SelfNaming;

/**
 * The CertSync MBean ({@value #OBJECT_NAME}) in Hawtio's JMX tree: the last run's summary as attributes, and the
 * console's operations. Every operation is one method that goes through {@link ConsoleAudit}; Spring exports it.
 */
public class SyncControl extends StandardMBean implements SyncControlMBean, SelfNaming {

    public static final String OBJECT_NAME = "org.certsync:type=Sync,name=certsync";
    static final String NOTHING_HELD = "nothing is held back: no run exceeded the deletion threshold since clears last went through";
    private static final Logger LOG = LoggerFactory.getLogger(SyncControl.class);

    private final SyncRuns runs;
    private final RunLock lock;
    private final LastRuns lastRuns;
    private final PublishedState state;
    private final DeadLetters deadLetters;
    private final SynchronizedRecipients synchronizedRecipients;
    private final ClearApprovals approvals;
    private final DeltaCursor cursor;
    private final ProducerTemplate producer;
    private final HygieneOperations hygiene;
    private final ConsoleAudit audit;
    private final Duration syncNowWait;
    private final MBeanServer server;
    private ObjectName objectName;

    public SyncControl(SyncRuns runs, RunLock lock, LastRuns lastRuns, PublishedState state, DeadLetters deadLetters,
                       SynchronizedRecipients synchronizedRecipients, ClearApprovals approvals, DeltaCursor cursor,
                       ProducerTemplate producer, HygieneOperations hygiene, ConsoleAudit audit, Duration syncNowWait,
                       MBeanServer server) {
        super(SyncControlMBean.class, false);
        this.runs = runs;
        this.lock = lock;
        this.lastRuns = lastRuns;
        this.state = state;
        this.deadLetters = deadLetters;
        this.synchronizedRecipients = synchronizedRecipients;
        this.approvals = approvals;
        this.cursor = cursor;
        this.producer = producer;
        this.hygiene = hygiene;
        this.audit = audit;
        this.syncNowWait = syncNowWait;
        this.server = server;
    }

    @Override
    public String syncNow() {
        return audit.run("syncNow", "", user -> runNow("console:" + user, false, false));
    }

    @Override
    public String dryRunNow() {
        return audit.run("dryRunNow", "", user -> runNow("console:" + user, true, false));
    }

    @Override
    public String fullSyncNow() {
        return audit.run("fullSyncNow", "", user -> runNow("console:" + user, false, true));
    }

    @Override
    public String uploadIssuingCasNow() {
        return audit.run("uploadIssuingCasNow", "", user -> uploadIssuingCas("console:" + user, false));
    }

    @Override
    public String dryRunIssuingCasNow() {
        return audit.run("dryRunIssuingCasNow", "", user -> uploadIssuingCas("console:" + user, true));
    }

    @Override
    public String approvePendingClears() {
        return audit.run("approvePendingClears", "", user -> {
            if (approvals.held().isEmpty()) return "refused: " + NOTHING_HELD;
            ClearApprovals.Approval approval = approvals.approve("console:" + user);
            return "approved by console:" + user + ": the next run clears, of the " + approval.recipients().size()
                    + " recipients run " + approval.runId() + " held back, those still gone (" + ClearApprovals.first(approval.recipients())
                    + "); nothing else; the approval expires at " + approval.expiresAt();
        });
    }

    @Override
    public String getPendingClears() {
        return approvals.describeHeld("clears").orElse(NOTHING_HELD);
    }

    @Override
    public String hygieneNow() {
        return audit.run("hygieneNow", "", user -> hygiene.run("console:" + user, false));
    }

    @Override
    public String dryRunHygieneNow() {
        return audit.run("dryRunHygieneNow", "", user -> hygiene.run("console:" + user, true));
    }

    @Override
    public String approveHygiene() {
        return audit.run("approveHygiene", "", user -> hygiene.approve("console:" + user));
    }

    @Override
    public String getPendingHygiene() {
        return hygiene.pending();
    }

    @Override
    public String restoreHygieneUser(String userIdOrDn) {
        return audit.run("restoreHygieneUser", userIdOrDn, user -> hygiene.restoreUser(userIdOrDn, "console:" + user));
    }

    @Override
    public String restoreHygieneRun(String runId) {
        return audit.run("restoreHygieneRun", runId, user -> hygiene.restoreRun(runId, "console:" + user));
    }

    @Override
    public String resyncUser(String mail) {
        return onRecipient("resyncUser", mail, (user, recipient) -> {
            Optional<PublishedState.Entry> entry = state.find(recipient);
            if (entry.isEmpty()) {
                return recipient + ": nothing is recorded as published; the next full read publishes it if it has"
                        + " certificates to carry";
            }
            // a delta run reads only changed entries: ask for this one too
            cursor.revisit(entry.get().userId(), "resync requested by console:" + user);
            state.forget(recipient);
            return recipient + ": published state forgotten; the next run reads the user again and publishes its certificates";
        });
    }

    /** An audited operation on the recipient of a mail address: the action gets the console user and the recipient. */
    private String onRecipient(String operation, String mail, java.util.function.BinaryOperator<String> action) {
        return audit.run(operation, mail, user -> {
            String recipient = Publication.recipient(mail);
            if (recipient == null || recipient.isEmpty()) return "no mail address given: nothing changed";
            return action.apply(user, recipient);
        });
    }

    @Override
    public String deadLetters() {
        return audit.run("deadLetters", "", user -> {
            List<DeadLetters.DeadLetter> letters = deadLetters.list();
            if (letters.isEmpty()) return "no dead letters";
            return letters.stream().map(letter -> "%s: %s, %d failed runs since %s: %s".formatted(letter.recipient(),
                    letter.kind(), letter.attempts(), letter.firstSeen(), letter.reason()))
                    .collect(Collectors.joining("\n"));
        });
    }

    @Override
    public String recipientPath(String mail) {
        return onRecipient("recipientPath", mail, (user, recipient) -> {
            Optional<SynchronizedRecipients.Synchronized> found = synchronizedRecipients.find(recipient);
            if (found.isPresent()) return recipient + ": " + directoryPath(found.get());
            return recipient + ": exchange-online: CertSync writes its certificates to Exchange Online; " + state.find(recipient)
                    .map(entry -> "last published at " + entry.publishedAt() + " by run " + entry.runId() + ", userCertificate "
                            + entry.userCertificate() + ", userSMIMECertificate " + entry.userSmimeCertificate())
                    .orElse("nothing published to it yet");
        });
    }

    @Override
    public String synchronizedRecipients() {
        return audit.run("synchronizedRecipients", "", user -> {
            List<SynchronizedRecipients.Synchronized> all = synchronizedRecipients.list();
            if (all.isEmpty()) return "no recipient is known to be synchronized from on-premises: all take the Exchange Online path";
            return all.size() + " on the directory path:\n" + all.stream()
                    .map(found -> found.recipient() + ": " + directoryPath(found)).collect(Collectors.joining("\n"));
        });
    }

    private static String directoryPath(SynchronizedRecipients.Synchronized found) {
        return "directory: synchronized from on-premises AD by Entra Connect ("
                + (SynchronizedRecipients.REFUSED.equals(found.source())
                ? "Exchange Online refused a write to it, first at " + found.detectedAt() + ", last at " + found.checkedAt()
                : "its entry is in one of certsync.hybrid.synchronized-units, since " + found.detectedAt())
                + "); its certificates are kept clean in the directory, not written to Exchange Online";
    }

    @Override
    public boolean isRunning() {
        return runs.isRunning();
    }

    @Override
    public String getNode() {
        return lock.node();
    }

    @Override
    public boolean isHoldingRunLock() {
        return lock.holdsLock();
    }

    @Override
    public String getRunningOn() {
        return Objects.requireNonNullElse(lock.view().holder(), "");
    }

    @Override
    public String getLastRunNode() {
        return last(RunReport::node);
    }

    @Override
    public String getSummary() {
        return last(RunReport::summary);
    }

    @Override
    public String getRunId() {
        return last(RunReport::runId);
    }

    @Override
    public String getStatus() {
        return last(report -> report.status().name());
    }

    @Override
    public String getTrigger() {
        return last(RunReport::trigger);
    }

    @Override
    public String getStartedAt() {
        return last(report -> report.startedAt().toString());
    }

    @Override
    public Long getDurationMillis() {
        return last(RunReport::durationMillis);
    }

    @Override
    public String getMode() {
        return last(report -> report.mode() == null ? null
                : report.mode() + (report.fullReadReason() == null ? "" : ": " + report.fullReadReason()));
    }

    @Override
    public Integer getUsersScanned() {
        return last(RunReport::usersScanned);
    }

    @Override
    public Integer getPublished() {
        return last(RunReport::published);
    }

    @Override
    public Integer getUnchanged() {
        return last(RunReport::unchanged);
    }

    @Override
    public Integer getFailed() {
        return last(RunReport::failed);
    }

    @Override
    public Integer getSkipped() {
        return last(RunReport::skipped);
    }

    @Override
    public Integer getCertificatesAccepted() {
        return last(RunReport::certificatesAccepted);
    }

    @Override
    public Map<String, Integer> getCertificatesRejected() {
        return last(RunReport::certificatesRejected);
    }

    @Override
    public Integer getThrottled() {
        return last(RunReport::throttled);
    }

    @Override
    public Integer getRetries() {
        return last(RunReport::retries);
    }

    @Override
    public Integer getDeadLetterCount() {
        return last(RunReport::deadLetters);
    }

    @Override
    public List<String> getAuditTrail() {
        return audit.entries().stream().map(ConsoleAudit.Entry::toString).toList();
    }

    /** {@value #OBJECT_NAME}, or with a number when another CertSync in this JVM (a test) holds the name. */
    @Override
    public synchronized ObjectName getObjectName() throws MalformedObjectNameException {
        if (objectName == null) {
            ObjectName name = new ObjectName(OBJECT_NAME);
            for (int i = 2; server.isRegistered(name); i++) name = new ObjectName(OBJECT_NAME + "-" + i);
            if (!name.toString().equals(OBJECT_NAME)) LOG.info("{} is taken in this JVM: CertSync is {}", OBJECT_NAME, name);
            objectName = name;
        }
        return objectName;
    }

    @Override
    protected String getDescription(MBeanOperationInfo operation) {
        return describe(method(operation.getName(), operation.getSignature().length), operation.getDescription());
    }

    @Override
    protected String getDescription(MBeanAttributeInfo attribute) {
        Method getter = method((attribute.isIs() ? "is" : "get") + attribute.getName(), 0);
        return describe(getter, attribute.getDescription());
    }

    /** The Java parameter name (the build compiles with -parameters) instead of p1, p2, ... */
    @Override
    protected String getParameterName(MBeanOperationInfo operation, MBeanParameterInfo parameter, int sequence) {
        Method method = method(operation.getName(), operation.getSignature().length);
        return method == null ? parameter.getName() : method.getParameters()[sequence].getName();
    }

    private static Method method(String name, int parameters) {
        return Arrays.stream(SyncControlMBean.class.getMethods())
                .filter(m -> m.getName().equals(name) && m.getParameterCount() == parameters).findFirst().orElse(null);
    }

    private static String describe(Method method, String fallback) {
        Description description = method == null ? null : method.getAnnotation(Description.class);
        return description == null ? fallback : description.value();
    }

    /** The upload's one line (exchange-online-issuing-cas ends with it), or "still running" after the wait. */
    private String uploadIssuingCas(String trigger, boolean dryRun) {
        CompletableFuture<Exchange> done = producer.asyncSend("direct:exchange-online-issuing-cas", exchange -> {
            exchange.setProperty(IssuingCaUploads.TRIGGER, trigger);
            exchange.getMessage().setHeader(IssuingCaUploads.DRY_RUN, dryRun);
        });
        try {
            Exchange upload = done.get(syncNowWait.toMillis(), TimeUnit.MILLISECONDS);
            return upload.getException() != null ? "failed: " + FailureMessages.describe(upload.getException())
                    : upload.getMessage().getBody(String.class);
        } catch (TimeoutException e) {
            return "started; still running after " + syncNowWait + " (Exchange Online may be throttling): the log says"
                    + " how it ends";
        } catch (ExecutionException e) {
            return "the upload could not start: " + FailureMessages.describe(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while waiting; the upload goes on: the log says how it ends";
        }
    }

    private String runNow(String trigger, boolean dryRun, boolean fullRead) {
        if (runs.isRunning()) return "not started: a sync run is in progress";
        RunLock.ClusterView cluster = lock.view();
        if (cluster.holder() != null) return "not started: " + cluster.describeHolder();
        CompletableFuture<Exchange> done = producer.asyncSend("direct:sync-run", exchange -> {
            exchange.setProperty(SyncRuns.TRIGGER, trigger);
            exchange.getMessage().setHeader(SyncRuns.DRY_RUN, dryRun);
            exchange.getMessage().setHeader(ReadPlanner.FULL_READ, fullRead);
        });
        try {
            // the run's report, or the skipped trigger's when another node began a run in between
            RunReport report = done.get(syncNowWait.toMillis(), TimeUnit.MILLISECONDS).getMessage().getBody(RunReport.class);
            if (report == null) return "the run left no report: see the log";
            return report.status() == RunStatus.SKIPPED ? "not started: " + report.message() : report.summary();
        } catch (TimeoutException e) {
            return "started; still running after " + syncNowWait + ": the Summary attribute shows it when it ends";
        } catch (ExecutionException e) {
            return "the run could not start: " + FailureMessages.describe(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while waiting; the run goes on: the Summary attribute shows it when it ends";
        }
    }

    private <T> T last(Function<RunReport, T> value) {
        Optional<RunReport> report = lastRuns.latest();
        return report.map(value).orElse(null);
    }
}
