package org.certsync.certificate;

import org.certsync.testsupport.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.certsync.certificate.TestCertificates.NOW;
import static org.certsync.certificate.TestCertificates.ca;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryCrlSourceTest {

    private static final Duration MAX_CACHE_AGE = Duration.ofHours(1);

    @TempDir
    Path directory;

    private final MutableClock clock = new MutableClock(NOW);

    private DirectoryCrlSource source() {
        return new DirectoryCrlSource(directory, MAX_CACHE_AGE, clock);
    }

    @Test
    void derCrlFileIsFoundByIssuer() throws Exception {
        X509CRL crl = ca().crl().build();
        Files.write(directory.resolve("test-ca.crl"), crl.getEncoded());

        assertThat(source().crlFor(ca().leaf().build()).crl()).isEqualTo(crl);
    }

    @Test
    void pemCrlFileIsFoundByIssuer() throws Exception {
        X509CRL crl = ca().crl().build();
        Files.writeString(directory.resolve("test-ca.CRL"), TestCertificates.pem("X509 CRL", crl.getEncoded()));

        assertThat(source().crlFor(ca().leaf().build()).crl()).isEqualTo(crl);
    }

    @Test
    void certificateOfAnIssuerWithoutCrlFileHasNoCrlHere() throws Exception {
        Files.write(directory.resolve("foreign.crl"), TestCertificates.newCa("Foreign CA").crl().der());

        assertThat(source().crlFor(ca().leaf().build()).crl()).isNull();
    }

    @Test
    void newestCrlOfAnIssuerWins() throws Exception {
        X509CRL older = ca().crl().thisUpdate(NOW.minus(Duration.ofDays(2))).build();
        X509CRL newer = ca().crl().thisUpdate(NOW.minus(Duration.ofHours(1))).build();
        Files.write(directory.resolve("a.crl"), newer.getEncoded());
        Files.write(directory.resolve("b.crl"), older.getEncoded());

        assertThat(source().crlFor(ca().leaf().build()).crl()).isEqualTo(newer);
    }

    @Test
    void unreadableFilesAndOtherFilesAreIgnored() throws Exception {
        X509CRL crl = ca().crl().build();
        Files.write(directory.resolve("broken.crl"), new byte[] {0x30, 0x03, 0x01});
        Files.write(directory.resolve("test-ca.crl.tmp"), new byte[] {1, 2, 3});
        Files.write(directory.resolve("test-ca.crl"), crl.getEncoded());

        assertThat(source().crlFor(ca().leaf().build()).crl()).isEqualTo(crl);
    }

    @Test
    void replacedFileIsReadAfterTheCacheAge() throws Exception {
        Path file = directory.resolve("test-ca.crl");
        X509CRL original = ca().crl().build();
        Files.write(file, original.getEncoded());
        DirectoryCrlSource source = source();
        source.crlFor(ca().leaf().build());
        X509CRL replacement = ca().crl().thisUpdate(NOW).revoke(BigInteger.TEN).build();
        Files.write(file, replacement.getEncoded());

        clock.advance(MAX_CACHE_AGE.minusSeconds(1));
        assertThat(source.crlFor(ca().leaf().build()).crl()).isEqualTo(original);

        clock.advance(Duration.ofSeconds(1));
        assertThat(source.crlFor(ca().leaf().build()).crl()).isEqualTo(replacement);
    }

    @Test
    void missingDirectoryIsUnavailable() {
        DirectoryCrlSource source = new DirectoryCrlSource(directory.resolve("missing"), MAX_CACHE_AGE, clock);

        assertThatThrownBy(() -> source.crlFor(ca().leaf().build()))
                .isInstanceOf(CrlUnavailableException.class)
                .hasMessageStartingWith("cannot read crl-directory");
    }
}
