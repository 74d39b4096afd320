package org.certsync.bench;

/**
 * What one measured CertSync run did and cost.
 *
 * @param name           e.g. "100000-1-full"
 * @param directoryUsers users in the directory
 * @param exitCode       of the run-once JVM: 0 succeeded, 1 failed, 2 some users failed
 * @param status         from the run report
 * @param wallSeconds    JVM launch to exit
 * @param startupSeconds JVM launch to the start of the sync
 * @param syncSeconds    the sync itself (the report's duration)
 * @param syncCpuSeconds CPU time of the JVM (all threads: work, JIT, GC) during the sync
 * @param harnessSyncCpuSeconds CPU time of the harness's JVM during the sync: the simulated tenant's answers, apart
 *                       from CertSync's
 * @param cpuSeconds     CPU time of the JVM from launch to exit
 * @param rssPeakMb      peak resident set size (VmHWM)
 * @param gc             heap figures from the GC log
 * @param usersScanned   users read from the directory
 * @param certificates   certificate values judged (accepted + rejected)
 * @param rejected       certificate values rejected
 * @param exchangeCalls  InvokeCommand calls: published + failed + retried
 * @param published      recipients written
 */
record RunFigures(String name, int directoryUsers, int exitCode, String status, double wallSeconds,
                  double startupSeconds, double syncSeconds, double syncCpuSeconds, double harnessSyncCpuSeconds,
                  double cpuSeconds, long rssPeakMb, GcLog gc, long usersScanned, long certificates, long rejected,
                  long exchangeCalls, long published) {

    /** The InvokeCommand calls a run report counts: published, failed and retried. */
    static long exchangeCalls(com.fasterxml.jackson.databind.JsonNode report) {
        return report.path("published").asLong() + report.path("failed").asLong() + report.path("retries").asLong();
    }

    double usersPerSecond() {
        return usersScanned / syncSeconds;
    }

    double certificatesPerSecond() {
        return certificates / syncSeconds;
    }

    /** CertSync's CPU seconds per 1,000 users read: comparable across directory sizes. */
    double cpuSecondsPerThousandUsers() {
        return 1000 * syncCpuSeconds / usersScanned;
    }
}
