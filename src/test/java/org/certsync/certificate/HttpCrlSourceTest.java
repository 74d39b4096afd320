package org.certsync.certificate;

import org.certsync.testsupport.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.certsync.certificate.TestCertificates.NOW;
import static org.certsync.certificate.TestCertificates.ca;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpCrlSourceTest {

    private static final String CRL_PATH = "/ca.crl";
    private static final Duration MAX_CACHE_AGE = Duration.ofDays(30);
    private static final Duration RETRY_DELAY = Duration.ofMinutes(5);

    private final TestCrlServer server = new TestCrlServer();
    private final MutableClock clock = new MutableClock(NOW);
    private final HttpCrlSource source =
            new HttpCrlSource(Duration.ofSeconds(10), MAX_CACHE_AGE, RETRY_DELAY, clock);

    @AfterEach
    void stopServer() {
        server.close();
    }

    private X509Certificate leaf() {
        return ca().leaf().crlDistributionPoint(server.url(CRL_PATH)).build();
    }

    @Test
    void crlIsDownloadedOnceForAllCertificatesThatPointToIt() throws Exception {
        X509CRL crl = ca().crl().build();
        server.serve(CRL_PATH, crl.getEncoded());

        assertThat(source.crlFor(leaf()).crl()).isEqualTo(crl);
        assertThat(source.crlFor(leaf()).crl()).isEqualTo(crl);
        assertThat(server.requests(CRL_PATH)).isEqualTo(1);
    }

    @Test
    void crlIsDownloadedAgainAtItsNextUpdate() throws Exception {
        server.serve(CRL_PATH, ca().crl().nextUpdate(NOW.plus(Duration.ofHours(6))).der());
        source.crlFor(leaf());

        clock.advance(Duration.ofHours(6).minusSeconds(1));
        source.crlFor(leaf());
        assertThat(server.requests(CRL_PATH)).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        source.crlFor(leaf());
        assertThat(server.requests(CRL_PATH)).isEqualTo(2);
    }

    @Test
    void crlIsDownloadedAgainAfterTheMaximumCacheAgeEvenBeforeItsNextUpdate() throws Exception {
        HttpCrlSource shortCache = new HttpCrlSource(Duration.ofSeconds(10), Duration.ofHours(1), RETRY_DELAY, clock);
        server.serve(CRL_PATH, ca().crl().nextUpdate(NOW.plus(Duration.ofDays(7))).der());
        shortCache.crlFor(leaf());

        clock.advance(Duration.ofHours(1));
        shortCache.crlFor(leaf());

        assertThat(server.requests(CRL_PATH)).isEqualTo(2);
    }

    @Test
    void crlWithoutNextUpdateIsKeptForTheMaximumCacheAge() throws Exception {
        server.serve(CRL_PATH, ca().crl().nextUpdate(null).der());
        source.crlFor(leaf());

        clock.advance(MAX_CACHE_AGE.minusSeconds(1));
        source.crlFor(leaf());
        assertThat(server.requests(CRL_PATH)).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        source.crlFor(leaf());
        assertThat(server.requests(CRL_PATH)).isEqualTo(2);
    }

    @Test
    void failedDownloadIsNotRetriedBeforeTheRetryDelay() {
        server.fail(CRL_PATH, 500);
        X509Certificate leaf = leaf();

        assertThatThrownBy(() -> source.crlFor(leaf)).isInstanceOf(CrlUnavailableException.class)
                .hasMessage("CRL " + server.url(CRL_PATH) + " answered HTTP 500");
        clock.advance(RETRY_DELAY.minusSeconds(1));
        assertThatThrownBy(() -> source.crlFor(leaf)).isInstanceOf(CrlUnavailableException.class);
        assertThat(server.requests(CRL_PATH)).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> source.crlFor(leaf)).isInstanceOf(CrlUnavailableException.class);
        assertThat(server.requests(CRL_PATH)).isEqualTo(2);
    }

    @Test
    void crlIsFetchedOnceTheServerRecovers() throws Exception {
        server.fail(CRL_PATH, 500);
        X509Certificate leaf = leaf();
        assertThatThrownBy(() -> source.crlFor(leaf)).isInstanceOf(CrlUnavailableException.class);

        X509CRL crl = ca().crl().build();
        server.serve(CRL_PATH, crl.getEncoded());
        clock.advance(RETRY_DELAY);

        assertThat(source.crlFor(leaf).crl()).isEqualTo(crl);
    }

    @Test
    void previousCrlIsUsedUntilItsNextUpdateWhenARefreshFails() throws Exception {
        HttpCrlSource shortCache = new HttpCrlSource(Duration.ofSeconds(10), Duration.ofHours(1), RETRY_DELAY, clock);
        X509CRL crl = ca().crl().nextUpdate(NOW.plus(Duration.ofDays(1))).build();
        server.serve(CRL_PATH, crl.getEncoded());
        X509Certificate leaf = leaf();
        shortCache.crlFor(leaf);
        server.fail(CRL_PATH, 503);

        clock.advance(Duration.ofHours(2));
        assertThat(shortCache.crlFor(leaf).crl()).isEqualTo(crl);

        clock.advance(Duration.ofDays(1));
        assertThatThrownBy(() -> shortCache.crlFor(leaf)).isInstanceOf(CrlUnavailableException.class);
    }

    @Test
    void pemEncodedCrlIsAccepted() throws Exception {
        X509CRL crl = ca().crl().build();
        server.serve(CRL_PATH, TestCertificates.pem("X509 CRL", crl.getEncoded()).getBytes(StandardCharsets.US_ASCII));

        assertThat(source.crlFor(leaf()).crl()).isEqualTo(crl);
    }

    @Test
    void responseThatIsNoCrlIsUnavailable() {
        server.serve(CRL_PATH, "<html>maintenance</html>".getBytes(StandardCharsets.US_ASCII));
        X509Certificate leaf = leaf();

        assertThatThrownBy(() -> source.crlFor(leaf)).isInstanceOf(CrlUnavailableException.class)
                .hasMessageStartingWith("CRL " + server.url(CRL_PATH) + " is not a CRL");
    }

    @Test
    void certificateWithoutDistributionPointHasNoCrlHere() throws Exception {
        assertThat(source.crlFor(ca().leaf().build()).crl()).isNull();
    }

    @Test
    void ldapDistributionPointIsIgnored() throws Exception {
        X509Certificate leaf = ca().leaf().crlDistributionPoint("ldap:///CN=CertSync%20Test%20CA?certificateRevocationList").build();

        assertThat(source.crlFor(leaf).crl()).isNull();
    }
}
