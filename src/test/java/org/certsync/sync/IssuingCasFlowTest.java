package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.certsync.certificate.Fingerprints;
import org.certsync.demo.simulator.SimulatorSettings;
import org.junit.jupiter.api.Test;

/** The trust store's CAs become the tenant's trusted S/MIME issuing CAs: once, merged, and only on a change. */
class IssuingCasFlowTest extends IssuingCasFlowSupport {

    @Test
    void theUploadIsSentOnceAndNotAgainWhenNothingChanged() {
        String first = control.uploadIssuingCasNow();
        String second = control.uploadIssuingCasNow();

        assertThat(first).startsWith("uploaded: merge: tenant holds 0 CAs, adds [");
        assertThat(second).startsWith("unchanged: the trust store names the 2 CAs uploaded at ");
        assertThat(calls("Set-SmimeConfig")).hasSize(1);
        assertThat(calls("Get-SmimeConfig")).as("an unchanged set is not even read").hasSize(1);
        assertThat(tenantHolds()).containsExactlyInAnyOrder(ROOT_CA, ISSUING_CA);
        assertThat(auditedChanges()).containsExactly(" -> " + sorted(ROOT_CA, ISSUING_CA));
    }

    @Test
    void aCaTheAdministratorPutInTheTenantByHandSurvives() {
        administratorSets(List.of(HAND_CA));

        String answer = control.uploadIssuingCasNow();

        assertThat(answer).contains("tenant holds 1 CAs", "drops []", "then holds 3");
        assertThat(tenantHolds()).containsExactlyInAnyOrder(HAND_CA, ROOT_CA, ISSUING_CA);
        assertThat(auditedChanges())
                .containsExactly(Fingerprints.sha256(HAND_CA) + " -> " + sorted(HAND_CA, ROOT_CA, ISSUING_CA));
    }

    @Test
    void aTenantThatHoldsTheSetAlreadyIsNotWrittenAgain() {
        administratorSets(List.of(ISSUING_CA, ROOT_CA));

        String answer = control.uploadIssuingCasNow();

        assertThat(answer).startsWith("unchanged: the tenant holds the trust store's 2 CAs already");
        assertThat(calls("Set-SmimeConfig")).isEmpty();
        assertThat(auditedChanges()).isEmpty();
        assertThat(control.uploadIssuingCasNow()).startsWith("unchanged: the trust store names the 2 CAs");
    }

    @Test
    void aDryRunReadsAndReportsButSendsAndRecordsNothing() {
        administratorSets(List.of(HAND_CA));

        String answer = control.dryRunIssuingCasNow();

        assertThat(answer)
                .startsWith("dry run: the trust store's CAs are changed since the last upload; would send merge:")
                .contains("then holds 3");
        assertThat(calls("Get-SmimeConfig")).hasSize(1);
        assertThat(calls("Set-SmimeConfig")).isEmpty();
        assertThat(tenantHolds()).containsExactly(HAND_CA);
        assertThat(auditedChanges()).isEmpty();
        assertThat(control.uploadIssuingCasNow()).as("the dry run recorded nothing").startsWith("uploaded: ");
    }

    @Test
    void aFailingTenantGivesOneClearLineAndRecordsNothing() {
        SimulatorSettings initial = simulator.settings();
        // every cmdlet answered 500 or 503 (with a short Retry-After)
        simulator.reconfigure(s -> s.withFault(
                new SimulatorSettings.Fault(1.0, 0, 0, Duration.ofSeconds(2), 7L, Duration.ofMillis(100))));
        try {
            String answer = control.uploadIssuingCasNow();

            assertThat(answer).startsWith("failed: Get-SmimeConfig failed (HTTP 5");
            assertThat(calls("Get-SmimeConfig")).as("retried within certsync.exchange.retry.max-retries").hasSize(3);
        } finally {
            simulator.reconfigure(s -> initial);
        }
        assertThat(calls("Set-SmimeConfig")).isEmpty();
        assertThat(auditedChanges()).isEmpty();
        assertThat(control.uploadIssuingCasNow()).as("the next upload tries again").startsWith("uploaded: ");
    }

    @Test
    void anUploadStartedWhileAnotherRunsDoesNothing() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        simulator.holdNext("Get-SmimeConfig", held, release);
        CompletableFuture<String> console = CompletableFuture.supplyAsync(control::uploadIssuingCasNow);
        try {
            assertThat(held.await(20, TimeUnit.SECONDS)).as("the console's upload reads the tenant's store").isTrue();

            // the schedule's upload, while the console's waits for Get-SmimeConfig's answer
            String scheduled = producer.requestBody("direct:exchange-online-issuing-cas", null, String.class);

            assertThat(scheduled).startsWith("skipped: an issuing-CA upload is already running");
        } finally {
            release.countDown();
        }
        assertThat(console.get(30, TimeUnit.SECONDS)).startsWith("uploaded: ");
        assertThat(calls("Get-SmimeConfig")).hasSize(1);
        assertThat(calls("Set-SmimeConfig")).hasSize(1);
        assertThat(control.uploadIssuingCasNow()).as("the lock was given back").startsWith("unchanged: ");
    }
}
