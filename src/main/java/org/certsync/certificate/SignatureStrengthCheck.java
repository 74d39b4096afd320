package org.certsync.certificate;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DigestAlgorithmIdentifierFinder;

/** Certificates signed with a broken digest (MD5, SHA-1, …) can be forged and are not published. */
final class SignatureStrengthCheck implements CertificateCheck {

    private final DigestAlgorithmIdentifierFinder digests = new DefaultDigestAlgorithmIdentifierFinder();
    /** Weak digests by OID, so that RSA, ECDSA, DSA and RSASSA-PSS signatures are all covered. */
    private final Map<ASN1ObjectIdentifier, String> weakDigests;

    SignatureStrengthCheck(List<String> weakDigestNames) {
        this.weakDigests = weakDigestNames.stream()
                .collect(Collectors.toUnmodifiableMap(this::digestOid, Function.identity(), (a, b) -> a));
    }

    private ASN1ObjectIdentifier digestOid(String name) {
        AlgorithmIdentifier digest = digests.find(name.toUpperCase(Locale.ROOT));
        if (digest == null) {
            throw new IllegalArgumentException("certsync.policy.weak-signature-digests: unknown digest " + name);
        }
        return digest.getAlgorithm();
    }

    @Override
    public Optional<Finding> check(ParsedCertificate certificate) {
        // null for signature algorithms without a separate digest (e.g. Ed25519): nothing to judge here
        AlgorithmIdentifier digest = digests.find(certificate.holder().getSignatureAlgorithm());
        String weak = digest == null ? null : weakDigests.get(digest.getAlgorithm());
        return weak == null
                ? Optional.empty()
                : Optional.of(new Finding(RejectionReason.WEAK_SIGNATURE,
                        "signature " + certificate.x509().getSigAlgName() + " uses weak digest " + weak));
    }
}
