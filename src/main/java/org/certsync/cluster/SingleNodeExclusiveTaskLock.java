package org.certsync.cluster;

import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/** A task's lock on a node alone; a permit, not a thread's lock: the task may end on another thread. */
public class SingleNodeExclusiveTaskLock implements ExclusiveTaskLock {

    private final Semaphore upload = new Semaphore(1);

    @Override
    public Optional<Held> tryTake() {
        if (!upload.tryAcquire()) return Optional.empty();
        AtomicBoolean open = new AtomicBoolean(true);
        return Optional.of(() -> {
            if (open.compareAndSet(true, false)) upload.release();
        });
    }
}
