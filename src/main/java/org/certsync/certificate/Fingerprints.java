package org.certsync.certificate;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 fingerprints: the only way certificates appear in logs and reports. */
public final class Fingerprints {

    private Fingerprints() {
    }

    public static String sha256(byte[] value) {
        return HexFormat.of().formatHex(sha256().digest(value));
    }

    /** A fresh SHA-256 digest, for hashing several inputs together. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
