package org.certsync.exchangeonline;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientCertificateCredentialTest {

    private static final URI ENDPOINT = URI.create("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token");
    private static KeyPair keys;
    private static X509Certificate certificate;

    @TempDir
    Path directory;

    @BeforeAll
    static void makeAppCertificate() {
        keys = TestCertificates.rsaKeyPair();
        certificate = TestCertificates.selfSigned(keys, "certsync app");
    }

    private static Map<String, String> formFields(ClientCertificateCredential credential) {
        ClientRegistration.Builder registration = ClientRegistration.withRegistrationId("exchange-online")
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .clientId("app-id")
                .tokenUri(ENDPOINT.toString());
        credential.register(registration);
        return credential.clientAssertion().convert(new OAuth2ClientCredentialsGrantRequest(registration.build()))
                .toSingleValueMap();
    }

    private static void assertValidAssertion(ClientCertificateCredential credential) throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> fields = formFields(credential);
        assertThat(fields).containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        SignedJWT jwt = SignedJWT.parse(fields.get("client_assertion"));

        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.PS256);
        assertThat(jwt.getHeader().getX509CertSHA256Thumbprint())
                .isEqualTo(Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded())));
        assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) certificate.getPublicKey()))).isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getAudience()).containsExactly(ENDPOINT.toString());
        assertThat(claims.getIssuer()).isEqualTo("app-id");
        assertThat(claims.getSubject()).isEqualTo("app-id");
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getNotBeforeTime().toInstant()).isAfterOrEqualTo(before).isEqualTo(claims.getIssueTime().toInstant());
        assertThat(claims.getExpirationTime().toInstant()).isAfter(claims.getNotBeforeTime().toInstant());
    }

    @Test
    void signsAssertionsWithAKeyFromPkcs12() throws Exception {
        Path file = TestCertificates.writePkcs12(directory.resolve("app.p12"), keys, certificate, "changeit");
        assertValidAssertion(ClientCertificateCredential.load(file, "changeit"));
    }

    @Test
    void signsAssertionsWithAKeyFromPemPlainOrEncrypted() throws Exception {
        Path plain = TestCertificates.writePem(directory.resolve("plain.pem"), keys, certificate, null);
        Path encrypted = TestCertificates.writePem(directory.resolve("encrypted.pem"), keys, certificate, "pem-password");

        assertValidAssertion(ClientCertificateCredential.load(plain, null));
        assertValidAssertion(ClientCertificateCredential.load(encrypted, "pem-password"));
    }

    @Test
    void everyAssertionIsNew() {
        Path file = TestCertificates.writePkcs12(directory.resolve("app.p12"), keys, certificate, "changeit");
        ClientCertificateCredential credential = ClientCertificateCredential.load(file, "changeit");

        assertThat(formFields(credential).get("client_assertion")).isNotEqualTo(formFields(credential).get("client_assertion"));
    }

    @Test
    void describesItselfByFingerprint() {
        Path file = TestCertificates.writePkcs12(directory.resolve("app.p12"), keys, certificate, "changeit");
        assertThat(ClientCertificateCredential.load(file, "changeit").toString())
                .matches("ClientCertificateCredential\\[certificate sha256=[0-9a-f]{64}]");
    }

    @Test
    void namesThePropertyToFix() throws Exception {
        Path p12 = TestCertificates.writePkcs12(directory.resolve("app.p12"), keys, certificate, "changeit");
        Path encrypted = TestCertificates.writePem(directory.resolve("encrypted.pem"), keys, certificate, "pem-password");
        KeyPair otherKeys = TestCertificates.rsaKeyPair();
        Path mismatched = TestCertificates.writePem(directory.resolve("mismatched.pem"), otherKeys, certificate, null);
        Path certificateOnly = TestCertificates.writeCertificatePem(directory.resolve("cert.pem"), certificate);
        Path garbage = Files.writeString(directory.resolve("garbage.p12"), "not a key store");

        assertThatThrownBy(() -> ClientCertificateCredential.load(directory.resolve("missing.p12"), null))
                .hasMessage("certsync.exchange.client-certificate=" + directory.resolve("missing.p12") + " does not exist");
        assertThatThrownBy(() -> ClientCertificateCredential.load(p12, "wrong"))
                .hasMessageContaining("cannot open the PKCS#12 file certsync.exchange.client-certificate=")
                .hasMessageContaining("check certsync.exchange.client-certificate-password");
        assertThatThrownBy(() -> ClientCertificateCredential.load(encrypted, null))
                .hasMessageContaining("is encrypted: set certsync.exchange.client-certificate-password");
        assertThatThrownBy(() -> ClientCertificateCredential.load(encrypted, "wrong"))
                .hasMessageContaining("cannot read the PEM file certsync.exchange.client-certificate=");
        assertThatThrownBy(() -> ClientCertificateCredential.load(mismatched, null))
                .hasMessageContaining("the private key does not belong to the certificate");
        assertThatThrownBy(() -> ClientCertificateCredential.load(certificateOnly, null))
                .hasMessageContaining("must hold the certificate and its private key (found no private key and a certificate)");
        assertThatThrownBy(() -> ClientCertificateCredential.load(garbage, "x"))
                .isInstanceOf(ExchangeOnlineAuthenticationException.class);
    }

    @Test
    void refusesNonRsaKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair ecKeys = generator.generateKeyPair();
        // an EC key with an RSA certificate is enough to exercise the check
        Path file = TestCertificates.writePkcs12(directory.resolve("ec.p12"), ecKeys, certificate, "changeit");

        assertThatThrownBy(() -> ClientCertificateCredential.load(file, "changeit"))
                .hasMessageContaining("holds a EC key: Entra ID certificate credentials need an RSA key");
    }
}
