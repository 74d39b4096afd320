package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.certsync.certificate.Fingerprints;
import org.certsync.demo.DemoUsers;
import org.certsync.demo.simulator.SimulatedRecipient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Recipients, not entries: directory entries that carry one address converge on one certificate set and stay there,
 * whatever pages they sit on (two users a page here); a user whose judging throws is never cleared for it.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.demo=true",
        "certsync.demo.data-dir=",
        "certsync.scheduler.enabled=false",
        "certsync.ldap.page-size=2",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/shared-recipient/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/shared-recipient/last-run.json",
        "certsync.report-dir=target/test-data/shared-recipient/history"})
class SharedRecipientFlowTest extends SyncFlowSupport {

    @Autowired
    CamelContext camel;

    @Test
    void entriesSharingAnAddressOnDifferentPagesConvergeOnTheirCertificatesTogetherAndStay() {
        String shared = DemoUsers.mail("shared");
        byte[] first = addUserWithMail("shared-a", shared);
        addUser("between-1");
        addUser("between-2");
        addUser("between-3");
        byte[] second = addUserWithMail("shared-b", shared);

        RunReport firstRun = syncFull();
        assertThat(fingerprints(shared)).containsExactlyInAnyOrder(sha(first), sha(second));
        assertThat(firstRun.cleared()).isZero();
        int modifications = simulator.recipient(shared).orElseThrow().modificationCount();

        syncFull();
        sync();
        assertThat(simulator.recipient(shared).orElseThrow().modificationCount()).as("no flip").isEqualTo(modifications);

        nextSecond();
        byte[] renewed = ca.issue(ca.leaf(shared));
        directory.replaceValues("shared-b", "userCertificate", renewed);
        RunReport delta = sync();
        assertThat(delta.mode()).isEqualTo("delta");
        assertThat(fingerprints(shared)).as("the other entry's certificate stays").containsExactlyInAnyOrder(sha(first), sha(renewed));

        directory.deleteUser("shared-a");
        RunReport full = syncFull();
        assertThat(fingerprints(shared)).containsExactly(sha(renewed));
        assertThat(full.cleared()).isZero();
        assertThat(full.changes()).filteredOn(c -> c.recipient().equals(shared)).singleElement()
                .satisfies(change -> assertThat(change.action()).isEqualTo("set"));
    }

    @Test
    void twoEntriesOnOnePageArePublishedOnceTogether() {
        String shared = DemoUsers.mail("pair");
        byte[] first = addUserWithMail("pair-a", shared);
        byte[] second = addUserWithMail("pair-b", shared);
        simulator.clearRequests();

        RunReport report = syncFull();

        assertThat(fingerprints(shared)).containsExactlyInAnyOrder(sha(first), sha(second));
        assertThat(setCalls()).filteredOn(call -> call.identity().equals(shared)).hasSize(1);
        assertThat(report.changes()).filteredOn(c -> c.recipient().equals(shared)).singleElement()
                .satisfies(change -> assertThat(change.userCertificateAfter()).containsExactlyInAnyOrder(sha(first), sha(second)));
    }

    @Test
    @DirtiesContext(methodMode = DirtiesContext.MethodMode.AFTER_METHOD)
    void aUserWhoseJudgingThrowsIsReportedAndNotCleared() throws Exception {
        String fragile = DemoUsers.mail("fragile");
        byte[] certificate = addUser("fragile");
        syncFull();
        // a renewal added: the user's values changed, so it is judged again (an unchanged user is not)
        directory.replaceValues("fragile", "userCertificate", certificate, ca.issue(ca.leaf(fragile)));
        AdviceWith.adviceWith(camel, "certificate-filter", route -> route.weaveAddFirst().process(exchange -> {
            if (exchange.getMessage().getBody() instanceof org.certsync.directory.DirectoryUser user
                    && fragile.equals(user.mail())) {
                throw new IllegalStateException("the policy failed on this user");
            }
        }));

        RunReport report = syncFull();

        assertThat(report.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
        assertThat(report.problems()).filteredOn(p -> p.user().equals(fragile)).singleElement()
                .satisfies(problem -> assertThat(problem.reason()).contains("the policy failed on this user"));
        assertThat(report.cleared()).isZero();
        assertThat(fingerprints(fragile)).containsExactly(sha(certificate));
    }

    private List<String> fingerprints(String recipient) {
        return simulator.recipient(recipient).map(SimulatedRecipient::userCertificate).orElse(List.of());
    }

    private static String sha(byte[] certificate) {
        return Fingerprints.sha256(certificate);
    }
}
