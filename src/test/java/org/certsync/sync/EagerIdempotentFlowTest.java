package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.certsync.certificate.Fingerprints;
import org.certsync.demo.DemoUser;
import org.certsync.demo.DemoUsers;
import org.certsync.state.PublishedState;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Recording after success does not hang on how state-publish.camel.yaml sets the idempotent consumer: here an
 * operator has set {@code eager: true}, so Camel asks the repository before the write. A refused write still records
 * nothing, a successful one is recorded once (ExchangeFaultsFlowTest covers the shipped {@code eager: false}).
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.demo=true",
        "certsync.demo.data-dir=",
        "certsync.scheduler.enabled=false",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/eager-idempotent/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/eager-idempotent/last-run.json",
        "certsync.report-dir=target/test-data/eager-idempotent/history"})
class EagerIdempotentFlowTest extends SyncFlowSupport {

    private static final Path ROUTES = eagerRoutes();

    @DynamicPropertySource
    static void routesFromCopy(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-include-pattern", () -> "file:" + ROUTES + "/*.yaml");
    }

    @Autowired
    PublishedState state;

    @Test
    void withEagerTrueARefusedWriteRecordsNothingAndASuccessfulOneIsRecordedOnce() {
        String refused = DemoUsers.mail("eager-refused");
        byte[] certificate = ca.issue(ca.leaf(refused));
        directory.addUser(new DemoUser("eager-refused", refused, List.of(), Map.of("userCertificate", List.of(certificate)),
                Set.of(Fingerprints.sha256(certificate)), Set.of(), "refused by Exchange Online"));
        // refused in both runs
        for (int run = 0; run < 2; run++) {
            simulator.failNextCmdlet(refused, "|Microsoft.Exchange.Data.Storage.StoragePermanentException|The mailbox is on litigation hold.");
        }
        byte[] accepted = addUser("eager-accepted");

        RunReport first = sync();
        RunReport second = sync();

        assertThat(first.problems()).extracting(RunReport.UserProblem::recipient).contains(refused);
        assertThat(state.find(refused)).as("refused: never recorded as published").isEmpty();
        assertThat(state.find(DemoUsers.mail("eager-accepted")).orElseThrow().userCertificate())
                .containsExactly(Fingerprints.sha256(accepted));
        assertThat(second.problems()).extracting(RunReport.UserProblem::recipient).contains(refused);
        assertThat(second.changes()).extracting(RunReport.Change::recipient).doesNotContain(DemoUsers.mail("eager-accepted"));
    }

    private static Path eagerRoutes() {
        Path routes = copyOfRoutes();
        try {
            Path publish = routes.resolve("state-publish.camel.yaml");
            String yaml = Files.readString(publish);
            if (!yaml.contains("eager: false")) throw new IllegalStateException("state-publish no longer sets eager");
            Files.writeString(publish, yaml.replace("eager: false", "eager: true"));
            return routes;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
