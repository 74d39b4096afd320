package org.certsync.exchangeonline;

import org.certsync.FailureMessages;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Collections;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
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
import org.springframework.security.oauth2.client.endpoint.NimbusJwtClientAuthenticationParametersConverter;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jwt.JwtClaimNames;

import org.certsync.certificate.Fingerprints;

/**
 * A certificate credential: every token request carries a fresh client assertion, a JWT that Spring Security's OAuth2
 * client signs PS256 with the app's private key, naming the certificate by its SHA-256 thumbprint ({@code x5t#S256}).
 */
final class ClientCertificateCredential implements ClientCredential {

    private static final String PROPERTY = "certsync.exchange.client-certificate";
    /** A provider instance rather than a registered one: loading a key must not change the JVM's providers. */
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private final JWK key;
    private final String fingerprint;

    private ClientCertificateCredential(PrivateKey privateKey, X509Certificate certificate) {
        try {
            byte[] der = certificate.getEncoded();
            this.key = new RSAKey.Builder((RSAPublicKey) certificate.getPublicKey())
                    .privateKey(privateKey)
                    .algorithm(JWSAlgorithm.PS256)
                    .x509CertSHA256Thumbprint(Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(der)))
                    .build();
            this.fingerprint = Fingerprints.sha256(der);
        } catch (GeneralSecurityException e) {
            throw new ExchangeOnlineAuthenticationException(PROPERTY + ": the certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the key and certificate from a PKCS#12 file or a PEM file (told apart by content, not by name).
     *
     * @throws ExchangeOnlineAuthenticationException naming the property to fix
     */
    static ClientCertificateCredential load(Path file, String password) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ExchangeOnlineAuthenticationException(PROPERTY + "=" + file + " does not exist", e);
        } catch (IOException e) {
            throw new ExchangeOnlineAuthenticationException("cannot read " + PROPERTY + "=" + file + ": " + FailureMessages.describe(e), e);
        }
        KeyMaterial material = new String(content, 0, Math.min(content.length, 64), StandardCharsets.US_ASCII).contains("-----BEGIN")
                ? readPem(file, content, password)
                : readPkcs12(file, content, password);
        if (!(material.key() instanceof RSAPrivateKey key) || !(material.certificate().getPublicKey() instanceof RSAPublicKey certificateKey)) {
            throw new ExchangeOnlineAuthenticationException(PROPERTY + "=" + file + " holds a " + material.key().getAlgorithm()
                    + " key: Entra ID certificate credentials need an RSA key");
        }
        if (!key.getModulus().equals(certificateKey.getModulus())) {
            throw new ExchangeOnlineAuthenticationException(PROPERTY + "=" + file
                    + ": the private key does not belong to the certificate in the file");
        }
        return new ClientCertificateCredential(material.key(), material.certificate());
    }

    @Override
    public void register(ClientRegistration.Builder registration) {
        registration.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
    }

    @Override
    public void configure(RestClientClientCredentialsTokenResponseClient tokenRequests) {
        tokenRequests.addParametersConverter(clientAssertion());
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

    /** The form fields client_assertion_type and client_assertion, a new assertion for every request. */
    NimbusJwtClientAuthenticationParametersConverter<OAuth2ClientCredentialsGrantRequest> clientAssertion() {
        NimbusJwtClientAuthenticationParametersConverter<OAuth2ClientCredentialsGrantRequest> assertion =
                new NimbusJwtClientAuthenticationParametersConverter<>(registration -> key);
        // Entra ID's certificate credentials carry nbf as well; Spring's assertion has iat and exp only
        assertion.setJwtClientAssertionCustomizer(context -> context.getClaims()
                .claims(claims -> claims.put(JwtClaimNames.NBF, claims.get(JwtClaimNames.IAT))));
        return assertion;
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
            throw new ExchangeOnlineAuthenticationException("cannot open the PKCS#12 file " + PROPERTY + "=" + file
                    + " (check certsync.exchange.client-certificate-password): " + FailureMessages.describe(e), e);
        }
        throw new ExchangeOnlineAuthenticationException(PROPERTY + "=" + file + " holds no private key with a certificate");
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
            throw new ExchangeOnlineAuthenticationException("cannot read the PEM file " + PROPERTY + "=" + file
                    + " (check certsync.exchange.client-certificate-password if the key is encrypted): " + FailureMessages.describe(e), e);
        }
        if (key == null || certificate == null) {
            throw new ExchangeOnlineAuthenticationException(PROPERTY + "=" + file + " must hold the certificate and its private key"
                    + " (found " + (key == null ? "no" : "a") + " private key and " + (certificate == null ? "no" : "a") + " certificate)");
        }
        return new KeyMaterial(key, certificate);
    }

    private static char[] requirePassword(Path file, String password) {
        if (password == null) {
            throw new ExchangeOnlineAuthenticationException("the private key in " + PROPERTY + "=" + file
                    + " is encrypted: set certsync.exchange.client-certificate-password");
        }
        return password.toCharArray();
    }
}
