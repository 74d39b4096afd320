package org.certsync.certificate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The certificate must be valid now, give or take the configured clock skew. */
final class ValidityCheck implements CertificateCheck {

    private final Clock clock;
    private final Duration clockSkew;

    ValidityCheck(Clock clock, Duration clockSkew) {
        this.clock = clock;
        this.clockSkew = clockSkew;
    }

    @Override
    public Optional<Finding> check(ParsedCertificate certificate) {
        Instant now = clock.instant();
        Instant notAfter = certificate.notAfter();
        Instant notBefore = certificate.notBefore();
        if (notAfter.plus(clockSkew).isBefore(now)) {
            return Optional.of(new Finding(RejectionReason.EXPIRED, "expired " + notAfter));
        }
        if (notBefore.minus(clockSkew).isAfter(now)) {
            return Optional.of(new Finding(RejectionReason.NOT_YET_VALID, "valid from " + notBefore));
        }
        return Optional.empty();
    }
}
