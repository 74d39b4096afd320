package org.certsync.sync;

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

    /** The Set-* cmdlet calls the simulator received: the writes to Exchange Online. */
    List<LoggedRequest> setCalls() {
        return simulator.requests().stream().filter(r -> r.cmdlet() != null && r.cmdlet().startsWith("Set-")).toList();
    }
}
