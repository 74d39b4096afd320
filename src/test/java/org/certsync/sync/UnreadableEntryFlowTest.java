package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.certsync.demo.DemoUsers;
import org.certsync.demo.EmbeddedDirectory;
import org.certsync.directory.DroppingEntries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** A read that could not use an entry is not complete: the entry is a failure, and nothing is cleared by that run. */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.demo=true",
        "certsync.demo.data-dir=",
        "certsync.scheduler.enabled=false",
        // the routes name the bean directoryEntries: this test's entries take its place
        "spring.main.allow-bean-definition-overriding=true",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/unreadable-entry/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/unreadable-entry/last-run.json",
        "certsync.report-dir=target/test-data/unreadable-entry/history"})
class UnreadableEntryFlowTest extends SyncFlowSupport {

    @TestConfiguration
    static class Entries {
        @Bean
        DroppingEntries directoryEntries() {
            return new DroppingEntries();
        }
    }

    @Autowired
    DroppingEntries entries;

    @AfterEach
    void readable() {
        entries.reset();
    }

    @Test
    void anEntryTheReadDropsIsAFailureAndNoRecipientIsCleared() {
        addUser("unreadable");
        addUser("leaving");
        syncFull();
        directory.deleteUser("leaving");
        entries.makeUnreadable(EmbeddedDirectory.dn("unreadable"));

        RunReport report = syncFull();

        assertThat(report.status()).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
        assertThat(report.problems()).filteredOn(p -> "unreadable-entry".equals(p.kind())).singleElement()
                .satisfies(problem -> {
                    assertThat(problem.user()).isEqualTo(EmbeddedDirectory.dn("unreadable"));
                    assertThat(problem.reason()).contains("objectGUID has 3 bytes", "no recipient is cleared by this run");
                });
        assertThat(report.cleared()).isZero();
        assertThat(simulator.recipient(DemoUsers.mail("unreadable")).orElseThrow().userCertificate()).hasSize(1);
        assertThat(simulator.recipient(DemoUsers.mail("leaving")).orElseThrow().userCertificate())
                .as("cleared by the next complete read, not this one").hasSize(1);

        entries.reset();
        RunReport complete = syncFull();
        assertThat(complete.cleared()).isEqualTo(1);
        assertThat(simulator.recipient(DemoUsers.mail("leaving")).orElseThrow().userCertificate()).isEmpty();
        assertThat(simulator.recipient(DemoUsers.mail("unreadable")).orElseThrow().userCertificate()).hasSize(1);
    }
}
