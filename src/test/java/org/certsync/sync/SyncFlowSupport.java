package org.certsync.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.camel.ProducerTemplate;
import org.certsync.exchange.simulator.ExchangeOnlineSimulator;
import org.certsync.exchange.simulator.LoggedRequest;
import org.springframework.beans.factory.annotation.Autowired;

/** What flow tests share: starting a sync the way the schedule does, and reading what reached the simulator. */
abstract class SyncFlowSupport {

    @Autowired
    ProducerTemplate producer;
    @Autowired
    SyncRuns runs;
    @Autowired(required = false)
    ExchangeOnlineSimulator simulator;

    RunReport sync() {
        producer.sendBody("direct:sync-run", null);
        return runs.lastReport().orElseThrow();
    }

    /** A copy of ./routes in a temporary folder, for tests that edit route files while the service runs. */
    static Path copyOfRoutes() {
        try {
            Path copy = Files.createTempDirectory("certsync-routes");
            try (var files = Files.list(Path.of("routes"))) {
                for (Path file : files.toList()) Files.copy(file, copy.resolve(file.getFileName()));
            }
            return copy;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Set-* cmdlet calls the simulator received: the writes to Exchange Online. */
    List<LoggedRequest> setCalls() {
        return simulator.requests().stream().filter(r -> r.cmdlet() != null && r.cmdlet().startsWith("Set-")).toList();
    }
}
