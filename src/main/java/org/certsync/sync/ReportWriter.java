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

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Writes run reports as JSON; atomically, so a reader never sees half a report. */
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

    /** Writes the report as the last run's and into the history, dropping the oldest beyond {@code keep}. */
    public Path write(RunReport report) {
        writeAtomically(report, reportFile, "certsync.report-file");
        return writeHistory(report);
    }

    /** Only into the history: for a skipped trigger, which must not hide the running run's report. */
    public Path writeHistory(RunReport report) {
        Path file = reportDir.resolve("run-" + FILE_TIME.format(report.startedAt()) + "-" + report.runId() + ".json");
        writeAtomically(report, file, "certsync.report-dir");
        pruneHistory();
        return file;
    }

    private void writeAtomically(RunReport report, Path target, String property) {
        try {
            Files.createDirectories(target.getParent());
            Path temporary = Files.createTempFile(target.getParent(), ".report", ".json");
            json.writeValue(temporary.toFile(), report);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run report to " + property + "=" + target, e);
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
