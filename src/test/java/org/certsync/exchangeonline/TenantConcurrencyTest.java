package org.certsync.exchangeonline;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import org.certsync.exchangeonline.TenantConcurrency.Load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TenantConcurrencyTest {

    private static TenantConcurrency adaptive(int max) {
        return new TenantConcurrency(new CallSettings(10, "auto", max, 0));
    }

    /** One request entered and answered with this load. */
    private static void answer(TenantConcurrency limit, Load load) throws InterruptedException {
        limit.leave(limit.enter(), load);
    }

    @Test
    void aFixedLimitNeverChanges() throws InterruptedException {
        TenantConcurrency limit = new TenantConcurrency(new CallSettings(10, "3", 8, 0));
        for (int i = 0; i < 20; i++) answer(limit, Load.CLEAN);
        answer(limit, Load.TOO_MUCH);

        assertThat(limit.limit()).isEqualTo(3);
    }

    @Test
    void adaptiveStartsAtTwoAndRisesByOneAfterAsManyCleanAnswersAsItAllows() throws InterruptedException {
        TenantConcurrency limit = adaptive(8);
        assertThat(limit.limit()).isEqualTo(2);

        for (int i = 0; i < 2; i++) answer(limit, Load.CLEAN);
        assertThat(limit.limit()).isEqualTo(3);
        for (int i = 0; i < 3; i++) answer(limit, Load.CLEAN);
        assertThat(limit.limit()).isEqualTo(4);
        // answers that say nothing about the load (a 500, a timeout) change nothing
        for (int i = 0; i < 10; i++) answer(limit, Load.UNKNOWN);
        assertThat(limit.limit()).isEqualTo(4);
    }

    @Test
    void aRefusalHalvesOnceAndTheLevelIsThenProbedOnlyRarely() throws InterruptedException {
        TenantConcurrency limit = adaptive(8);
        for (int i = 0; i < 2 + 3 + 4; i++) answer(limit, Load.CLEAN);
        assertThat(limit.limit()).isEqualTo(5);
        long[] inFlight = new long[5];
        for (int i = 0; i < 5; i++) inFlight[i] = limit.enter();

        // five requests in flight, three of them refused: one decrease, not three
        limit.leave(inFlight[0], Load.TOO_MUCH);
        limit.leave(inFlight[1], Load.TOO_MUCH);
        limit.leave(inFlight[2], Load.TOO_MUCH);
        limit.leave(inFlight[3], Load.CLEAN);
        limit.leave(inFlight[4], Load.CLEAN);
        assertThat(limit.limit()).isEqualTo(2);

        // back to just below the level that was refused, quickly; then a probe above it only after 10 x 4 clean answers
        for (int i = 0; i < 2 + 3; i++) answer(limit, Load.CLEAN);
        assertThat(limit.limit()).isEqualTo(4);
        for (int i = 0; i < 39; i++) answer(limit, Load.CLEAN);
        assertThat(limit.limit()).isEqualTo(4);
        answer(limit, Load.CLEAN);
        assertThat(limit.limit()).isEqualTo(5);
    }

    @Test
    void neverBelowOneNorAboveTheMaximum() throws InterruptedException {
        TenantConcurrency limit = adaptive(3);
        for (int i = 0; i < 5; i++) answer(limit, Load.TOO_MUCH);
        assertThat(limit.limit()).isEqualTo(1);
        for (int i = 0; i < 500; i++) answer(limit, Load.CLEAN);
        assertThat(limit.limit()).isEqualTo(3);
    }

    @Test
    void aRequestWaitsForAPlaceAndGetsItWhenAnotherLeaves() throws Exception {
        TenantConcurrency limit = new TenantConcurrency(new CallSettings(10, "1", 8, 0));
        long first = limit.enter();

        CompletableFuture<Long> second = CompletableFuture.supplyAsync(() -> {
            try {
                return limit.enter();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !second.isDone());
        limit.leave(first, Load.CLEAN);

        await().atMost(Duration.ofSeconds(5)).until(second::isDone);
        assertThat(limit.inFlight()).isEqualTo(1);
    }
}
