package org.certsync.sync;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Expiry warnings ({@code certsync.expiry.*}): recipients about to carry no valid certificate.
 *
 * @param warnDays   the run report lists the recipients whose published certificates all expire within this many days
 * @param webhookUrl where each recipient's warning is posted once per window (7d, 30d); empty: none is sent
 * @param webhookAuthorization the webhook's Authorization header, a secret (from the environment or a Kubernetes
 *                             Secret); empty: none is sent
 */
@Validated
@ConfigurationProperties("certsync.expiry")
public record ExpirySettings(@DefaultValue("30") @Min(1) int warnDays, String webhookUrl, String webhookAuthorization) {

    /** Never shows the Authorization header. */
    @Override
    public String toString() {
        return "ExpirySettings[warnDays=" + warnDays + ", webhookUrl=" + webhookUrl + ", webhookAuthorization="
                + (webhookAuthorization == null || webhookAuthorization.isEmpty() ? "" : "(set)") + "]";
    }
}
