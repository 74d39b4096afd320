package org.certsync.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import org.certsync.bench.Slapd;

/**
 * A real server some tests need, which the environment provides or not: .ci/run starts each of them. Without it a
 * test is skipped on a developer's machine, and fails where {@code CERTSYNC_REQUIRE_INTEGRATION=true} (CI): a green
 * run means every one of them ran.
 */
public enum IntegrationServer {

    POSTGRESQL("PostgreSQL", "CERTSYNC_TEST_POSTGRES_URL names no database (jdbc:postgresql://host:port/db?user=...)",
            () -> env("CERTSYNC_TEST_POSTGRES_URL").matches("jdbc:postgresql:.+")),
    ACTIVE_DIRECTORY("an Active Directory domain controller", "CERTSYNC_TEST_AD_URL names no server: .ci/samba-ad"
            + " starts Samba's AD DC and prints the CERTSYNC_TEST_AD_* variables",
            () -> env("CERTSYNC_TEST_AD_URL").matches("ldaps?://.+")),
    OPENLDAP("OpenLDAP (slapd)", "slapd, slapadd or ldapsearch is missing: apt-get install slapd ldap-utils",
            Slapd::installed),
    CHROMIUM("headless Chromium", "/usr/bin/chromium or /usr/bin/chromedriver is missing: apt-get install chromium"
            + " chromium-driver", () -> Files.isExecutable(Chromium.BINARY) && Files.isExecutable(Chromium.DRIVER)),
    CONTAINER_IMAGE("the container image built by this run, and root", "the image is built by mvn -Pimage verify"
            + " (deploy/image/base-image needs mmdebstrap: apt-get install mmdebstrap), and unpacking it with its"
            + " owners and starting it in namespaces of its own (unshare) takes root", ContainerImage::runnable);

    /** The OCI tarball of the image, which failsafe names when profile image built it, and what runs it. */
    public static final class ContainerImage {
        public static final Path UNSHARE = Path.of("/usr/bin/unshare");

        private ContainerImage() {
        }

        public static Path tarball() {
            return Path.of(System.getProperty("certsync.image", ""));
        }

        static boolean runnable() {
            return Files.isRegularFile(tarball()) && Files.isExecutable(UNSHARE) && root();
        }

        private static boolean root() {
            try {
                return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
            } catch (IOException e) {
                return false;
            }
        }
    }

    /** Where Debian's chromium and chromium-driver packages put them. */
    public static final class Chromium {
        public static final Path BINARY = Path.of("/usr/bin/chromium");
        public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

        private Chromium() {
        }
    }

    /** Set by .ci/run: a missing server fails the tests that need it instead of skipping them. */
    public static final String REQUIRE = "CERTSYNC_REQUIRE_INTEGRATION";

    private final String server;
    private final String missing;
    private final BooleanSupplier available;

    IntegrationServer(String server, String missing, BooleanSupplier available) {
        this.server = server;
        this.missing = missing;
        this.available = available;
    }

    public boolean available() {
        return available.getAsBoolean();
    }

    /** Why the tests that need this server cannot run here. */
    public String why() {
        return "needs " + server + ": " + missing;
    }

    static boolean required() {
        return "true".equalsIgnoreCase(env(REQUIRE));
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null ? "" : value;
    }
}
