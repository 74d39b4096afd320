package org.certsync.certificate;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Provider;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates, PKCS#7 bundles, CRLs and trust stores generated with BouncyCastle at test time. Key pairs are
 * generated once per kind and reused: RSA key generation is the slow part.
 * <p>
 * Start with {@link #ca()} (or {@link #newCa(String)} for a second, unrelated CA) and {@link TestCa#leaf()}:
 * the default leaf is an RSA 2048 S/MIME certificate for {@value #ALICE}, valid at {@link #NOW}, that the default
 * policy accepts.
 */
public final class TestCertificates {

    /** The fixed "now" of the tests; use {@link #clock()}. */
    public static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    public static final String ALICE = "alice@example.org";

    private static final Provider BC = new BouncyCastleProvider();
    private static final Map<String, KeyPair> KEY_PAIRS = new ConcurrentHashMap<>();
    private static final Map<String, TestCa> CAS = new ConcurrentHashMap<>();
    private static final AtomicLong SERIALS = new AtomicLong(1000);
    private static final JcaX509CertificateConverter CERTIFICATES = new JcaX509CertificateConverter();

    private TestCertificates() {
    }

    public static Clock clock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }

    /** The default test CA, "CN=CertSync Test CA", RSA 2048. */
    public static TestCa ca() {
        return newCa("CertSync Test CA");
    }

    /** A self-signed root CA with its own RSA 2048 key; the same name gives the same CA. */
    public static TestCa newCa(String commonName) {
        return CAS.computeIfAbsent(commonName, name -> {
            KeyPair keyPair = cachedKeyPair("ca:" + name, () -> rsa(2048));
            X500Name subject = new X500Name("CN=" + name);
            return new TestCa(subject, keyPair, caCertificate(subject, keyPair, subject, keyPair));
        });
    }

    /** An RSA key pair of the given size, generated once. */
    public static KeyPair rsaKeyPair(int bits) {
        return cachedKeyPair("rsa:" + bits, () -> rsa(bits));
    }

    /** An EC key pair on the named curve (BouncyCastle, so that curves the JDK dropped work too), generated once. */
    public static KeyPair ecKeyPair(String curve) {
        return cachedKeyPair("ec:" + curve, () -> {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        });
    }

    /** A degenerate ("certs-only") PKCS#7 SignedData bundle without signers, as Outlook publishes it. */
    public static byte[] pkcs7(List<X509Certificate> certificates) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addCertificates(new JcaCertStore(certificates));
            return generator.generate(new CMSAbsentContent()).getEncoded();
        } catch (CertificateEncodingException | CMSException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] pkcs7(X509Certificate... certificates) {
        return pkcs7(List.of(certificates));
    }

    public static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static X509Certificate certificate(byte[] der) {
        try {
            return CERTIFICATES.getCertificate(new X509CertificateHolder(der));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Writes a PKCS12 key store, password "changeit", with the certificates as trusted entries. */
    public static Path writePkcs12TrustStore(Path file, X509Certificate... certificates) {
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            for (int i = 0; i < certificates.length; i++) keyStore.setCertificateEntry("ca" + i, certificates[i]);
            try (OutputStream out = Files.newOutputStream(file)) {
                keyStore.store(out, "changeit".toCharArray());
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path writePem(Path file, X509Certificate... certificates) {
        StringBuilder text = new StringBuilder();
        for (X509Certificate certificate : certificates) text.append(pem("CERTIFICATE", der(certificate)));
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface KeyPairSupplier {
        KeyPair generate() throws GeneralSecurityException;
    }

    private static KeyPair cachedKeyPair(String label, KeyPairSupplier supplier) {
        return KEY_PAIRS.computeIfAbsent(label, l -> {
            try {
                return supplier.generate();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot generate key pair " + l, e);
            }
        });
    }

    private static KeyPair rsa(int bits) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
    }

    private static BigInteger nextSerial() {
        return BigInteger.valueOf(SERIALS.incrementAndGet());
    }

    private static X509Certificate caCertificate(X500Name issuer, KeyPair issuerKeys, X500Name subject, KeyPair keys) {
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, nextSerial(),
                    Date.from(NOW.minus(Duration.ofDays(3650))), Date.from(NOW.plus(Duration.ofDays(3650))),
                    subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
            return sign(builder, "SHA256withRSA", issuerKeys);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, String algorithm, KeyPair issuerKeys) {
        try {
            X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKeys.getPrivate()));
            return CERTIFICATES.getCertificate(holder);
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CA that issues leaves, sub-CAs and CRLs. */
    public static final class TestCa {
        private final X500Name subject;
        private final KeyPair keyPair;
        private final X509Certificate certificate;

        private TestCa(X500Name subject, KeyPair keyPair, X509Certificate certificate) {
            this.subject = subject;
            this.keyPair = keyPair;
            this.certificate = certificate;
        }

        public X509Certificate certificate() {
            return certificate;
        }

        public KeyPair keyPair() {
            return keyPair;
        }

        public LeafBuilder leaf() {
            return new LeafBuilder(this);
        }

        /** A sub-CA issued by this CA, with its own RSA 2048 key. */
        public TestCa issueCa(String commonName) {
            KeyPair keys = cachedKeyPair("ca:" + commonName, () -> rsa(2048));
            X500Name name = new X500Name("CN=" + commonName);
            return new TestCa(name, keys, caCertificate(subject, keyPair, name, keys));
        }

        public CrlBuilder crl() {
            return new CrlBuilder(this);
        }
    }

    /** Options of an end-entity certificate; each defaults to what the default policy accepts. */
    public static final class LeafBuilder {
        private final TestCa issuer;
        private String commonName = "Alice";
        private final List<String> rfc822Names = new ArrayList<>(List.of(ALICE));
        private String subjectEmail;
        private Instant notBefore = NOW.minus(Duration.ofDays(30));
        private Instant notAfter = NOW.plus(Duration.ofDays(335));
        private KeyPair keyPair = rsaKeyPair(2048);
        private boolean ecKey;
        private String signatureAlgorithm = "SHA256withRSA";
        private List<KeyPurposeId> extendedKeyUsage = List.of(KeyPurposeId.id_kp_emailProtection);
        private Integer keyUsage;
        private boolean withKeyUsage = true;
        private boolean ca;
        private String crlDistributionPoint;
        private BigInteger serial;

        private LeafBuilder(TestCa issuer) {
            this.issuer = issuer;
        }

        public LeafBuilder commonName(String name) {
            this.commonName = name;
            return this;
        }

        /** Replaces the rfc822Name alternative names; none given: no subjectAltName extension. */
        public LeafBuilder rfc822Names(String... addresses) {
            rfc822Names.clear();
            rfc822Names.addAll(List.of(addresses));
            return this;
        }

        /** Adds an emailAddress attribute to the subject DN. */
        public LeafBuilder subjectEmail(String address) {
            this.subjectEmail = address;
            return this;
        }

        public LeafBuilder validity(Instant from, Instant to) {
            this.notBefore = from;
            this.notAfter = to;
            return this;
        }

        public LeafBuilder notBefore(Instant from) {
            this.notBefore = from;
            return this;
        }

        public LeafBuilder rsa(int bits) {
            this.keyPair = rsaKeyPair(bits);
            this.ecKey = false;
            return this;
        }

        /** An EC key on the curve, e.g. "secp256r1" or "secp256k1". */
        public LeafBuilder ec(String curve) {
            this.keyPair = ecKeyPair(curve);
            this.ecKey = true;
            return this;
        }

        /** The issuing CA's signature algorithm, e.g. "SHA1withRSA" or "MD5withRSA"; default SHA256withRSA. */
        public LeafBuilder signatureAlgorithm(String algorithm) {
            this.signatureAlgorithm = algorithm;
            return this;
        }

        /** The extended key usages; none given: no extendedKeyUsage extension. */
        public LeafBuilder extendedKeyUsage(KeyPurposeId... purposes) {
            this.extendedKeyUsage = List.of(purposes);
            return this;
        }

        /** KeyUsage bits, e.g. {@code KeyUsage.digitalSignature}; default: signature plus what the key encrypts with. */
        public LeafBuilder keyUsage(int bits) {
            this.keyUsage = bits;
            return this;
        }

        public LeafBuilder noKeyUsage() {
            this.withKeyUsage = false;
            return this;
        }

        /** basicConstraints cA=true. */
        public LeafBuilder ca() {
            this.ca = true;
            return this;
        }

        public LeafBuilder crlDistributionPoint(String url) {
            this.crlDistributionPoint = url;
            return this;
        }

        public LeafBuilder serial(BigInteger serial) {
            this.serial = serial;
            return this;
        }

        public X509Certificate build() {
            X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName);
            if (subjectEmail != null) name.addRDN(BCStyle.EmailAddress, subjectEmail);
            try {
                JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer.subject,
                        serial == null ? nextSerial() : serial, Date.from(notBefore), Date.from(notAfter),
                        name.build(), keyPair.getPublic())
                        .addExtension(Extension.authorityKeyIdentifier, false,
                                utils.createAuthorityKeyIdentifier(issuer.keyPair.getPublic()))
                        .addExtension(Extension.subjectKeyIdentifier, false,
                                utils.createSubjectKeyIdentifier(keyPair.getPublic()));
                if (ca) builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                if (withKeyUsage) {
                    int usage = keyUsage != null ? keyUsage
                            : KeyUsage.digitalSignature | (ecKey ? KeyUsage.keyAgreement : KeyUsage.keyEncipherment);
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
                }
                if (!extendedKeyUsage.isEmpty()) {
                    builder.addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(extendedKeyUsage.toArray(KeyPurposeId[]::new)));
                }
                if (!rfc822Names.isEmpty()) {
                    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(rfc822Names.stream()
                            .map(address -> new GeneralName(GeneralName.rfc822Name, address))
                            .toArray(GeneralName[]::new)));
                }
                if (crlDistributionPoint != null) {
                    GeneralNames url = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier,
                            new DERIA5String(crlDistributionPoint)));
                    builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(
                            new DistributionPoint[] {new DistributionPoint(new DistributionPointName(url), null, null)}));
                }
                return sign(builder, signatureAlgorithm, issuer.keyPair);
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public byte[] der() {
            return TestCertificates.der(build());
        }
    }

    /** A CRL of a CA, valid from a day before {@link #NOW} for a week unless told otherwise. */
    public static final class CrlBuilder {
        private final TestCa issuer;
        private final List<BigInteger> revoked = new ArrayList<>();
        private Instant thisUpdate = NOW.minus(Duration.ofDays(1));
        private Instant nextUpdate = NOW.plus(Duration.ofDays(7));
        private KeyPair signingKeys;

        private CrlBuilder(TestCa issuer) {
            this.issuer = issuer;
            this.signingKeys = issuer.keyPair;
        }

        public CrlBuilder revoke(BigInteger... serials) {
            revoked.addAll(List.of(serials));
            return this;
        }

        public CrlBuilder revoke(X509Certificate... certificates) {
            for (X509Certificate certificate : certificates) revoked.add(certificate.getSerialNumber());
            return this;
        }

        public CrlBuilder thisUpdate(Instant instant) {
            this.thisUpdate = instant;
            return this;
        }

        /** null: no nextUpdate. */
        public CrlBuilder nextUpdate(Instant instant) {
            this.nextUpdate = instant;
            return this;
        }

        /** Signs with other keys than the issuer's: a forged CRL. */
        public CrlBuilder signedBy(KeyPair keys) {
            this.signingKeys = keys;
            return this;
        }

        public X509CRL build() {
            try {
                X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(issuer.certificate.getSubjectX500Principal(),
                        Date.from(thisUpdate));
                if (nextUpdate != null) builder.setNextUpdate(Date.from(nextUpdate));
                for (BigInteger serial : revoked) {
                    builder.addCRLEntry(serial, Date.from(thisUpdate), CRLReason.keyCompromise);
                }
                return new JcaX509CRLConverter().getCRL(
                        builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signingKeys.getPrivate())));
            } catch (OperatorCreationException | CRLException e) {
                throw new IllegalStateException(e);
            }
        }

        public byte[] der() {
            try {
                return build().getEncoded();
            } catch (CRLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
