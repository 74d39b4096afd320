package org.certsync.ops;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;

/**
 * The CertSync MBean's interface: getters are the attributes (the last run's summary), the other methods are the
 * operations Hawtio lists. A standard MBean rather than Spring's model MBean, whose getters would crowd the list.
 */
public interface SyncControlMBean {

    /** What Hawtio shows under an attribute or operation. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface Description {
        String value();
    }

    @Description("Runs a sync now and returns its summary (or 'still running' after certsync.console.sync-now-wait)")
    String syncNow();

    @Description("Runs a dry run now: evaluates everything, writes nothing, and returns what would be set or cleared")
    String dryRunNow();

    @Description("Runs a full read now (as the daily reconcile): reads every user in scope, clears those who left it")
    String fullSyncNow();

    @Description("Approves the clears the last run held back for the deletion threshold (see PendingClears first):"
            + " the next run clears those of them still gone, nothing else; refused when nothing is held back; expires"
            + " after certsync.safety.approval-lifetime")
    String approvePendingClears();

    @Description("What an approval would clear now: the run that held clears back, how many, the first recipients,"
            + " and whether it is approved")
    String getPendingClears();

    @Description("Uploads the trust store's CA certificates now as the tenant's trusted S/MIME issuing CAs"
            + " (Set-SmimeConfig), when they changed since the last upload; merged into the tenant's store unless"
            + " certsync.issuing-cas.replace=true. Needs certsync.issuing-cas.enabled=true")
    String uploadIssuingCasNow();

    @Description("Reads the tenant's trusted S/MIME issuing CAs and says what an upload would send; sends and records nothing")
    String dryRunIssuingCasNow();

    @Description("Runs directory hygiene now (certsync.hygiene.*): removes from the directory the certificate values"
            + " the policy rejects for certsync.hygiene.reasons, within its threshold, or only lists them while"
            + " certsync.hygiene.apply=false; returns its summary. Needs certsync.hygiene.enabled=true")
    String hygieneNow();

    @Description("Runs directory hygiene as a dry run: reads, judges and reports what it would remove; changes nothing")
    String dryRunHygieneNow();

    @Description("Approves the removals the last hygiene run held back for its threshold (see PendingHygiene first):"
            + " the next hygiene run removes those; the approval lets nothing else through (other removals go only when"
            + " they alone are within the threshold); refused when nothing is held back")
    String approveHygiene();

    @Description("What an approval of hygiene would let through: the run that held removals back, how many values,"
            + " the first ones (fingerprint and user), and whether it is approved")
    String getPendingHygiene();

    @Description("Puts back every value directory hygiene removed from this user (objectGUID, entryUUID or DN), byte"
            + " for byte (LDAP modify add), only to the same object; a DN means the user whose entry is there now;"
            + " hygiene never removes them again")
    String restoreHygieneUser(String userIdOrDn);

    @Description("Puts back every value this hygiene run removed (its run id, as in the hygiene report)")
    String restoreHygieneRun(String runId);

    @Description("Forgets what was published to the recipient with this mail address, so the next run publishes it again")
    String resyncUser(String mail);

    @Description("The recipients whose publish failed, with the reason; every run retries them")
    String deadLetters();

    @Description("Which path the recipient with this mail address takes: exchange-online (CertSync writes its"
            + " certificates there) or directory (synchronized from on-premises AD: cleaned in the directory, carried by"
            + " Entra Connect), and how that was found")
    String recipientPath(String mail);

    @Description("The recipients known to be synchronized from on-premises AD (directory path), with how each was found")
    String synchronizedRecipients();

    @Description("Whether a sync run is in progress")
    boolean isRunning();

    @Description("This node: certsync.cluster.node-id")
    String getNode();

    @Description("Whether a run of this node holds the run lock (on a cluster: this node is the one running)")
    boolean isHoldingRunLock();

    @Description("The node whose run is in progress now, on any node of the cluster; empty when none runs")
    String getRunningOn();

    @Description("The node that ended the last run, on any node of the cluster (the other attributes describe that run)")
    String getLastRunNode();

    @Description("The last run's summary line")
    String getSummary();

    @Description("Id of the last run")
    String getRunId();

    @Description("How the last run ended: SUCCEEDED, COMPLETED_WITH_ERRORS, THRESHOLD_EXCEEDED or FAILED")
    String getStatus();

    @Description("What started the last run: a schedule route, or console:<user>")
    String getTrigger();

    @Description("When the last run started (ISO-8601, UTC)")
    String getStartedAt();

    @Description("How long the last run took, in milliseconds")
    Long getDurationMillis();

    @Description("Whether the last run read every user (full, with the reason) or only the changed ones (delta)")
    String getMode();

    @Description("Users the last run read from the directory")
    Integer getUsersScanned();

    @Description("Recipients the last run wrote to Exchange Online")
    Integer getPublished();

    @Description("Recipients that already carried exactly the accepted certificates")
    Integer getUnchanged();

    @Description("Recipients whose publish failed in the last run")
    Integer getFailed();

    @Description("Users the last run could not publish by design (no mail address, undecidable policy)")
    Integer getSkipped();

    @Description("Certificate values the last run accepted")
    Integer getCertificatesAccepted();

    @Description("Certificate values the last run rejected, by reason")
    Map<String, Integer> getCertificatesRejected();

    @Description("Answers in the last run that asked CertSync to slow down")
    Integer getThrottled();

    @Description("Calls the last run repeated")
    Integer getRetries();

    @Description("Recipients in the dead-letter store at the end of the last run")
    Integer getDeadLetterCount();

    @Description("The last " + ConsoleAudit.KEPT + " console operations (when, who, what, outcome), newest first")
    List<String> getAuditTrail();
}
