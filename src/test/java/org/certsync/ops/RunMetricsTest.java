package org.certsync.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;

import org.certsync.certificate.RejectionReason;
import org.certsync.sync.RunReport;
import org.junit.jupiter.api.Test;

/** /actuator/prometheus shows what the runs' reports say. */
class RunMetricsTest extends SecuredConsoleSupport {

    @Test
    void countersGrowByTheRunsReportAndGaugesShowTheLastRun() {
        Map<String, Double> before = scrape();

        RunReport report = sync();
        Map<String, Double> after = scrape();

        assertThat(growth(before, after, "certsync_users_scanned_total")).isEqualTo(report.usersScanned());
        assertThat(growth(before, after, "certsync_certificates_accepted_total")).isEqualTo(report.certificatesAccepted());
        for (RejectionReason reason : RejectionReason.values()) {
            assertThat(growth(before, after, "certsync_certificates_rejected_total{reason=\"" + reason.code() + "\"}"))
                    .as(reason.code()).isEqualTo(report.certificatesRejected().getOrDefault(reason.code(), 0));
        }
        assertThat(growth(before, after, "certsync_publishes_total")).isEqualTo(report.published());
        assertThat(growth(before, after, "certsync_publish_failures_total")).isEqualTo(report.failed());
        assertThat(growth(before, after, "certsync_throttled_total")).isEqualTo(report.throttled());
        assertThat(growth(before, after, "certsync_retries_total")).isEqualTo(report.retries());
        assertThat(growth(before, after, "certsync_run_duration_seconds_count")).isEqualTo(1);
        assertThat(growth(before, after, "certsync_runs_total{status=\"" + report.status() + "\"}")).isEqualTo(1);
        assertThat(after.get("certsync_dead_letters")).isEqualTo(report.deadLetters());
        assertThat(after.get("certsync_last_run_status{status=\"" + report.status() + "\"}")).isEqualTo(1.0);
        assertThat(after.get("certsync_last_run_timestamp_seconds"))
                .isCloseTo(report.finishedAt().toEpochMilli() / 1000.0, within(0.001));
        // between runs nothing is in flight; the limit is where the adaptive concurrency left it
        assertThat(after.get("certsync_exchange_requests_in_flight")).isZero();
        assertThat(after.get("certsync_exchange_requests_limit")).isBetween(1.0, 8.0);
    }

    @Test
    void theLastFullReadIsAGaugeOfItsOwn() {
        assertThat(control.fullSyncNow()).contains("(full read)");
        RunReport full = runs.lastReport().orElseThrow();
        RunReport delta = sync();
        Map<String, Double> metrics = scrape();

        assertThat(delta.mode()).isEqualTo("delta");
        assertThat(metrics.get("certsync_last_full_read_timestamp_seconds"))
                .isCloseTo(full.finishedAt().toEpochMilli() / 1000.0, within(0.001));
    }

    @Test
    void camelRouteMetricsCountTheSyncRoutes() {
        sync();

        Map<String, Double> metrics = scrape();

        assertThat(metrics.keySet()).anyMatch(name -> name.startsWith("camel_exchanges_total{")
                && name.contains("routeId=\"sync-run\""));
    }

    /** Prometheus text format: "name{labels} value" per line. */
    private Map<String, Double> scrape() {
        var response = getAs(OPERATOR, OPERATOR_PASSWORD, "/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Double> samples = new HashMap<>();
        response.body().lines().filter(line -> !line.startsWith("#") && !line.isBlank()).forEach(line -> {
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        });
        return samples;
    }

    private static int growth(Map<String, Double> before, Map<String, Double> after, String sample) {
        assertThat(after).as("sample %s", sample).containsKey(sample);
        return (int) Math.round(after.get(sample) - before.getOrDefault(sample, 0.0));
    }
}
