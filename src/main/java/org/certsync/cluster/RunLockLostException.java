package org.certsync.cluster;

/** This node's run lost the cluster's run lock: it stops, so two nodes never publish at once. */
public class RunLockLostException extends RuntimeException {

    public RunLockLostException(String message) {
        super(message);
    }
}
