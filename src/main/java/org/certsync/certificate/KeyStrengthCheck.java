package org.certsync.certificate;

import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** Keys must be RSA of a minimum size or EC on an allowed named curve; nothing else encrypts S/MIME here. */
final class KeyStrengthCheck implements CertificateCheck {

    private final int minRsaBits;
    /** Allowed curves by OID, so that every alias of a curve name in the settings matches. */
    private final Map<ASN1ObjectIdentifier, String> allowedCurves;

    KeyStrengthCheck(int minRsaBits, List<String> allowedCurveNames) {
        this.minRsaBits = minRsaBits;
        this.allowedCurves = allowedCurveNames.stream()
                .collect(Collectors.toUnmodifiableMap(KeyStrengthCheck::curveOid, Function.identity(), (a, b) -> a));
    }

    private static ASN1ObjectIdentifier curveOid(String name) {
        ASN1ObjectIdentifier oid = ECNamedCurveTable.getOID(name);
        if (oid == null) throw new IllegalArgumentException("certsync.policy.allowed-curves: unknown curve " + name);
        return oid;
    }

    @Override
    public Optional<Finding> check(ParsedCertificate certificate) {
        AlgorithmIdentifier algorithm = certificate.holder().getSubjectPublicKeyInfo().getAlgorithm();
        if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm.getAlgorithm())) return checkRsa(certificate);
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())) return checkEc(algorithm.getParameters());
        return weak("key algorithm " + certificate.x509().getPublicKey().getAlgorithm() + " not allowed");
    }

    private Optional<Finding> checkRsa(ParsedCertificate certificate) {
        // the JDK decoded the key while parsing the certificate; a key it could not decode is no RSAPublicKey
        if (!(certificate.x509().getPublicKey() instanceof RSAPublicKey key)) return weak("unreadable RSA key");
        int bits = key.getModulus().bitLength();
        return bits < minRsaBits ? weak("RSA " + bits + " bits < " + minRsaBits) : Optional.empty();
    }

    private Optional<Finding> checkEc(ASN1Encodable parameters) {
        if (!(parameters instanceof ASN1ObjectIdentifier curve)) return weak("EC key without a named curve");
        if (allowedCurves.containsKey(curve)) return Optional.empty();
        String name = ECNamedCurveTable.getName(curve);
        return weak("EC curve " + (name == null ? curve.getId() : name) + " not allowed");
    }

    private static Optional<Finding> weak(String detail) {
        return Optional.of(new Finding(RejectionReason.WEAK_KEY, detail));
    }
}
