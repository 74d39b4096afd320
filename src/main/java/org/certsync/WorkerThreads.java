package org.certsync;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The fixed pools CertSync's splits run on: daemon threads named certsync-&lt;name&gt;-1, -2, … for thread dumps. */
public final class WorkerThreads {

    private WorkerThreads() {
    }

    /** A pool of {@code size} threads; its bean shuts it down with the application. */
    public static ExecutorService fixed(String name, int size) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(size, task -> {
            Thread thread = new Thread(task, "certsync-" + name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
