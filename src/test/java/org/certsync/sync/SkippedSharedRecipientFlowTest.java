package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.certsync.certificate.Fingerprints;
import org.certsync.demo.DemoUsers;
import org.certsync.demo.EmbeddedDirectory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** certsync.duplicate-recipients=skip: entries that share an address are reported, and their recipient keeps what it has. */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.demo=true",
        "certsync.demo.data-dir=",
        "certsync.scheduler.enabled=false",
        "certsync.ldap.page-size=1",
        "certsync.duplicate-recipients=skip",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/skipped-shared-recipient/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/skipped-shared-recipient/last-run.json",
        "certsync.report-dir=target/test-data/skipped-shared-recipient/history"})
class SkippedSharedRecipientFlowTest extends SyncFlowSupport {

    @Test
    void aSecondEntryWithTheAddressIsReportedAndChangesNothing() {
        String shared = DemoUsers.mail("owner");
        byte[] owned = addUserWithMail("owner", shared);
        syncFull();
        int modifications = simulator.recipient(shared).orElseThrow().modificationCount();

        nextSecond();
        addUserWithMail("impostor", shared);
        RunReport delta = sync();
        RunReport full = syncFull();

        for (RunReport report : new RunReport[] {delta, full}) {
            assertThat(report.problems()).filteredOn(p -> "duplicate-recipient".equals(p.kind()))
                    .extracting(RunReport.UserProblem::user)
                    .containsExactlyInAnyOrder(EmbeddedDirectory.dn("owner"), EmbeddedDirectory.dn("impostor"));
            assertThat(report.cleared()).isZero();
        }
        assertThat(delta.mode()).isEqualTo("delta");
        assertThat(simulator.recipient(shared).orElseThrow().userCertificate()).containsExactly(Fingerprints.sha256(owned));
        assertThat(simulator.recipient(shared).orElseThrow().modificationCount()).isEqualTo(modifications);
    }
}
