package org.certsync.demo;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues the demo directory's certificates with BouncyCastle at start-up, so no fixture ever expires.
 * Keys are generated once and shared between leaves: start-up stays fast and the demo needs no private keys.
 */
public class DemoCertificateAuthority {

    /** What a demo leaf certificate looks like; the defaults make a certificate every policy rule accepts. */
    public record Leaf(String email, Instant notBefore, Instant notAfter, boolean emailProtection,
                       boolean keyEncipherment, boolean ca, KeyPair keys, String signatureAlgorithm) {

        public Leaf withValidity(Instant from, Instant to) {
            return new Leaf(email, from, to, emailProtection, keyEncipherment, ca, keys, signatureAlgorithm);
        }

        public Leaf withEmail(String other) {
            return new Leaf(other, notBefore, notAfter, emailProtection, keyEncipherment, ca, keys, signatureAlgorithm);
        }

        public Leaf withoutEmailProtection() {
            return new Leaf(email, notBefore, notAfter, false, keyEncipherment, ca, keys, signatureAlgorithm);
        }

        public Leaf asCa() {
            return new Leaf(email, notBefore, notAfter, emailProtection, keyEncipherment, true, keys, signatureAlgorithm);
        }

        public Leaf withKeys(KeyPair other) {
            return new Leaf(email, notBefore, notAfter, emailProtection, keyEncipherment, ca, other, signatureAlgorithm);
        }

        public Leaf signedWith(String algorithm) {
            return new Leaf(email, notBefore, notAfter, emailProtection, keyEncipherment, ca, keys, algorithm);
        }
    }

    private static final String SIGNATURE = "SHA256withRSA";

    private final KeyPair caKeys;
    private final X509CertificateHolder caCertificate;
    private final KeyPair leafKeys;
    private final AtomicLong serial = new AtomicLong(System.currentTimeMillis());

    /** A new authority with new keys. */
    public DemoCertificateAuthority(String name) {
        try {
            caKeys = rsa(2048);
            leafKeys = rsa(2048);
            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=" + name);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, nextSerial(),
                    Date.from(now.minusSeconds(86_400)), Date.from(now.plusSeconds(10L * 365 * 86_400)), subject,
                    caKeys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            caCertificate = builder.build(new JcaContentSignerBuilder(SIGNATURE).build(caKeys.getPrivate()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the demo certificate authority", e);
        }
    }

    /** An authority kept from an earlier start (see {@link DemoData}). */
    DemoCertificateAuthority(KeyPair caKeys, X509CertificateHolder caCertificate, KeyPair leafKeys) {
        this.caKeys = caKeys;
        this.caCertificate = caCertificate;
        this.leafKeys = leafKeys;
    }

    KeyPair caKeys() {
        return caKeys;
    }

    KeyPair leafKeys() {
        return leafKeys;
    }

    X509CertificateHolder caCertificateHolder() {
        return caCertificate;
    }

    public byte[] caCertificate() {
        return encoded(caCertificate);
    }

    /** A leaf valid for a year around now, for S/MIME encryption to {@code email}. */
    public Leaf leaf(String email) {
        Instant now = Instant.now();
        return new Leaf(email, now.minusSeconds(30L * 86_400), now.plusSeconds(335L * 86_400), true, true, false,
                leafKeys, SIGNATURE);
    }

    public byte[] issue(Leaf leaf) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate.getSubject(), nextSerial(),
                    Date.from(leaf.notBefore()), Date.from(leaf.notAfter()),
                    new X500Name("CN=" + leaf.email()), leaf.keys().getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.rfc822Name, leaf.email())));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(leaf.ca()));
            boolean rsa = "RSA".equals(leaf.keys().getPublic().getAlgorithm());
            int usage = KeyUsage.digitalSignature
                    | (leaf.keyEncipherment() ? (rsa ? KeyUsage.keyEncipherment : KeyUsage.keyAgreement) : 0);
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(leaf.emailProtection()
                    ? KeyPurposeId.id_kp_emailProtection : KeyPurposeId.id_kp_serverAuth));
            return encoded(builder.build(new JcaContentSignerBuilder(leaf.signatureAlgorithm()).build(caKeys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue demo certificate for " + leaf.email(), e);
        }
    }

    /** The CA's CRL, revoking nothing, valid for a week: what a revocation check of its certificates needs. */
    public byte[] crl() {
        try {
            Instant now = Instant.now();
            X509v2CRLBuilder builder = new X509v2CRLBuilder(caCertificate.getSubject(), Date.from(now.minusSeconds(60)));
            builder.setNextUpdate(Date.from(now.plusSeconds(7L * 86_400)));
            return builder.build(new JcaContentSignerBuilder(SIGNATURE).build(caKeys.getPrivate())).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign the demo CRL", e);
        }
    }

    /** A certificates-only PKCS#7 SignedData bundle, the form Outlook publishes in userSMIMECertificate. */
    public static byte[] bundle(List<byte[]> certificates) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addCertificates(new JcaCertStore(certificates.stream().map(DemoCertificateAuthority::holder).toList()));
            return generator.generate(new CMSProcessableByteArray(new byte[0]), false).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException("cannot build PKCS#7 bundle", e);
        }
    }

    public static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits, new SecureRandom());
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate RSA key", e);
        }
    }

    public static KeyPair ec(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate EC key on " + curve, e);
        }
    }

    private BigInteger nextSerial() {
        return BigInteger.valueOf(serial.incrementAndGet());
    }

    private static X509CertificateHolder holder(byte[] der) {
        try {
            return new X509CertificateHolder(der);
        } catch (Exception e) {
            throw new IllegalArgumentException("not a certificate", e);
        }
    }

    private static byte[] encoded(X509CertificateHolder holder) {
        try {
            return holder.getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
