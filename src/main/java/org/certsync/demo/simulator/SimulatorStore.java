package org.certsync.demo.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the simulated recipients in a JSON file (the demo's data directory), so a restarted demo still shows what was
 * published, as a tenant would. Written whole to a temporary file and moved into place, so a crash leaves the last
 * complete state.
 */
final class SimulatorStore {

    private static final Logger log = LoggerFactory.getLogger(SimulatorStore.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    private final Path file;

    SimulatorStore(Path file) {
        this.file = file;
    }

    /** The recipients by tenant. */
    Map<String, List<MailRecipient.Stored>> load() {
        if (!Files.exists(file)) return Map.of();
        try {
            Map<String, List<MailRecipient.Stored>> stored = JSON.readValue(file.toFile(), new TypeReference<>() {
            });
            log.info("Simulator restored {} recipients of {} tenants from {}",
                    stored.values().stream().mapToInt(List::size).sum(), stored.size(), file);
            return stored;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the simulator's recipients from " + file
                    + ": delete it to start the simulated tenant empty", e);
        }
    }

    void save(Map<String, List<MailRecipient.Stored>> recipients) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            JSON.writeValue(partial.toFile(), recipients);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("Cannot keep the simulator's recipients in {}: {}", file, e.getMessage());
        }
    }
}
