package org.certsync.certificate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the {@link CertificatePolicy}, bound from the properties {@code certsync.policy.*} (each component
 * is the camel-case form of its property, e.g. {@code min-rsa-bits} is {@link #minRsaBits()}).
 * <p>
 * Every component may be {@code null}: a missing property then takes the default documented here, so the record
 * binds without framework annotations. {@link #defaults()} is the record with every default.
 *
 * @param clockSkew                tolerance applied to notBefore and notAfter, for clocks of issuers and of this
 *                                 host that disagree; default 5 minutes
 * @param maxValueBytes            largest directory value (DER certificate or PKCS#7 bundle) that is parsed at all;
 *                                 larger values are rejected as {@code unparseable}; default 65536 (64 KiB)
 * @param maxValuesPerAttribute    most certificates published per attribute; the ones with the latest notBefore are
 *                                 kept, the rest are rejected as {@code over-limit}; default 15
 * @param purposeCheck             whether extended key usage and key usage must allow S/MIME encryption
 *                                 (emailProtection; keyEncipherment for RSA, keyAgreement for EC) when present;
 *                                 rejection {@code wrong-purpose}; default true
 * @param requireAddressMatch      whether an rfc822Name of the subject alternative names or an emailAddress of the
 *                                 subject must equal (ignoring case) the user's mail, an smtp: proxy address or the
 *                                 UPN; rejection {@code address-mismatch}; default true
 * @param keyStrengthCheck         whether keys must be RSA of at least {@code min-rsa-bits} or EC on one of
 *                                 {@code allowed-curves}; rejection {@code weak-key}; default true
 * @param minRsaBits               smallest accepted RSA modulus in bits; default 2048
 * @param allowedCurves            accepted EC named curves, by any standard name (P-256, secp256r1, prime256v1 are
 *                                 the same curve); default P-256, P-384, P-521
 * @param signatureStrengthCheck   whether certificates signed with a digest of {@code weak-signature-digests} are
 *                                 rejected; rejection {@code weak-signature}; default true
 * @param weakSignatureDigests     digests not accepted in certificate signatures; default MD2, MD4, MD5, SHA-1
 * @param trustStore               trusted issuing CAs: a key store file, a PEM file or a directory of PEM/DER
 *                                 files (*.pem, *.crt, *.cer); when set, every certificate needs a PKIX path to
 *                                 one of them (rejection {@code untrusted}); default none (no chain check)
 * @param trustStorePassword       password of a key store trust store; default none
 * @param trustStoreType           key store type of a key store trust store; default PKCS12
 * @param revocationCheck          whether certificates are checked against CRLs, from {@code crl-directory} first,
 *                                 then from the certificate's HTTP CRL distribution points; rejection
 *                                 {@code revoked}; needs {@code trustStore}, whose CAs' keys verify each CRL's
 *                                 signature; default false
 * @param revocationFailOpen       when no valid CRL can be obtained: true publishes the certificate and adds a note
 *                                 to the verdict; false rejects it as {@code revocation-unknown} and marks the
 *                                 verdict indeterminate so the published state is left alone; default false
 * @param crlDirectory             directory of CRL files (*.crl, DER or PEM), re-read at least every
 *                                 {@code crl-max-cache-age}; default none
 * @param crlFetchTimeout          connect and response timeout for fetching a CRL over HTTP; default 10 seconds
 * @param crlMaxCacheAge           longest time a CRL is used before it is fetched or read again, even when its
 *                                 nextUpdate is later; default 1 hour
 * @param crlRetryDelay            how long a failed CRL download is not retried (certificates using it meanwhile
 *                                 have an unknown revocation status); default 5 minutes
 */
public record PolicySettings(
        Duration clockSkew,
        Integer maxValueBytes,
        Integer maxValuesPerAttribute,
        Boolean purposeCheck,
        Boolean requireAddressMatch,
        Boolean keyStrengthCheck,
        Integer minRsaBits,
        List<String> allowedCurves,
        Boolean signatureStrengthCheck,
        List<String> weakSignatureDigests,
        Path trustStore,
        String trustStorePassword,
        String trustStoreType,
        Boolean revocationCheck,
        Boolean revocationFailOpen,
        Path crlDirectory,
        Duration crlFetchTimeout,
        Duration crlMaxCacheAge,
        Duration crlRetryDelay) {

    public PolicySettings {
        clockSkew = Objects.requireNonNullElse(clockSkew, Duration.ofMinutes(5));
        maxValueBytes = Objects.requireNonNullElse(maxValueBytes, 64 * 1024);
        maxValuesPerAttribute = Objects.requireNonNullElse(maxValuesPerAttribute, 15);
        purposeCheck = Objects.requireNonNullElse(purposeCheck, true);
        requireAddressMatch = Objects.requireNonNullElse(requireAddressMatch, true);
        keyStrengthCheck = Objects.requireNonNullElse(keyStrengthCheck, true);
        minRsaBits = Objects.requireNonNullElse(minRsaBits, 2048);
        allowedCurves = List.copyOf(Objects.requireNonNullElse(allowedCurves, List.of("P-256", "P-384", "P-521")));
        signatureStrengthCheck = Objects.requireNonNullElse(signatureStrengthCheck, true);
        weakSignatureDigests = List.copyOf(
                Objects.requireNonNullElse(weakSignatureDigests, List.of("MD2", "MD4", "MD5", "SHA-1")));
        trustStoreType = Objects.requireNonNullElse(trustStoreType, "PKCS12");
        revocationCheck = Objects.requireNonNullElse(revocationCheck, false);
        revocationFailOpen = Objects.requireNonNullElse(revocationFailOpen, false);
        crlFetchTimeout = Objects.requireNonNullElse(crlFetchTimeout, Duration.ofSeconds(10));
        crlMaxCacheAge = Objects.requireNonNullElse(crlMaxCacheAge, Duration.ofHours(1));
        crlRetryDelay = Objects.requireNonNullElse(crlRetryDelay, Duration.ofMinutes(5));

        requireNotNegative("clock-skew", clockSkew);
        requirePositive("max-value-bytes", maxValueBytes);
        requirePositive("max-values-per-attribute", maxValuesPerAttribute);
        requirePositive("min-rsa-bits", minRsaBits);
        requirePositive("crl-fetch-timeout", crlFetchTimeout);
        requirePositive("crl-max-cache-age", crlMaxCacheAge);
        requireNotNegative("crl-retry-delay", crlRetryDelay);
        if (revocationCheck && trustStore == null) {
            throw new IllegalArgumentException("certsync.policy.revocation-check=true needs certsync.policy.trust-store:"
                    + " a CRL counts only when its signature is verified with the issuing CA's key, and the trust store"
                    + " names those CAs");
        }
    }

    /** All defaults: no trust store, no revocation check, every other rule on. */
    public static PolicySettings defaults() {
        return new PolicySettings(null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null);
    }

    /** Like the generated one, but without the password: settings end up in start-up logs. */
    @Override
    public String toString() {
        return "PolicySettings[clockSkew=" + clockSkew + ", maxValueBytes=" + maxValueBytes
                + ", maxValuesPerAttribute=" + maxValuesPerAttribute + ", purposeCheck=" + purposeCheck
                + ", requireAddressMatch=" + requireAddressMatch + ", keyStrengthCheck=" + keyStrengthCheck
                + ", minRsaBits=" + minRsaBits + ", allowedCurves=" + allowedCurves
                + ", signatureStrengthCheck=" + signatureStrengthCheck + ", weakSignatureDigests=" + weakSignatureDigests
                + ", trustStore=" + trustStore + ", trustStorePassword=" + (trustStorePassword == null ? null : "******")
                + ", trustStoreType=" + trustStoreType + ", revocationCheck=" + revocationCheck
                + ", revocationFailOpen=" + revocationFailOpen + ", crlDirectory=" + crlDirectory
                + ", crlFetchTimeout=" + crlFetchTimeout + ", crlMaxCacheAge=" + crlMaxCacheAge
                + ", crlRetryDelay=" + crlRetryDelay + "]";
    }

    private static void requirePositive(String property, int value) {
        if (value <= 0) throw new IllegalArgumentException("certsync.policy." + property + " must be > 0: " + value);
    }

    private static void requirePositive(String property, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("certsync.policy." + property + " must be > 0: " + value);
        }
    }

    private static void requireNotNegative(String property, Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException("certsync.policy." + property + " must not be negative: " + value);
        }
    }
}
