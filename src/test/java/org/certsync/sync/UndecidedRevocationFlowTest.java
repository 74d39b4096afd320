package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.certsync.demo.DemoConfiguration;
import org.certsync.demo.DemoData;
import org.certsync.demo.DemoUsers;
import org.certsync.state.DeltaCursor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A CRL outage with the policy failing closed: a user whose renewal arrives meanwhile is left as it is (undecided),
 * and the first delta run after the CRL is back reads that user again although its entry did not change since.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.demo=true",
        // the demo's authority made beforehand, so that the trust store can name it
        "certsync.demo.data-dir=${certsync.test.demo-data}",
        "certsync.policy.trust-store=${certsync.test.trust-store}",
        "certsync.scheduler.enabled=false",
        "certsync.policy.revocation-check=true",
        "certsync.policy.revocation-fail-open=false",
        "certsync.policy.crl-directory=${certsync.test.crl-directory}",
        // read the CRL directory on every check: the test takes the CRL away and puts it back
        "certsync.policy.crl-max-cache-age=1ms",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/undecided/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/undecided/last-run.json",
        "certsync.report-dir=target/test-data/undecided/history"})
class UndecidedRevocationFlowTest extends SyncFlowSupport {

    @Autowired
    DeltaCursor cursor;

    private static final Path CRLS;

    static {
        try {
            CRLS = Files.createTempDirectory("certsync-crls");
            Path demo = Files.createTempDirectory("certsync-demo");
            Path trust = Files.createDirectories(demo.resolve("trust"));
            Files.write(trust.resolve("demo-ca.crt"), new DemoData(demo).authority(DemoConfiguration.AUTHORITY).caCertificate());
            System.setProperty("certsync.test.demo-data", demo.toString());
            System.setProperty("certsync.test.trust-store", trust.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        System.setProperty("certsync.test.crl-directory", CRLS.toString());
    }

    @Test
    void aUserUndecidedDuringACrlOutageIsReadAgainWhenTheCrlIsBack() throws IOException {
        Path crl = CRLS.resolve("demo-ca.crl");
        Files.write(crl, ca.crl());
        // the demo directory was seeded at start-up: in an earlier second than this read
        nextSecond();
        assertThat(sync().published()).isPositive();

        // the CRL is gone; meanwhile a user gets a new certificate
        Files.delete(crl);
        String uid = directory.users().stream().filter(u -> !u.expectedUserCertificate().isEmpty()).findFirst()
                .orElseThrow().uid();
        directory.addValue(uid, "userCertificate", ca.issue(ca.leaf(DemoUsers.mail(uid))));
        RunReport outage = sync();
        assertThat(outage.mode()).isEqualTo("delta");
        assertThat(outage.problems()).extracting(RunReport.UserProblem::recipient, RunReport.UserProblem::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(DemoUsers.mail(uid), "policy-undecided"));
        assertThat(outage.published()).isZero();
        assertThat(cursor.revisits()).hasSize(1);

        Files.write(crl, ca.crl());
        simulator.clearRequests();
        long sentBefore = directory.entriesSent();
        RunReport recovered = sync();

        assertThat(recovered.mode()).isEqualTo("delta");
        assertThat(directory.entriesSent() - sentBefore).isEqualTo(1);
        assertThat(recovered.published()).isEqualTo(1);
        assertThat(setCalls()).extracting(r -> r.identity()).containsExactly(DemoUsers.mail(uid));
        assertThat(cursor.revisits()).as("read again once, not forever").isEmpty();
    }
}
