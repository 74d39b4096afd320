package org.certsync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary of a recording of this JVM busy in a method of its own: the method leads, by library too. */
class JfrSummaryTest {

    @Test
    void namesTheHottestMethodAndItsLibrary(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("busy.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            recording.start();
            busy(Duration.ofSeconds(2));
            recording.stop();
            recording.dump(file);
        }

        ByteArrayOutputStream summary = new ByteArrayOutputStream();
        JfrSummary.print(file, new PrintStream(summary, true, StandardCharsets.UTF_8));

        assertThat(summary.toString(StandardCharsets.UTF_8))
                .contains("execution samples", "| 1 | `org.certsync.bench.JfrSummaryTest.", "| org.certsync.* |",
                        "| org.apache.camel.* |", "| com.sun.jndi.* / javax.naming.* |", "| org.h2.* |",
                        "| org.bouncycastle.* |", "| `org.certsync.bench` |", "Threads:")
                .containsPattern("Our code with all it called[^|]*\\n\\n[^\\n]*\\n[^\\n]*\\n\\| 1 \\| `org\\.certsync\\.bench\\.JfrSummaryTest\\.busy`");
    }

    /** Work that stays in this class's own frames: arithmetic in a loop, no JDK calls inside it. */
    private static long busy(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        long sum = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 100_000; i++) sum += (long) i * i % 7;
        }
        return sum;
    }
}
