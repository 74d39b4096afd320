package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.quartz.impl.matchers.GroupMatcher;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A single node's schedule: camel-quartz's routes run on Spring's Quartz scheduler, which keeps its triggers in memory
 * and joins no cluster, and the cron starts runs.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certsync.demo=true",
        "certsync.demo.data-dir=",
        "certsync.schedule=0/2 * * * * ?",
        // no start-up run: the first run is the cron's
        "certsync.initial-delay=1h",
        "spring.datasource.url=jdbc:h2:file:./target/test-data/schedule/${random.uuid}/certsync",
        "certsync.report-file=target/test-data/schedule/last-run.json",
        "certsync.report-dir=target/test-data/schedule/history"})
class ScheduleTest extends SyncFlowSupport {

    @Autowired
    Scheduler scheduler;

    @Test
    void theCronStartsRunsOnSpringsSchedulerInMemory() throws Exception {
        RunReport report = runs.nextReport().get(60, TimeUnit.SECONDS);

        assertThat(report.trigger()).isEqualTo("schedule-cron");
        assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(report.node()).isNotBlank();
        assertThat(scheduler.isStarted()).isTrue();
        assertThat(scheduler.getMetaData().isJobStoreClustered()).isFalse();
        assertThat(scheduler.getMetaData().getJobStoreClass().getSimpleName()).isEqualTo("RAMJobStore");
        assertThat(scheduler.getTriggerKeys(GroupMatcher.anyGroup())).extracting(Object::toString)
                .contains("certsync.sync", "certsync.full-reconcile");
    }
}
