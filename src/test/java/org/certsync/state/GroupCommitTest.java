package org.certsync.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Writers that arrive during a commit are committed together by the next one, each returning once its own are in. */
class GroupCommitTest {

    private final ExecutorService writers = Executors.newFixedThreadPool(4);
    private final List<List<String>> commits = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch firstCommitMayEnd = new CountDownLatch(1);

    @AfterEach
    void stop() {
        writers.shutdownNow();
    }

    @Test
    void writersArrivingDuringACommitAreWrittenTogetherByTheNextAndReturnOnceWritten() throws Exception {
        GroupCommit<String> group = new GroupCommit<>(items -> {
            if (commits.isEmpty()) awaitQuietly(firstCommitMayEnd);
            commits.add(List.copyOf(items));
        });
        Future<?> first = writers.submit(() -> group.write(List.of("a1", "a2")));
        await().atMost(Duration.ofSeconds(10)).until(() -> threadsIn("java.util.concurrent.CountDownLatch") == 1);
        List<Future<Boolean>> others = new ArrayList<>();
        for (String item : List.of("b", "c", "d")) {
            // true when its own item was committed by the time it returned
            others.add(writers.submit(() -> {
                group.write(List.of(item));
                return commits.stream().anyMatch(commit -> commit.contains(item));
            }));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> threadsIn("java.util.concurrent.locks.ReentrantLock") == 3);

        firstCommitMayEnd.countDown();

        first.get();
        for (Future<Boolean> writer : others) assertThat(writer.get()).isTrue();
        assertThat(commits).hasSize(2);
        assertThat(commits.get(0)).containsExactly("a1", "a2");
        assertThat(commits.get(1)).containsExactlyInAnyOrder("b", "c", "d");
    }

    @Test
    void aFailedCommitFailsEveryWriterOfItsGroupAndNoOther() throws Exception {
        GroupCommit<String> group = new GroupCommit<>(items -> {
            if (!commits.isEmpty()) throw new IllegalStateException("the state database refused the commit");
            awaitQuietly(firstCommitMayEnd);
            commits.add(List.copyOf(items));
        });
        Future<?> first = writers.submit(() -> group.write(List.of("a")));
        await().atMost(Duration.ofSeconds(10)).until(() -> threadsIn("java.util.concurrent.CountDownLatch") == 1);
        List<Future<?>> failing = List.of(writers.submit(() -> group.write(List.of("b"))),
                writers.submit(() -> group.write(List.of("c"))));
        await().atMost(Duration.ofSeconds(10)).until(() -> threadsIn("java.util.concurrent.locks.ReentrantLock") == 2);

        firstCommitMayEnd.countDown();

        first.get();
        for (Future<?> writer : failing) {
            assertThatThrownBy(writer::get).hasRootCauseInstanceOf(IllegalStateException.class)
                    .hasRootCauseMessage("the state database refused the commit");
        }
        assertThat(commits).containsExactly(List.of("a"));
    }

    @Test
    void aWriterAloneCommitsAtOnceAndNothingIsNoCommit() {
        GroupCommit<String> group = new GroupCommit<>(items -> commits.add(List.copyOf(items)));
        group.write(List.of("x"));
        group.write(List.of());
        group.write(List.of("y"));
        assertThat(commits).containsExactly(List.of("x"), List.of("y"));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Threads inside GroupCommit.write that are parked in the given class (a latch in a commit, the committer lock). */
    private static long threadsIn(String blocker) {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getState() == Thread.State.WAITING)
                .filter(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().equals(GroupCommit.class.getName())))
                .filter(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().startsWith(blocker)))
                .count();
    }
}
