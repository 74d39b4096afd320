package org.certsync.demo.simulator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The most recent requests, oldest first; bounded so a long-running demo does not grow without end. */
final class RequestLog {

    private final int capacity;
    private final Deque<LoggedRequest> entries = new ArrayDeque<>();

    RequestLog(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(LoggedRequest request) {
        if (entries.size() == capacity) entries.removeFirst();
        entries.addLast(request);
    }

    synchronized List<LoggedRequest> entries() {
        return List.copyOf(entries);
    }

    synchronized void clear() {
        entries.clear();
    }
}
