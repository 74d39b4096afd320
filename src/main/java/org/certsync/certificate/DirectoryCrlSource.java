package org.certsync.certificate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import javax.security.auth.x500.X500Principal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CRLs dropped into a directory (*.crl, DER or PEM) by whoever fetches them for hosts without access to the
 * distribution points. The directory is read into memory and read again once the cache age or the earliest
 * nextUpdate has passed, so a replaced file is picked up without a restart.
 */
final class DirectoryCrlSource implements CrlSource {

    private static final Logger log = LoggerFactory.getLogger(DirectoryCrlSource.class);

    private record Snapshot(Map<X500Principal, X509CRL> byIssuer, Instant rereadAt) {
    }

    private final Path directory;
    private final Duration maxCacheAge;
    private final Clock clock;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), Instant.MIN);

    DirectoryCrlSource(Path directory, Duration maxCacheAge, Clock clock) {
        this.directory = directory;
        this.maxCacheAge = maxCacheAge;
        this.clock = clock;
    }

    @Override
    public Held crlFor(X509Certificate certificate) throws CrlUnavailableException {
        Snapshot current = current();
        return new Held(current.byIssuer().get(certificate.getIssuerX500Principal()), current.rereadAt());
    }

    private Snapshot current() throws CrlUnavailableException {
        Snapshot current = snapshot;
        if (clock.instant().isBefore(current.rereadAt())) return current;
        synchronized (this) {
            Instant now = clock.instant();
            if (now.isBefore(snapshot.rereadAt())) return snapshot;
            snapshot = read(now);
            return snapshot;
        }
    }

    private Snapshot read(Instant now) throws CrlUnavailableException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(DirectoryCrlSource::isCrlFile).sorted().toList();
        } catch (IOException e) {
            throw new CrlUnavailableException("cannot read crl-directory " + directory + ": " + e.getMessage());
        }
        Map<X500Principal, X509CRL> byIssuer = new HashMap<>();
        for (Path file : files) {
            for (X509CRL crl : readFile(file)) {
                // several CRLs of one issuer (an old file left behind): the newest counts
                byIssuer.merge(crl.getIssuerX500Principal(), crl,
                        (a, b) -> a.getThisUpdate().after(b.getThisUpdate()) ? a : b);
            }
        }
        Instant rereadAt = now.plus(maxCacheAge);
        for (X509CRL crl : byIssuer.values()) {
            Instant reuseUntil = CrlSource.reuseUntil(crl, now, maxCacheAge);
            // an outdated CRL must not make every look-up read the directory again
            if (reuseUntil.isAfter(now) && reuseUntil.isBefore(rereadAt)) rereadAt = reuseUntil;
        }
        log.info("Read {} CRLs from {} ({} files)", byIssuer.size(), directory, files.size());
        return new Snapshot(Map.copyOf(byIssuer), rereadAt);
    }

    private static boolean isCrlFile(Path path) {
        return Files.isRegularFile(path) && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".crl");
    }

    private static List<X509CRL> readFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return CertificateFactory.getInstance("X.509").generateCRLs(in).stream()
                    .filter(X509CRL.class::isInstance)
                    .map(X509CRL.class::cast)
                    .toList();
        } catch (IOException | GeneralSecurityException e) {
            log.warn("Ignoring unreadable CRL file {}: {}", file, e.getMessage());
            return List.of();
        }
    }
}
