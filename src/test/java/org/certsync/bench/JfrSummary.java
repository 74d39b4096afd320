package org.certsync.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the Java CPU of a JFR recording went, as Markdown for before/after comparisons in docs/benchmarks.md: the
 * execution samples ({@code jdk.ExecutionSample}) by method, library, our method that led to the work, package and
 * thread. JFR samples only threads running Java code, so JIT compiler and GC threads are not in these shares (the
 * harness's CPU seconds include them).
 * {@code bench/run --profile} prints it for the service's recorded full reconcile; {@code bench/jfr-summary} for any
 * recording. Needs nothing but the JDK, so the script runs it from its source file.
 */
public final class JfrSummary {

    private static final int TOP = 15;
    private static final int TOP_THREADS = 8;
    private static final String NOT_OURS = "(no org.certsync frame: Camel, Spring, JDK, ... on their own)";

    /** Libraries by package prefix; the first that matches wins, so JNDI is its own although it is in the JDK. */
    enum Library {
        CERTSYNC("org.certsync.*", "org.certsync."),
        CAMEL("org.apache.camel.*", "org.apache.camel."),
        JNDI("com.sun.jndi.* / javax.naming.*", "com.sun.jndi.", "javax.naming."),
        H2("org.h2.*", "org.h2."),
        BOUNCY_CASTLE("org.bouncycastle.*", "org.bouncycastle."),
        JDK("java.* (and jdk.*, javax.*, sun.*, com.sun.*)", "java.", "jdk.", "javax.", "sun.", "com.sun."),
        OTHER("other (Spring, Jackson, logging, ...)");

        private final String label;
        private final List<String> prefixes;

        Library(String label, String... prefixes) {
            this.label = label;
            this.prefixes = List.of(prefixes);
        }

        static Library of(String typeName) {
            for (Library library : values()) {
                if (library.prefixes.stream().anyMatch(typeName::startsWith)) return library;
            }
            return OTHER;
        }
    }

    private final Map<String, Long> methods = new HashMap<>();
    private final Map<String, Long> packages = new HashMap<>();
    private final Map<String, Long> threads = new HashMap<>();
    private final Map<String, Long> ours = new HashMap<>();
    private final Map<Library, Long> self = new EnumMap<>(Library.class);
    private final Map<Library, Long> caller = new EnumMap<>(Library.class);
    private final Map<Library, Long> onStack = new EnumMap<>(Library.class);
    private long samples;
    private long truncated;
    private Instant first;
    private Instant last;

    private JfrSummary() {
    }

    /** {@code bench/jfr-summary <recording.jfr>...} */
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("Usage: bench/jfr-summary <recording.jfr>...");
            System.exit(2);
        }
        for (String file : args) print(Path.of(file), System.out);
    }

    static void print(Path recording, PrintStream out) throws IOException {
        JfrSummary summary = new JfrSummary();
        try (RecordingFile events = new RecordingFile(recording)) {
            while (events.hasMoreEvents()) {
                RecordedEvent event = events.readEvent();
                if ("jdk.ExecutionSample".equals(event.getEventType().getName())) summary.add(event);
            }
        }
        summary.write(recording, out);
    }

    private void add(RecordedEvent sample) {
        if (sample.getStackTrace() == null || sample.getStackTrace().getFrames().isEmpty()) return;
        samples++;
        first = first == null || sample.getStartTime().isBefore(first) ? sample.getStartTime() : first;
        last = last == null || sample.getStartTime().isAfter(last) ? sample.getStartTime() : last;
        if (sample.getStackTrace().isTruncated()) truncated++;
        threads.merge(sample.getThread("sampledThread") == null ? "?" : sample.getThread("sampledThread").getJavaName(),
                1L, Long::sum);
        List<RecordedFrame> frames = sample.getStackTrace().getFrames();
        RecordedMethod top = frames.get(0).getMethod();
        String type = top.getType().getName();
        methods.merge(type + "." + top.getName(), 1L, Long::sum);
        packages.merge(type.lastIndexOf('.') < 0 ? "" : type.substring(0, type.lastIndexOf('.')), 1L, Long::sum);
        self.merge(Library.of(type), 1L, Long::sum);
        Set<Library> seen = EnumSet.noneOf(Library.class);
        Library calling = null;
        String ourMethod = null;
        for (RecordedFrame frame : frames) {
            String frameType = frame.getMethod().getType().getName();
            Library library = Library.of(frameType);
            seen.add(library);
            if (calling == null && library != Library.JDK) calling = library;
            if (ourMethod == null && library == Library.CERTSYNC) ourMethod = frameType + "." + frame.getMethod().getName();
        }
        caller.merge(calling == null ? Library.JDK : calling, 1L, Long::sum);
        ours.merge(ourMethod == null ? NOT_OURS : ourMethod, 1L, Long::sum);
        for (Library library : seen) onStack.merge(library, 1L, Long::sum);
    }

    private void write(Path recording, PrintStream out) {
        out.printf(Locale.ROOT, "%nJFR %s: %,d execution samples over %.1f s in %d threads%s%n", recording, samples,
                first == null ? 0 : Duration.between(first, last).toMillis() / 1e3, threads.size(),
                truncated == 0 ? "" : String.format(Locale.ROOT,
                        "; %,d stacks truncated at the recorder's depth (on-the-stack shares are low bounds)", truncated));
        if (samples == 0) return;
        out.printf("%nHottest methods (the top frame: the method running, not its callers):%n%n");
        out.println("| # | method | samples | % |");
        out.println("|---:|---|---:|---:|");
        int rank = 0;
        for (Map.Entry<String, Long> method : top(methods, TOP)) {
            out.printf(Locale.ROOT, "| %d | `%s` | %,d | %.1f |%n", ++rank, method.getKey(), method.getValue(),
                    percent(method.getValue()));
        }
        out.printf("%nBy package or library, %% of the samples: the top frame in it (self); the top frame in it or in the"
                + " JDK code it called (with the JDK it calls); any frame in it (on the stack, overlapping):%n%n");
        out.println("| library | self, % | with the JDK it calls, % | on the stack, % |");
        out.println("|---|---:|---:|---:|");
        for (Library library : Library.values()) {
            out.printf(Locale.ROOT, "| %s | %.1f | %s | %.1f |%n", library.label, percent(self.getOrDefault(library, 0L)),
                    String.format(Locale.ROOT, library == Library.JDK ? "%.1f (the JDK alone)" : "%.1f",
                            percent(caller.getOrDefault(library, 0L))),
                    percent(onStack.getOrDefault(library, 0L)));
        }
        out.printf("%nOur code with all it called: the innermost org.certsync method on each sample's stack (the stack as"
                + " recorded; see truncated above):%n%n");
        out.println("| # | org.certsync method | samples | % |");
        out.println("|---:|---|---:|---:|");
        rank = 0;
        for (Map.Entry<String, Long> method : top(ours, TOP)) {
            out.printf(Locale.ROOT, "| %d | %s | %,d | %.1f |%n", ++rank,
                    NOT_OURS.equals(method.getKey()) ? NOT_OURS : "`" + method.getKey() + "`", method.getValue(),
                    percent(method.getValue()));
        }
        out.printf("%nHottest packages (top frame):%n%n");
        out.println("| package | library | samples | % |");
        out.println("|---|---|---:|---:|");
        for (Map.Entry<String, Long> pkg : top(packages, TOP)) {
            out.printf(Locale.ROOT, "| `%s` | %s | %,d | %.1f |%n", pkg.getKey(), Library.of(pkg.getKey() + ".").label,
                    pkg.getValue(), percent(pkg.getValue()));
        }
        out.printf("%nThreads:%n%n");
        out.println("| thread | samples | % |");
        out.println("|---|---:|---:|");
        for (Map.Entry<String, Long> thread : top(threads, TOP_THREADS)) {
            out.printf(Locale.ROOT, "| %s | %,d | %.1f |%n", thread.getKey(), thread.getValue(), percent(thread.getValue()));
        }
    }

    private double percent(long count) {
        return 100.0 * count / samples;
    }

    private static List<Map.Entry<String, Long>> top(Map<String, Long> counts, int limit) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(limit).toList();
    }
}
