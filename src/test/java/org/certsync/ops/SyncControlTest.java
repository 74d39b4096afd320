package org.certsync.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.certsync.certificate.Fingerprints;
import org.certsync.demo.DemoCertificateAuthority;
import org.certsync.demo.DemoUser;
import org.certsync.demo.DemoUsers;
import org.certsync.demo.EmbeddedDirectory;
import org.certsync.demo.simulator.ExchangeOnlineSimulator;
import org.certsync.demo.simulator.LoggedRequest;
import org.certsync.state.DeadLetters;
import org.certsync.state.PublishedState;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The CertSync MBean's operations, called over JMX as jconsole or Hawtio would. */
class SyncControlTest extends SecuredConsoleSupport {

    private final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();

    @Autowired
    PublishedState state;
    @Autowired
    DeadLetters deadLetters;
    @Autowired
    ExchangeOnlineSimulator simulator;
    @Autowired
    EmbeddedDirectory directory;
    @Autowired
    DemoCertificateAuthority ca;

    @Test
    void resyncUserMakesTheNextRunPublishThatRecipientAgain() throws JMException {
        sync();
        String mail = directory.users().stream().map(DemoUser::mail).filter(m -> state.find(m).isPresent())
                .findFirst().orElseThrow();
        simulator.clearRequests();

        Object answer = invoke("resyncUser", mail.toUpperCase(Locale.ROOT));
        sync();

        assertThat(answer).isEqualTo(mail + ": published state forgotten; the next run reads the user again and publishes its certificates");
        assertThat(setCalls()).containsExactly(mail);
        assertThat(control.getAuditTrail().get(0)).contains(" local-jmx resyncUser(" + mail.toUpperCase(Locale.ROOT) + ")");
    }

    @Test
    void deadLettersListsTheRecipientsWhosePublishFailedWithTheReason() throws JMException {
        String uid = "console-dead-letter";
        String mail = DemoUsers.mail(uid);
        byte[] certificate = ca.issue(ca.leaf(mail));
        directory.addUser(new DemoUser(uid, mail, List.of(), Map.of("userCertificate", List.of(certificate)),
                Set.of(Fingerprints.sha256(certificate)), Set.of(), "refused by Exchange Online"));
        simulator.failNextCmdlet(mail, "|Microsoft.Exchange.Data.Storage.StoragePermanentException|The mailbox is on litigation hold.");
        try {
            sync();

            assertThat(invoke("deadLetters").toString()).contains(mail + ": publish-").contains("litigation hold");
        } finally {
            directory.deleteUser(uid);
            deadLetters.resolve(mail);
        }
    }

    @Test
    void theMBeanIsInTheJmxTreeWithTheLastRunAsAttributes() throws JMException {
        var report = sync();
        ObjectName name = control.getObjectName();

        assertThat(jmx.getAttribute(name, "RunId")).isEqualTo(report.runId());
        assertThat(jmx.getAttribute(name, "UsersScanned")).isEqualTo(report.usersScanned());
        assertThat(jmx.getAttribute(name, "CertificatesRejected")).isEqualTo(report.certificatesRejected());
        assertThat(jmx.getMBeanInfo(name).getOperations()).extracting(operation -> operation.getName())
                .containsExactlyInAnyOrder("syncNow", "resyncUser", "deadLetters", "dryRunNow", "fullSyncNow", "approvePendingClears",
                        "uploadIssuingCasNow", "dryRunIssuingCasNow", "recipientPath", "synchronizedRecipients", "hygieneNow", "dryRunHygieneNow", "approveHygiene",
                        "restoreHygieneUser", "restoreHygieneRun");
    }

    @Test
    void hygieneWhileItIsOffIsRefusedAndAudited() throws JMException {
        Object answer = invoke("hygieneNow");

        assertThat(answer.toString()).isEqualTo("not started: directory hygiene is off (certsync.hygiene.enabled=false)");
        assertThat(control.getAuditTrail().get(0)).contains(" local-jmx hygieneNow(): not started: directory hygiene is off");
    }

    @Test
    void approvingWithNothingHeldBackIsRefusedAndAudited() throws JMException {
        sync();

        Object answer = invoke("approvePendingClears");

        assertThat(answer.toString()).startsWith("refused: nothing is held back");
        assertThat(jmx.getAttribute(control.getObjectName(), "PendingClears").toString()).startsWith("nothing is held back");
        assertThat(control.getAuditTrail().get(0)).contains(" local-jmx approvePendingClears(): refused: nothing is held back");
    }

    private Object invoke(String operation, String... arguments) throws JMException {
        String[] signature = new String[arguments.length];
        java.util.Arrays.fill(signature, String.class.getName());
        return jmx.invoke(control.getObjectName(), operation, arguments, signature);
    }

    private List<String> setCalls() {
        return simulator.requests().stream().filter(r -> r.cmdlet() != null && r.cmdlet().startsWith("Set-"))
                .map(LoggedRequest::identity).toList();
    }
}
