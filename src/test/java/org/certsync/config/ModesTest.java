package org.certsync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The demo is asked for, never fallen into: CertSync in a child JVM, as an operator starts it (from the project
 * directory, so ./application.properties applies), refuses every half configuration with one line and writes nothing.
 */
class ModesTest {

    @Test
    void withoutAnySettingItSaysWhatIsMissingAndHowToStartTheDemo() throws Exception {
        Started started = start();

        assertThat(started.exitCode()).isNotZero();
        assertThat(started.log()).contains("certsync.ldap.url and certsync.exchange.tenant-id are not set",
                "start the demo with --certsync.demo=true").doesNotContain("\tat org.");
        assertThat(started.written()).isEmpty();
    }

    @Test
    void aDirectoryWithoutATenantIsRefusedAndWritesNothing() throws Exception {
        Started started = start("--certsync.ldap.url=ldap://dc1.corp.example:389");

        assertThat(started.exitCode()).isNotZero();
        assertThat(started.log()).contains("certsync.exchange.tenant-id is not set").doesNotContain("certsync.ldap.url is");
        assertThat(started.written()).isEmpty();
    }

    @Test
    void aTenantWithoutADirectoryIsRefusedAndWritesNothing() throws Exception {
        Started started = start("--certsync.exchange.tenant-id=5f0c1a2e-8d4b-4c39-9a7e-2b6f3d1e0c44");

        assertThat(started.exitCode()).isNotZero();
        assertThat(started.log()).contains("certsync.ldap.url is not set").doesNotContain("tenant-id is not set");
        assertThat(started.written()).isEmpty();
    }

    @Test
    void aDemoWithARealDirectoryIsRefused() throws Exception {
        Started started = start("--certsync.demo=true", "--certsync.ldap.url=ldap://dc1.corp.example:389");

        assertThat(started.exitCode()).isNotZero();
        assertThat(started.log()).contains("certsync.demo=true runs the embedded directory and the simulated tenant,"
                + " but certsync.ldap.url is set too");
        assertThat(started.written()).isEmpty();
    }

    @Test
    void aClusterOnTheH2FileIsRefusedAndWritesNothing() throws Exception {
        Started started = start("--certsync.ldap.url=ldap://dc1.corp.example:389",
                "--certsync.exchange.tenant-id=5f0c1a2e-8d4b-4c39-9a7e-2b6f3d1e0c44", "--certsync.cluster.enabled=true");

        assertThat(started.exitCode()).isNotZero();
        assertThat(started.log()).contains("certsync.cluster.enabled=true needs PostgreSQL, but spring.datasource.url is jdbc:h2:file:",
                "set spring.datasource.url=jdbc:postgresql://host/db").doesNotContain("\tat org.");
        assertThat(started.written()).isEmpty();
    }

    @Test
    void aConsoleGroupThatIsNoDnStopsTheStartNamingIt() throws Exception {
        Started started = start("--certsync.ldap.url=ldap://dc1.corp.example:389",
                "--certsync.exchange.tenant-id=5f0c1a2e-8d4b-4c39-9a7e-2b6f3d1e0c44",
                "--certsync.console.ldap.operator-group=CertSync Operators");

        assertThat(started.exitCode()).isNotZero();
        assertThat(started.log()).contains("certsync.console.ldap.operator-group='CertSync Operators' is not a DN")
                .doesNotContain("\tat org.");
    }

    @Test
    void hygieneThatRemovesWithoutAWriteAccountIsRefusedAndWritesNothing() throws Exception {
        Started started = start("--certsync.ldap.url=ldap://dc1.corp.example:389",
                "--certsync.exchange.tenant-id=5f0c1a2e-8d4b-4c39-9a7e-2b6f3d1e0c44", "--certsync.hygiene.enabled=true",
                "--certsync.hygiene.apply=true");

        assertThat(started.exitCode()).isNotZero();
        assertThat(started.log()).contains("certsync.hygiene.bind-dn is not set, but certsync.hygiene.apply=true removes"
                + " values from the directory").doesNotContain("\tat org.");
        assertThat(started.written()).isEmpty();
    }

    @Test
    void hygieneWithAReasonThatIsNoRejectionReasonIsRefusedNamingIt() throws Exception {
        Started started = start("--certsync.ldap.url=ldap://dc1.corp.example:389",
                "--certsync.exchange.tenant-id=5f0c1a2e-8d4b-4c39-9a7e-2b6f3d1e0c44", "--certsync.hygiene.enabled=true",
                "--certsync.hygiene.reasons=expired,outdated");

        assertThat(started.exitCode()).isNotZero();
        assertThat(started.log()).contains("certsync.hygiene.reasons=expired,outdated names 'outdated', which is no"
                + " rejection reason").doesNotContain("\tat org.");
        assertThat(started.written()).isEmpty();
    }

    /** How a child CertSync ended, and what it left in its own directory (database, reports, demo data). */
    private record Started(int exitCode, String log, List<Path> written) {
    }

    private static Started start(String... arguments) throws IOException, InterruptedException {
        Path dir = Path.of("target/test-data/modes", UUID.randomUUID().toString());
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.certsync.CertSyncApplication",
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:./" + dir + "/state/certsync",
                "--certsync.report-file=" + dir + "/reports/last-run.json",
                "--certsync.report-dir=" + dir + "/reports/history",
                "--certsync.demo.data-dir=" + dir + "/demo"));
        command.addAll(List.of(arguments));
        Path log = dir.resolve("output.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("a refused start ends by itself").isTrue();
        List<Path> written;
        try (Stream<Path> files = Files.walk(dir)) {
            written = files.filter(Files::isRegularFile).filter(f -> !f.equals(log)).toList();
        }
        return new Started(process.exitValue(), Files.readString(log), written);
    }
}
