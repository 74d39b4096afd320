package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.certsync.cluster.SingleNodeRunLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs never overlap: a second trigger is refused while a run is going, and the history says so. */
class SyncRunsTest {

    @TempDir
    Path reports;

    @Test
    void triggerDuringARunIsSkippedAndReported() throws Exception {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
        SyncRuns runs = new SyncRuns(Clock.systemUTC(), new ReportWriter(json, reports.resolve("last-run.json"),
                reports.resolve("history"), 10), null, null, false,
                new SingleNodeRunLock("node-1", Clock.systemUTC()));
        DefaultCamelContext camel = new DefaultCamelContext();
        Exchange running = new DefaultExchange(camel);
        Exchange second = new DefaultExchange(camel);
        second.getMessage().setHeader(SyncRuns.TRIGGER, "console:syncNow");
        runs.begin(running);

        assertThatThrownBy(() -> runs.begin(second)).isInstanceOf(RunInProgressException.class)
                .hasMessageContaining("console:syncNow").hasMessageContaining("still in progress");
        second.setProperty(Exchange.EXCEPTION_CAUGHT, new RunInProgressException("console:syncNow", "run run-1 is still in progress"));
        RunReport skipped = runs.skippedTrigger(second);

        assertThat(skipped.status()).isEqualTo(RunStatus.SKIPPED);
        assertThat(runs.isRunning()).isTrue();
        assertThat(Files.list(reports.resolve("history")).toList()).singleElement()
                .satisfies(file -> assertThat(Files.readString(file)).contains("SKIPPED", "console:syncNow", "\"node\" : \"node-1\""));
        assertThat(reports.resolve("last-run.json")).doesNotExist();
    }
}
