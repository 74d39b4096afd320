package org.certsync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap figures from a {@code -Xlog:gc} file: the most heap in use when a collection started (the peak the collector
 * saw), and the live heap, which only a full collection shows: G1's young collections leave old garbage in place, so
 * their "after" figure is not what the run keeps. {@link CertSyncRun} asks for full collections now and then.
 *
 * @param peakUsedMb  heap used at the start of the fullest collection, MB
 * @param liveMaxMb   most heap left after a full collection, MB; 0 when there was none
 */
record GcLog(long peakUsedMb, long liveMaxMb) {

    /** e.g. "GC(12) Pause Young (Normal) (G1 Evacuation Pause) 120M->30M(256M) 3.456ms". */
    private static final Pattern PAUSE = Pattern.compile("Pause (\\w+).*? (\\d+)([KMG])->(\\d+)([KMG])\\(\\d+[KMG]\\)");

    static GcLog read(Path file) throws IOException {
        long peak = 0;
        long live = 0;
        for (String line : Files.readAllLines(file)) {
            Matcher pause = PAUSE.matcher(line);
            if (!pause.find()) continue;
            peak = Math.max(peak, megabytes(pause.group(2), pause.group(3)));
            if ("Full".equals(pause.group(1))) live = Math.max(live, megabytes(pause.group(4), pause.group(5)));
        }
        return new GcLog(peak, live);
    }

    private static long megabytes(String amount, String unit) {
        long value = Long.parseLong(amount);
        return switch (unit) {
            case "K" -> value / 1024;
            case "G" -> value * 1024;
            default -> value;
        };
    }
}
