package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.certsync.certificate.Fingerprints;
import org.certsync.demo.DemoUser;
import org.certsync.demo.DemoUsers;
import org.certsync.demo.simulator.LoggedRequest;
import org.certsync.demo.simulator.SimulatedRecipient;
import org.certsync.state.PublishedState;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;

/** The demo default end to end: embedded LDAP over a socket, the policy, the H2 file, the simulator over HTTP. */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.demo=true",
        "certsync.demo.data-dir=",
        "certsync.scheduler.enabled=false",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/demo-flow/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/demo-flow/last-run.json"})
class DemoSyncFlowTest extends SyncFlowSupport {

    @Autowired
    PublishedState state;
    @Autowired
    TestRestTemplate http;

    @Test
    void syncPublishesExactlyTheAcceptedCertificatesOfEachSeededUser() {
        RunReport report = syncFull();

        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(report.usersScanned()).isGreaterThanOrEqualTo(directory.users().size());
        for (DemoUser user : directory.users()) {
            SimulatedRecipient recipient = simulator.recipient(user.mail()).orElse(null);
            Set<String> userCertificate = recipient == null ? Set.of() : Set.copyOf(recipient.userCertificate());
            Set<String> smime = recipient == null ? Set.of() : Set.copyOf(recipient.userSmimeCertificate());
            assertThat(userCertificate).as("userCertificate of %s (%s)", user.uid(), user.story())
                    .isEqualTo(user.expectedUserCertificate());
            assertThat(smime).as("userSMIMECertificate of %s (%s)", user.uid(), user.story())
                    .isEqualTo(user.expectedSmime());
        }
        assertThat(report.certificatesRejected()).containsKeys("expired", "not-yet-valid", "unparseable");
    }

    @Test
    void simulatorShowsPublishedFingerprintsOverHttp() {
        sync();
        DemoUser user = directory.users().get(0);

        JsonNode recipient = http.getForObject("/simulator/recipients/" + user.mail(), JsonNode.class);

        assertThat(recipient.path("userCertificate").get(0).asText())
                .isEqualTo(user.expectedUserCertificate().iterator().next());
    }

    @Test
    void secondSyncWithNoChangesMakesNoInvokeCommandCall() {
        sync();
        simulator.clearRequests();

        // a full read judges every user again and still finds nothing to write
        RunReport second = syncFull();

        assertThat(second.usersScanned()).isGreaterThanOrEqualTo(directory.users().size());
        assertThat(setCalls()).isEmpty();
        assertThat(second.published()).isZero();
        assertThat(second.unchanged()).isEqualTo(second.usersScanned() - second.skipped());
    }

    @Test
    void addingACertificateToOneUserPublishesExactlyThatUser() {
        String uid = "renewal-flow";
        byte[] first = addUser(uid);
        sync();
        simulator.clearRequests();

        byte[] renewal = ca.issue(ca.leaf(DemoUsers.mail(uid)));
        directory.addValue(uid, "userCertificate", renewal);
        RunReport report = sync();

        assertThat(setCalls()).extracting(LoggedRequest::identity).containsExactly(DemoUsers.mail(uid));
        assertThat(report.published()).isEqualTo(1);
        assertThat(simulator.recipient(DemoUsers.mail(uid)).orElseThrow().userCertificate())
                .containsExactlyInAnyOrder(Fingerprints.sha256(first), Fingerprints.sha256(renewal));
    }

    @Test
    void failedPublishIsNotRecordedAndIsRetriedNextRun() {
        String uid = "refused-flow";
        addUser(uid);
        simulator.failNextCmdlet(DemoUsers.mail(uid),
                "|Microsoft.Exchange.Data.Storage.StoragePermanentException|The mailbox is on litigation hold.");

        RunReport report = sync();

        assertThat(report.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
        assertThat(report.problems()).filteredOn(p -> DemoUsers.mail(uid).equals(p.recipient()))
                .singleElement().satisfies(p -> assertThat(p.reason()).contains("litigation hold"));
        assertThat(state.find(DemoUsers.mail(uid))).isEmpty();

        simulator.clearRequests();
        sync();
        assertThat(setCalls()).extracting(LoggedRequest::identity).containsExactly(DemoUsers.mail(uid));
        directory.deleteUser(uid);
    }

}
