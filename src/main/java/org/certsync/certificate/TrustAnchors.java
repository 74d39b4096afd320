package org.certsync.certificate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the trusted issuing CAs once, at start-up, from a key store, a PEM file or a directory of PEM/DER files.
 * A trust store that cannot be read or holds no certificate fails the start: a chain check against nothing would
 * silently reject every certificate.
 */
final class TrustAnchors {

    private static final Logger log = LoggerFactory.getLogger(TrustAnchors.class);
    private static final List<String> CERTIFICATE_FILE_SUFFIXES = List.of(".pem", ".crt", ".cer");

    private TrustAnchors() {
    }

    static Set<TrustAnchor> load(Path trustStore, String password, String type) {
        try {
            List<X509Certificate> certificates = Files.isDirectory(trustStore) ? fromDirectory(trustStore)
                    : isPem(trustStore) ? fromCertificateFile(trustStore)
                    : fromKeyStore(trustStore, password, type);
            if (certificates.isEmpty()) {
                throw new IllegalStateException("trust store " + trustStore + " holds no certificate");
            }
            Set<TrustAnchor> anchors = new HashSet<>();
            for (X509Certificate certificate : certificates) {
                anchors.add(new TrustAnchor(certificate, null));
                log.info("Trusted CA {} (SHA-256 {})", certificate.getSubjectX500Principal().getName(),
                        Fingerprints.sha256(certificate.getEncoded()));
            }
            return Collections.unmodifiableSet(anchors);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trust store " + trustStore, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read trust store " + trustStore + ": " + e.getMessage(), e);
        }
    }

    private static boolean isPem(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(64), StandardCharsets.US_ASCII).strip().startsWith("-----BEGIN");
        }
    }

    private static List<X509Certificate> fromDirectory(Path directory) throws IOException, GeneralSecurityException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(TrustAnchors::isCertificateFile).sorted().toList();
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (Path file : files) certificates.addAll(fromCertificateFile(file));
        return certificates;
    }

    private static boolean isCertificateFile(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(path) && CERTIFICATE_FILE_SUFFIXES.stream().anyMatch(name::endsWith);
    }

    /** PEM (any number of certificates) or a single DER certificate. */
    private static List<X509Certificate> fromCertificateFile(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast)
                    .toList();
        }
    }

    private static List<X509Certificate> fromKeyStore(Path file, String password, String type)
            throws IOException, GeneralSecurityException {
        KeyStore keyStore = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(file)) {
            keyStore.load(in, password == null ? null : password.toCharArray());
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (String alias : Collections.list(keyStore.aliases())) {
            Certificate certificate = keyStore.getCertificate(alias);
            if (certificate instanceof X509Certificate x509) certificates.add(x509);
        }
        return certificates;
    }
}
