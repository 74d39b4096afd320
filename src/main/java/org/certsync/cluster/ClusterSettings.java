package org.certsync.cluster;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Several CertSync nodes on one PostgreSQL database ({@code certsync.cluster.*}).
 *
 * @param enabled         the nodes share the schedule (Quartz's clustered JDBC job store) and a run lock
 * @param nodeId          this node's name in reports, health, metrics and the console; unique in the cluster
 * @param checkInInterval how often a node tells the others it is alive; a node silent for about this long is taken
 *                        for dead and its triggers recovered
 * @param leaseTimeout    a node in a run renews its lease every quarter of this; a lease not renewed for this long is
 *                        broken by the next node that wants to run, and its holder stops its run
 * @param startupRunAfter a node's start-up run is skipped when a node finished a run less than this long ago
 */
@Validated
@ConfigurationProperties("certsync.cluster")
public record ClusterSettings(
        @DefaultValue("false") boolean enabled,
        @NotBlank String nodeId,
        @DefaultValue("7500ms") @NotNull Duration checkInInterval,
        @DefaultValue("2m") @NotNull Duration leaseTimeout,
        @DefaultValue("30m") @NotNull Duration startupRunAfter) {

    /** The host name and process id: unique for processes on one host and for pods (their host names differ). */
    public static String defaultNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
