package org.certsync.exchangeonline;

import java.time.Instant;

/**
 * An app-only access token for Exchange Online.
 *
 * @param value     the bearer token; never log it
 * @param expiresAt when Entra ID stops honouring it
 */
public record AccessToken(String value, Instant expiresAt) {

    /** The Authorization header value. */
    public String authorization() {
        return "Bearer " + value;
    }

    /** Leaves the value out: tokens end up in logs through toString otherwise. */
    @Override
    public String toString() {
        return "AccessToken[expiresAt=" + expiresAt + "]";
    }
}
