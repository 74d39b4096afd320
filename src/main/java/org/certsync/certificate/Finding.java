package org.certsync.certificate;

/** What a single rule found wrong with a certificate: becomes a {@link Rejection} (or a note when waived). */
record Finding(RejectionReason reason, String detail) {
}
