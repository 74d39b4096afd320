package org.certsync.certificate;

import java.util.Optional;

import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * A published certificate is used by senders to encrypt to the user, so its usage extensions, where present,
 * must allow that: emailProtection (or any) as extended key usage, and the key usage the key type encrypts
 * with — keyAgreement for EC (ECDH), keyEncipherment otherwise (RSA).
 */
final class PurposeCheck implements CertificateCheck {

    @Override
    public Optional<Finding> check(ParsedCertificate certificate) {
        Extensions extensions = certificate.holder().getExtensions();
        ExtendedKeyUsage extendedKeyUsage = ExtendedKeyUsage.fromExtensions(extensions);
        if (extendedKeyUsage != null
                && !extendedKeyUsage.hasKeyPurposeId(KeyPurposeId.id_kp_emailProtection)
                && !extendedKeyUsage.hasKeyPurposeId(KeyPurposeId.anyExtendedKeyUsage)) {
            return Optional.of(new Finding(RejectionReason.WRONG_PURPOSE, "extended key usage lacks emailProtection"));
        }
        KeyUsage keyUsage = KeyUsage.fromExtensions(extensions);
        if (keyUsage != null) {
            boolean ec = X9ObjectIdentifiers.id_ecPublicKey.equals(
                    certificate.holder().getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm());
            int required = ec ? KeyUsage.keyAgreement : KeyUsage.keyEncipherment;
            if (!keyUsage.hasUsages(required)) {
                return Optional.of(new Finding(RejectionReason.WRONG_PURPOSE,
                        "key usage lacks " + (ec ? "keyAgreement" : "keyEncipherment")));
            }
        }
        return Optional.empty();
    }
}
