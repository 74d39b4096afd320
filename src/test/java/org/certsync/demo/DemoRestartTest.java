package org.certsync.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.apache.camel.ProducerTemplate;
import org.certsync.CertSyncApplication;
import org.certsync.demo.simulator.ExchangeOnlineSimulator;
import org.certsync.demo.simulator.SimulatedRecipient;
import org.certsync.sync.RunReport;
import org.certsync.sync.SyncRuns;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The demo remembers: a restarted demo has the same directory and certificates and a simulated tenant that still
 * holds what was published, so its first run publishes nothing.
 */
class DemoRestartTest {

    private final Path dir = Path.of("target/test-data/demo-restart", UUID.randomUUID().toString());

    private ConfigurableApplicationContext startDemo() {
        return new SpringApplicationBuilder(CertSyncApplication.class).run(
                "--certsync.demo=true",
                "--certsync.demo.data-dir=" + dir.resolve("demo"),
                "--certsync.scheduler.enabled=false",
                "--server.port=0",
                "--spring.jmx.enabled=false",
                "--camel.main.routes-reload-enabled=false",
                "--spring.datasource.url=jdbc:h2:file:./" + dir.resolve("state/certsync"),
                "--certsync.report-file=" + dir.resolve("last-run.json"),
                "--certsync.report-dir=" + dir.resolve("history"));
    }

    private static RunReport sync(ConfigurableApplicationContext demo) {
        demo.getBean(ProducerTemplate.class).sendBody("direct:sync-run", null);
        return demo.getBean(SyncRuns.class).lastReport().orElseThrow();
    }

    @Test
    void aRestartedDemoPublishesNothingAndTheTenantStillShowsWhatWasPublished() {
        List<SimulatedRecipient> published;
        List<String> users;
        try (ConfigurableApplicationContext demo = startDemo()) {
            RunReport first = sync(demo);
            assertThat(first.published()).isPositive();
            published = demo.getBean(ExchangeOnlineSimulator.class).recipients();
            users = demo.getBean(EmbeddedDirectory.class).users().stream().map(DemoUser::mail).toList();
        }

        try (ConfigurableApplicationContext restarted = startDemo()) {
            ExchangeOnlineSimulator simulator = restarted.getBean(ExchangeOnlineSimulator.class);
            assertThat(simulator.recipients()).isEqualTo(published);
            assertThat(restarted.getBean(EmbeddedDirectory.class).users()).extracting(DemoUser::mail).isEqualTo(users);

            RunReport second = sync(restarted);

            assertThat(second.published()).isZero();
            assertThat(simulator.requests()).noneMatch(r -> r.cmdlet() != null && r.cmdlet().startsWith("Set-"));
        }
    }
}
