package org.certsync.certificate;

/** Why a certificate value is not published. The code is what reports, logs and metrics show. */
public enum RejectionReason {
    UNPARSEABLE("unparseable"),
    EXPIRED("expired"),
    NOT_YET_VALID("not-yet-valid"),
    WRONG_PURPOSE("wrong-purpose"),
    NOT_END_ENTITY("not-end-entity"),
    ADDRESS_MISMATCH("address-mismatch"),
    WEAK_KEY("weak-key"),
    WEAK_SIGNATURE("weak-signature"),
    UNTRUSTED("untrusted"),
    REVOKED("revoked"),
    REVOCATION_UNKNOWN("revocation-unknown"),
    DUPLICATE("duplicate"),
    OVER_LIMIT("over-limit");

    private final String code;

    RejectionReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return code;
    }
}
