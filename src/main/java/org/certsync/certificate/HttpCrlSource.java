package org.certsync.certificate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads CRLs from the HTTP(S) URLs in a certificate's CRL distribution points. Each URL is fetched at most
 * once per cache period, however many certificates point to it; a failed download is not retried for the retry
 * delay, so that a CRL server that is down costs one timeout, not one per user.
 */
final class HttpCrlSource implements CrlSource {

    private static final Logger log = LoggerFactory.getLogger(HttpCrlSource.class);
    /** Large public CAs publish CRLs of tens of MiB; anything beyond this is not a CRL worth holding in memory. */
    private static final int MAX_CRL_BYTES = 64 * 1024 * 1024;

    private final HttpClient client;
    private final Duration timeout;
    private final Duration maxCacheAge;
    private final Duration retryDelay;
    private final Clock clock;
    private final Map<URI, CachedCrl> cache = new ConcurrentHashMap<>();

    HttpCrlSource(Duration timeout, Duration maxCacheAge, Duration retryDelay, Clock clock) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.timeout = timeout;
        this.maxCacheAge = maxCacheAge;
        this.retryDelay = retryDelay;
        this.clock = clock;
    }

    @Override
    public Held crlFor(X509Certificate certificate) throws CrlUnavailableException {
        List<URI> urls = distributionPoints(certificate);
        // a certificate's distribution points never change: neither does this answer
        if (urls.isEmpty()) return new Held(null, null);
        List<String> problems = new ArrayList<>();
        for (URI url : urls) {
            try {
                return cache.computeIfAbsent(url, CachedCrl::new).get();
            } catch (CrlUnavailableException e) {
                problems.add(e.getMessage());
            }
        }
        throw new CrlUnavailableException(String.join("; ", problems));
    }

    private static List<URI> distributionPoints(X509Certificate certificate) throws CrlUnavailableException {
        byte[] extension = certificate.getExtensionValue(Extension.cRLDistributionPoints.getId());
        if (extension == null) return List.of();
        List<URI> urls = new ArrayList<>();
        try {
            for (DistributionPoint point : CRLDistPoint.getInstance(
                    JcaX509ExtensionUtils.parseExtensionValue(extension)).getDistributionPoints()) {
                DistributionPointName name = point.getDistributionPoint();
                if (name == null || name.getType() != DistributionPointName.FULL_NAME) continue;
                for (GeneralName generalName : GeneralNames.getInstance(name.getName()).getNames()) {
                    if (generalName.getTagNo() == GeneralName.uniformResourceIdentifier
                            && generalName.getName() instanceof ASN1String uri) {
                        httpUri(uri.getString()).ifPresent(urls::add);
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new CrlUnavailableException("malformed CRL distribution points");
        }
        return urls;
    }

    /** Only HTTP(S) is fetched; ldap: and file: distribution points are ignored. */
    private static Optional<URI> httpUri(String text) {
        try {
            URI uri = URI.create(text.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return scheme.equals("http") || scheme.equals("https") ? Optional.of(uri) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** One URL's CRL: fetched by the first caller that needs it, the others wait for that download. */
    private final class CachedCrl {
        private final URI url;
        private X509CRL crl;
        private String failure;
        private Instant refreshAt = Instant.MIN;

        CachedCrl(URI url) {
            this.url = url;
        }

        synchronized Held get() throws CrlUnavailableException {
            Instant now = clock.instant();
            if (now.isBefore(refreshAt)) {
                if (failure != null) throw new CrlUnavailableException(failure);
                return new Held(crl, refreshAt);
            }
            try {
                crl = download();
                failure = null;
                refreshAt = CrlSource.reuseUntil(crl, now, maxCacheAge);
                return new Held(crl, refreshAt);
            } catch (CrlUnavailableException e) {
                log.warn("{}; retrying after {}", e.getMessage(), retryDelay);
                refreshAt = now.plus(retryDelay);
                // the previous CRL stays authoritative until its nextUpdate, even when the refresh failed
                if (crl != null && crl.getNextUpdate() != null && now.isBefore(crl.getNextUpdate().toInstant())) {
                    return new Held(crl, refreshAt);
                }
                crl = null;
                failure = e.getMessage();
                throw e;
            }
        }

        private X509CRL download() throws CrlUnavailableException {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
            try {
                HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = response.body()) {
                    if (response.statusCode() != 200) {
                        throw new CrlUnavailableException("CRL " + url + " answered HTTP " + response.statusCode());
                    }
                    byte[] bytes = body.readNBytes(MAX_CRL_BYTES + 1);
                    if (bytes.length > MAX_CRL_BYTES) {
                        throw new CrlUnavailableException("CRL " + url + " is larger than " + MAX_CRL_BYTES + " bytes");
                    }
                    return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(bytes));
                }
            } catch (IOException e) {
                throw new CrlUnavailableException("CRL " + url + " unreachable: " + e);
            } catch (CRLException e) {
                throw new CrlUnavailableException("CRL " + url + " is not a CRL: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CrlUnavailableException("CRL " + url + " download interrupted");
            } catch (CertificateException e) {
                throw new IllegalStateException("X.509 is part of every Java runtime", e);
            }
        }
    }
}
