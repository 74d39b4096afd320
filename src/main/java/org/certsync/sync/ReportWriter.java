package org.certsync.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Writes run reports as JSON; atomically, so a reader never sees half a report. */
public class ReportWriter {

    private final ObjectMapper json;
    private final Path reportFile;

    public ReportWriter(ObjectMapper json, Path reportFile) {
        this.json = json.copy().enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        this.reportFile = reportFile.toAbsolutePath();
    }

    public Path write(RunReport report) {
        try {
            Files.createDirectories(reportFile.getParent());
            Path temporary = Files.createTempFile(reportFile.getParent(), ".report", ".json");
            json.writeValue(temporary.toFile(), report);
            Files.move(temporary, reportFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return reportFile;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run report to certsync.report-file=" + reportFile, e);
        }
    }
}
