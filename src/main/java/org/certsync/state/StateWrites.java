package org.certsync.state;

import java.util.ArrayList;
import java.util.List;

/**
 * The state records of one $batch's recipients, collected as Camel confirms each (after its own successful write to
 * Exchange Online) and written by {@link PublishedState#write} in one commit when the batch's members are done: a
 * commit per batch instead of one per recipient. Travels as the batch exchange's property {@value #PROPERTY}, which its
 * member exchanges share.
 */
public final class StateWrites {

    /** The exchange property of a batch, from before its members to their write. */
    public static final String PROPERTY = "certsyncStateWrites";

    /** A publication confirmed in a run, waiting to be recorded. */
    record Confirmed(Publication publication, String runId) {
    }

    private final List<Confirmed> confirmed = new ArrayList<>();

    synchronized void add(Publication publication, String runId) {
        confirmed.add(new Confirmed(publication, runId));
    }

    /** The confirmed publications so far, handed over once. */
    synchronized List<Confirmed> drain() {
        List<Confirmed> drained = List.copyOf(confirmed);
        confirmed.clear();
        return drained;
    }
}
