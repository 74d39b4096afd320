package org.certsync.certificate;

import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;

/**
 * Decodes a directory value: a DER X.509 certificate (userCertificate) or, in userSMIMECertificate, also a
 * PKCS#7/CMS SignedData bundle as Outlook publishes it. Never throws: whatever cannot be decoded comes back as
 * {@link ParsedValue.Unparseable}.
 */
final class CertificateParser {

    private static final int MAX_DETAIL_CHARS = 80;

    private final int maxValueBytes;
    private final JcaX509CertificateConverter converter = new JcaX509CertificateConverter();

    CertificateParser(int maxValueBytes) {
        this.maxValueBytes = maxValueBytes;
    }

    List<ParsedValue> parse(byte[] value) {
        if (value.length == 0) return List.of(unparseable(value, "empty value"));
        if (value.length > maxValueBytes) {
            return List.of(unparseable(value,
                    "value of " + value.length + " bytes exceeds max-value-bytes " + maxValueBytes));
        }
        ASN1Primitive primitive;
        try {
            // reads exactly one object bounded by the value's length and refuses trailing bytes
            primitive = ASN1Primitive.fromByteArray(value);
        } catch (IOException | RuntimeException e) {
            return List.of(unparseable(value, "malformed DER: " + brief(e)));
        }
        try {
            return isSignedData(primitive) ? bundle(value, primitive) : bareCertificate(value, primitive);
        } catch (IOException | CMSException | RuntimeException e) {
            // BouncyCastle reports a structure of the wrong shape with IllegalArgumentException and relatives
            return List.of(unparseable(value, "not an X.509 certificate or PKCS#7 SignedData: " + brief(e)));
        }
    }

    private static boolean isSignedData(ASN1Primitive primitive) {
        return primitive instanceof ASN1Sequence sequence
                && sequence.size() > 0
                && sequence.getObjectAt(0) instanceof ASN1ObjectIdentifier type
                && type.equals(CMSObjectIdentifiers.signedData);
    }

    private List<ParsedValue> bundle(byte[] value, ASN1Primitive primitive) throws CMSException, IOException {
        Collection<X509CertificateHolder> holders =
                new CMSSignedData(ContentInfo.getInstance(primitive)).getCertificates().getMatches(null);
        if (holders.isEmpty()) return List.of(unparseable(value, "PKCS#7 bundle holds no certificate"));
        List<ParsedValue> certificates = new ArrayList<>(holders.size());
        for (X509CertificateHolder holder : holders) {
            certificates.add(certificate(holder.toASN1Structure()));
        }
        return certificates;
    }

    private List<ParsedValue> bareCertificate(byte[] value, ASN1Primitive primitive) throws IOException {
        ParsedValue certificate = certificate(Certificate.getInstance(primitive));
        // the value is published as it is, so it must already be the DER that was checked
        if (certificate instanceof ParsedCertificate parsed && !Arrays.equals(parsed.der(), value)) {
            return List.of(unparseable(value, "not DER (BER or non-canonical encoding)"));
        }
        return List.of(certificate);
    }

    private ParsedValue certificate(Certificate structure) throws IOException {
        byte[] der = structure.getEncoded(ASN1Encoding.DER);
        X509CertificateHolder holder = new X509CertificateHolder(structure);
        X509Certificate x509;
        try {
            x509 = converter.getCertificate(holder);
        } catch (CertificateException | RuntimeException e) {
            // BouncyCastle is more lenient than the JDK, which must accept it for path building and CRLs
            return unparseable(der, "rejected by the Java certificate parser: " + brief(e));
        }
        BasicConstraints constraints;
        try {
            constraints = BasicConstraints.fromExtensions(holder.getExtensions());
        } catch (IllegalArgumentException | IllegalStateException e) {
            return unparseable(der, "malformed basicConstraints: " + brief(e));
        }
        return new ParsedCertificate(der, Fingerprints.sha256(der), holder, x509,
                constraints != null && constraints.isCA());
    }

    private static ParsedValue.Unparseable unparseable(byte[] value, String detail) {
        return new ParsedValue.Unparseable(Fingerprints.sha256(value), detail);
    }

    private static String brief(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() <= MAX_DETAIL_CHARS ? message : message.substring(0, MAX_DETAIL_CHARS) + "…";
    }
}
