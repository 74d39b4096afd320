package org.certsync.exchange;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import org.certsync.certificate.Fingerprints;

/**
 * A certificate credential: every token request carries a fresh client assertion, a JWT signed PS256 with the
 * app's private key and naming the certificate by its SHA-256 thumbprint ({@code x5t#S256}).
 */
final class ClientCertificateCredential implements ClientCredential {

    private static final String PROPERTY = "certsync.exchange.client-certificate";
    /** Entra ID accepts assertions valid for up to 10 minutes. */
    private static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(10);
    /** A provider instance rather than a registered one: loading a key must not change the JVM's providers. */
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private final String clientId;
    private final PrivateKey privateKey;
    private final Base64URL thumbprint;
    private final String fingerprint;

    private ClientCertificateCredential(String clientId, PrivateKey privateKey, X509Certificate certificate) {
        this.clientId = clientId;
        this.privateKey = privateKey;
        try {
            byte[] der = certificate.getEncoded();
            this.thumbprint = Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(der));
            this.fingerprint = Fingerprints.sha256(der);
        } catch (GeneralSecurityException e) {
            throw new ExchangeAuthenticationException(PROPERTY + ": the certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the key and certificate from a PKCS#12 file or a PEM file (told apart by content, not by name).
     *
     * @throws ExchangeAuthenticationException naming the property to fix
     */
    static ClientCertificateCredential load(String clientId, Path file, String password) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ExchangeAuthenticationException(PROPERTY + "=" + file + " does not exist", e);
        } catch (IOException e) {
            throw new ExchangeAuthenticationException("cannot read " + PROPERTY + "=" + file + ": " + Causes.describe(e), e);
        }
        KeyMaterial material = new String(content, 0, Math.min(content.length, 64), StandardCharsets.US_ASCII).contains("-----BEGIN")
                ? readPem(file, content, password)
                : readPkcs12(file, content, password);
        if (!(material.key() instanceof RSAKey key) || !(material.certificate().getPublicKey() instanceof RSAKey certificateKey)) {
            throw new ExchangeAuthenticationException(PROPERTY + "=" + file + " holds a " + material.key().getAlgorithm()
                    + " key: Entra ID certificate credentials need an RSA key");
        }
        if (!key.getModulus().equals(certificateKey.getModulus())) {
            throw new ExchangeAuthenticationException(PROPERTY + "=" + file
                    + ": the private key does not belong to the certificate in the file");
        }
        return new ClientCertificateCredential(clientId, material.key(), material.certificate());
    }

    @Override
    public Map<String, String> formFields(URI tokenEndpoint, Instant now) {
        return Map.of("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion", assertion(tokenEndpoint, now));
    }

    @Override
    public String property() {
        return PROPERTY;
    }

    @Override
    public String description() {
        return "certificate sha256=" + fingerprint;
    }

    @Override
    public String toString() {
        return "ClientCertificateCredential[" + description() + "]";
    }

    private String assertion(URI tokenEndpoint, Instant now) {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.PS256)
                .type(JOSEObjectType.JWT)
                .x509CertSHA256Thumbprint(thumbprint)
                .build();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .audience(tokenEndpoint.toString())
                .issuer(clientId)
                .subject(clientId)
                .jwtID(UUID.randomUUID().toString())
                .notBeforeTime(Date.from(now))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ASSERTION_LIFETIME)))
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(new RSASSASigner(privateKey));
        } catch (JOSEException e) {
            throw new ExchangeAuthenticationException("cannot sign the client assertion with the key of " + PROPERTY
                    + ": " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    private record KeyMaterial(PrivateKey key, X509Certificate certificate) {
    }

    private static KeyMaterial readPkcs12(Path file, byte[] content, String password) {
        char[] secret = password == null ? new char[0] : password.toCharArray();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(content), secret);
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getCertificate(alias) instanceof X509Certificate certificate) {
                    return new KeyMaterial((PrivateKey) store.getKey(alias, secret), certificate);
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new ExchangeAuthenticationException("cannot open the PKCS#12 file " + PROPERTY + "=" + file
                    + " (check certsync.exchange.client-certificate-password): " + Causes.describe(e), e);
        }
        throw new ExchangeAuthenticationException(PROPERTY + "=" + file + " holds no private key with a certificate");
    }

    private static KeyMaterial readPem(Path file, byte[] content, String password) {
        PrivateKey key = null;
        X509Certificate certificate = null;
        JcaPEMKeyConverter keys = new JcaPEMKeyConverter().setProvider(BC);
        try (Reader reader = new InputStreamReader(new ByteArrayInputStream(content), StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof X509CertificateHolder holder && certificate == null) {
                    // the first certificate is the app's; any further ones are its chain
                    certificate = new JcaX509CertificateConverter().getCertificate(holder);
                } else if (object instanceof PrivateKeyInfo info) {
                    key = keys.getPrivateKey(info);
                } else if (object instanceof PEMKeyPair pair) {
                    key = keys.getKeyPair(pair).getPrivate();
                } else if (object instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                    key = keys.getPrivateKey(encrypted.decryptPrivateKeyInfo(
                            new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(requirePassword(file, password))));
                } else if (object instanceof PEMEncryptedKeyPair encrypted) {
                    key = keys.getKeyPair(encrypted.decryptKeyPair(
                            new JcePEMDecryptorProviderBuilder().setProvider(BC).build(requirePassword(file, password)))).getPrivate();
                }
            }
        } catch (IOException | GeneralSecurityException | OperatorCreationException | PKCSException e) {
            throw new ExchangeAuthenticationException("cannot read the PEM file " + PROPERTY + "=" + file
                    + " (check certsync.exchange.client-certificate-password if the key is encrypted): " + Causes.describe(e), e);
        }
        if (key == null || certificate == null) {
            throw new ExchangeAuthenticationException(PROPERTY + "=" + file + " must hold the certificate and its private key"
                    + " (found " + (key == null ? "no" : "a") + " private key and " + (certificate == null ? "no" : "a") + " certificate)");
        }
        return new KeyMaterial(key, certificate);
    }

    private static char[] requirePassword(Path file, String password) {
        if (password == null) {
            throw new ExchangeAuthenticationException("the private key in " + PROPERTY + "=" + file
                    + " is encrypted: set certsync.exchange.client-certificate-password");
        }
        return password.toCharArray();
    }
}
