package org.certsync.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Writes run reports as JSON; atomically, so a reader never sees half a report. A report's changes and problems are
 * streamed from the run's journal into the file, and the report handed back reads them from that file when asked.
 */
public class ReportWriter {

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final ObjectMapper json;
    private final Path reportFile;
    private final Path reportDir;
    private final int keep;

    public ReportWriter(ObjectMapper json, Path reportFile, Path reportDir, int keep) {
        this.json = json.copy().enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        this.reportFile = reportFile.toAbsolutePath();
        this.reportDir = reportDir.toAbsolutePath();
        this.keep = keep;
    }

    /** A new run's journal, beside the last run's report; journals a killed run left behind are deleted. */
    RunJournal journal(String runId) {
        Path directory = reportFile.getParent();
        try (Stream<Path> files = Files.exists(directory) ? Files.list(directory) : Stream.empty()) {
            for (Path old : files.filter(f -> f.getFileName().toString().startsWith(".run-")).toList()) Files.deleteIfExists(old);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean up old run journals beside certsync.report-file=" + reportFile, e);
        }
        return new RunJournal(json.copy().disable(SerializationFeature.INDENT_OUTPUT), directory, runId);
    }

    /**
     * Writes the report into the history, dropping the oldest beyond {@code keep}, and as the last run's; answers the
     * report as written, its lists read from the history file.
     */
    /** The report without its lists, as JSON: what the other nodes of a cluster show of this node's last run. */
    public String summary(RunReport report) {
        try {
            return json.writeValueAsString(RunReport.Builder.from(report).changes(List.of()).problems(List.of()).expiring(List.of())
                    .build());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a run report could not be written as JSON", e);
        }
    }

    public RunReport write(RunReport report) {
        Path history = writeHistory(report);
        try {
            Path temporary = Files.createTempFile(createDirectories(reportFile.getParent(), "certsync.report-file"), ".report", ".json");
            Files.copy(history, temporary, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temporary, reportFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run report to certsync.report-file=" + reportFile, e);
        }
        return RunReport.Builder.from(report)
                .changes(stored(history, "changes", report.changes().size(), RunReport.Change.class))
                .problems(stored(history, "problems", report.problems().size(), RunReport.UserProblem.class))
                .build();
    }

    /** Only into the history: for a skipped trigger, which must not hide the running run's report. */
    public Path writeHistory(RunReport report) {
        Path file = reportDir.resolve("run-" + FILE_TIME.format(report.startedAt()) + "-" + report.runId() + ".json");
        writeAtomically(json, report, file, "certsync.report-dir");
        pruneHistory();
        return file;
    }

    /**
     * Writes a report as JSON to its file atomically: beside it first, then moved over it, so that a reader sees the
     * old report or the new one, never half of one.
     *
     * @param property the setting that names the file or its directory, for the message when it cannot be written
     */
    public static void writeAtomically(ObjectMapper json, Object report, Path file, String property) {
        try {
            Path temporary = Files.createTempFile(createDirectories(file.getParent(), property), ".report", ".json");
            json.writeValue(temporary.toFile(), report);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + property + "=" + file, e);
        }
    }

    /** One of a written report's lists, read from its file when iterated. */
    private <T> List<T> stored(Path file, String field, int size, Class<T> type) {
        return new RunJournal.Entries<>(json, size, type, () -> {
            JsonParser parser = json.createParser(file.toFile());
            // the report's own fields are on its first level; the lists hold objects, so depth tells them apart
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME && parser.getParsingContext().getParent().inRoot()
                        && field.equals(parser.currentName())) {
                    parser.nextToken();
                    return parser;
                }
            }
            parser.close();
            throw new IOException("the run report " + file + " has no " + field);
        });
    }

    private static Path createDirectories(Path directory, String property) {
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + property + " directory " + directory, e);
        }
    }

    private void pruneHistory() {
        try (Stream<Path> files = Files.list(reportDir)) {
            List<Path> reports = files.filter(f -> f.getFileName().toString().startsWith("run-")).sorted().toList();
            for (Path old : reports.subList(0, Math.max(0, reports.size() - keep))) Files.deleteIfExists(old);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prune old run reports in certsync.report-dir=" + reportDir, e);
        }
    }
}
