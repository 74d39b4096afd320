package org.certsync.sync;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.Iterator;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A run's changes and problems, written to disk as they happen (JSON Lines), so that the run holds counters, not
 * 100,000 changes. Read back only when iterated: by the report writer, which streams them into the report, and by
 * whoever asks a report for its lists.
 */
final class RunJournal implements AutoCloseable {

    private final ObjectMapper json;
    private final Path changesFile;
    private final Path problemsFile;
    private final BufferedWriter changes;
    private final BufferedWriter problems;
    private int changeCount;
    private int problemCount;

    RunJournal(ObjectMapper json, Path directory, String runId) {
        this.json = json;
        try {
            Files.createDirectories(directory);
            this.changesFile = directory.resolve(".run-" + runId + ".changes.jsonl");
            this.problemsFile = directory.resolve(".run-" + runId + ".problems.jsonl");
            this.changes = Files.newBufferedWriter(changesFile, StandardCharsets.UTF_8);
            this.problems = Files.newBufferedWriter(problemsFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run's journal beside certsync.report-file, in " + directory, e);
        }
    }

    synchronized void change(RunReport.Change change) {
        write(changes, change);
        changeCount++;
    }

    synchronized void problem(RunReport.UserProblem problem) {
        write(problems, problem);
        problemCount++;
    }

    /** The changes so far, read from the journal when iterated. */
    synchronized java.util.List<RunReport.Change> changes() {
        flush(changes);
        return new Entries<>(json, changeCount, RunReport.Change.class, () -> json.createParser(changesFile.toFile()));
    }

    synchronized java.util.List<RunReport.UserProblem> problems() {
        flush(problems);
        return new Entries<>(json, problemCount, RunReport.UserProblem.class, () -> json.createParser(problemsFile.toFile()));
    }

    /** Closes and deletes the journal: call once the report holding its entries is written. */
    @Override
    public synchronized void close() {
        try {
            changes.close();
            problems.close();
            Files.deleteIfExists(changesFile);
            Files.deleteIfExists(problemsFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the run's journal " + changesFile, e);
        }
    }

    private void write(BufferedWriter writer, Object entry) {
        try {
            writer.write(json.writeValueAsString(entry));
            writer.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run's journal " + changesFile, e);
        }
    }

    private static void flush(BufferedWriter writer) {
        try {
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run's journal", e);
        }
    }

    /** Opens a parser placed just before the first entry: at the start of a JSON Lines file, or inside an array. */
    interface Source {
        JsonParser open() throws IOException;
    }

    /**
     * A list read from a file each time it is iterated, one entry at a time: never all of it in memory unless the
     * caller copies it. Its size is known without reading.
     */
    static final class Entries<T> extends AbstractList<T> {

        private final ObjectMapper json;
        private final int size;
        private final Class<T> type;
        private final Source source;

        Entries(ObjectMapper json, int size, Class<T> type, Source source) {
            this.json = json;
            this.size = size;
            this.type = type;
            this.source = source;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public T get(int index) {
            if (index < 0 || index >= size) throw new IndexOutOfBoundsException(index);
            try (JsonParser parser = source.open()) {
                for (int i = 0; i < index; i++) {
                    parser.nextToken();
                    parser.skipChildren();
                }
                parser.nextToken();
                return json.readValue(parser, type);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the run's journal", e);
            }
        }

        @Override
        public Iterator<T> iterator() {
            return new Iterator<>() {
                private JsonParser parser;
                private int read;

                @Override
                public boolean hasNext() {
                    return read < size;
                }

                @Override
                public T next() {
                    if (!hasNext()) throw new NoSuchElementException();
                    try {
                        if (parser == null) parser = source.open();
                        if (parser.nextToken() != JsonToken.START_OBJECT) {
                            throw new IllegalStateException("the run's journal ends after " + read + " of " + size + " entries");
                        }
                        T entry = json.readValue(parser, type);
                        if (++read == size) parser.close();
                        return entry;
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read the run's journal", e);
                    }
                }
            };
        }
    }
}
