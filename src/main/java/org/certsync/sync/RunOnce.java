package org.certsync.sync;

import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code certsync.run-once=true}: one sync, the report, then exit with the run's status as exit code. */
public class RunOnce implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RunOnce.class);

    private final ProducerTemplate producer;
    private final SyncRuns runs;
    private final ConfigurableApplicationContext context;

    public RunOnce(ProducerTemplate producer, SyncRuns runs, ConfigurableApplicationContext context) {
        this.producer = producer;
        this.runs = runs;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) {
        producer.sendBody("direct:sync-run", null);
        int exitCode = runs.lastReport().map(report -> report.status().exitCode()).orElse(RunStatus.FAILED.exitCode());
        LOG.info("Run-once mode: exiting with code {}", exitCode);
        ExitCodeGenerator code = () -> exitCode;
        System.exit(SpringApplication.exit(context, code));
    }
}
