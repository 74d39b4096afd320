package org.certsync.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.certsync.testsupport.FreePort;

/**
 * OpenLDAP slapd (Debian packages {@code slapd} and {@code ldap-utils}) on loopback with an LMDB database below a
 * bench directory: a real directory server with indexed, cursor-based paging, as AD has, that costs little CPU and
 * memory beside CertSync on a small machine. Loaded offline with slapadd; stopped with SIGTERM.
 */
public final class Slapd implements AutoCloseable {

    private static final Path SLAPD = Path.of("/usr/sbin/slapd");
    private static final Path SLAPADD = Path.of("/usr/sbin/slapadd");
    private static final Path SCHEMA = Path.of("/etc/ldap/schema");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final String ADMIN_DN = "cn=admin," + BenchDirectory.BASE;

    /** The AD attributes CertSync reads that OpenLDAP's standard schema lacks, with Microsoft's OIDs. */
    private static final String AD_ATTRIBUTES = """
            attributetype ( 1.2.840.113556.1.4.656 NAME 'userPrincipalName'
                EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
            attributetype ( 1.2.840.113556.1.2.210 NAME 'proxyAddresses'
                EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )
            objectclass ( 1.3.6.1.4.1.32473.1.1 NAME 'certsyncBenchMailUser' AUXILIARY
                MAY ( userPrincipalName $ proxyAddresses ) )
            """;

    private final int port;
    private final Process process;

    private Slapd(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    public static boolean installed() {
        return Files.isExecutable(SLAPD) && Files.isExecutable(SLAPADD) && Files.isDirectory(SCHEMA)
                && Stream.of("ldapsearch", "ldapmodify").allMatch(Slapd::onPath);
    }

    /** A new database under {@code directory} holding the first {@code users} users, served on a free port. */
    static Slapd start(Path directory, BenchDirectory ldif, int users) throws IOException, InterruptedException {
        deleteRecursively(directory);
        Path database = Files.createDirectories(directory.resolve("db"));
        Files.writeString(directory.resolve("ad-attributes.schema"), AD_ATTRIBUTES);
        Path config = directory.resolve("slapd.conf");
        Files.writeString(config, """
                include %1$s/core.schema
                include %1$s/cosine.schema
                include %1$s/inetorgperson.schema
                include %2$s/ad-attributes.schema
                pidfile %2$s/slapd.pid
                modulepath /usr/lib/ldap
                moduleload back_mdb
                database mdb
                maxsize 17179869184
                suffix "%3$s"
                rootdn "%5$s"
                rootpw %6$s
                directory %4$s
                index objectClass eq
                index uid eq
                limits users size.soft=unlimited size.hard=unlimited size.prtotal=unlimited
                """.formatted(SCHEMA, directory.toAbsolutePath(), BenchDirectory.BASE, database.toAbsolutePath(), ADMIN_DN,
                        BenchDirectory.BIND_PASSWORD));
        Process slapadd = new ProcessBuilder(SLAPADD.toString(), "-q", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("slapadd.log").toFile()).start();
        try (BufferedWriter in = new BufferedWriter(new OutputStreamWriter(slapadd.getOutputStream(), StandardCharsets.US_ASCII))) {
            ldif.writeEntries(users, in);
        }
        if (slapadd.waitFor() != 0) {
            throw new IllegalStateException("slapadd failed: " + Files.readString(directory.resolve("slapadd.log")));
        }
        int port = FreePort.onLoopback();
        // -d 0 keeps slapd in the foreground, so this process owns it
        Process process = new ProcessBuilder(SLAPD.toString(), "-d", "0", "-h", "ldap://127.0.0.1:" + port + "/",
                "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("slapd.log").toFile()).start();
        Slapd slapd = new Slapd(port, process);
        slapd.awaitListening(directory.resolve("slapd.log"));
        return slapd;
    }

    String url() {
        return "ldap://127.0.0.1:" + port;
    }

    /** Applies an LDIF change set with ldapmodify, as the directory's administrator (CertSync's account only reads). */
    void modify(Path changes) throws IOException, InterruptedException {
        run(List.of("ldapmodify", "-x", "-H", url(), "-D", ADMIN_DN, "-w", BenchDirectory.BIND_PASSWORD,
                "-f", changes.toString()), changes.resolveSibling(changes.getFileName() + ".log"));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }

    private void awaitListening(Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("slapd stopped: " + Files.readString(log));
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            }
        }
        throw new IllegalStateException("slapd did not listen on " + url() + " within " + START_TIMEOUT);
    }

    private static void run(List<String> command, Path log) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(command.get(0) + " failed: " + Files.readString(log));
        }
    }


    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) return;
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(path);
        }
    }
}
