package org.certsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.certsync.testsupport.TenantFixture;
import org.junit.jupiter.api.Test;

/** {@code --certsync.run-once=true} in a real child JVM: one sync, the report, the run's status as exit code. */
class RunOnceTest {

    @Test
    void demoRunOnceSyncsWritesTheReportAndExitsZero() throws Exception {
        Path dir = Path.of("target/test-data/run-once-demo");
        Process process = start(dir, "--certsync.demo=true", "--certsync.demo.data-dir=");

        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("run-once ends by itself").isTrue();
        assertThat(process.exitValue()).as(log(dir)).isZero();
        JsonNode report = new ObjectMapper().readTree(dir.resolve("last-run.json").toFile());
        assertThat(report.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(report.path("published").asInt()).isPositive();
    }

    @Test
    void runOnceAgainstAnUnreachableDirectoryExitsOneWithOneClearLine() throws Exception {
        Path dir = Path.of("target/test-data/run-once-unreachable");
        List<String> arguments = new ArrayList<>(TenantFixture.arguments());
        arguments.add("--certsync.ldap.url=ldap://127.0.0.1:1");
        Process process = start(dir, arguments.toArray(String[]::new));

        assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(log(dir)).isEqualTo(1);
        assertThat(log(dir)).contains("cannot reach the LDAP server at certsync.ldap.url=ldap://127.0.0.1:1")
                .doesNotContain("\tat org.apache.camel");
    }

    private static Process start(Path dir, String... extra) throws IOException {
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve("last-run.json"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "org.certsync.CertSyncApplication",
                "--certsync.run-once=true",
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:./" + dir + "/" + java.util.UUID.randomUUID() + "/certsync",
                "--certsync.report-file=" + dir + "/last-run.json"));
        command.addAll(List.of(extra));
        File log = dir.resolve("output.log").toFile();
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    }

    private static String log(Path dir) {
        try {
            return Files.readString(dir.resolve("output.log"));
        } catch (IOException e) {
            return "no output: " + e;
        }
    }
}
