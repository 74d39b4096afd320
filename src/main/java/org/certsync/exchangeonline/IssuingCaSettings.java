package org.certsync.exchangeonline;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The upload of the tenant's trusted S/MIME issuing CAs ({@code certsync.issuing-cas.*}): the CA certificates of
 * {@code certsync.policy.trust-store}, sent with Set-SmimeConfig -SMIMECertificateIssuingCA when they changed.
 *
 * @param enabled  whether CertSync uploads them: on its schedule, and from the console (a dry run from the console is
 *                 always allowed); off by default, as Set-SmimeConfig changes the organization's configuration
 * @param schedule Quartz cron of the scheduled upload
 * @param replace  true: the tenant's store becomes exactly these CAs (CAs added by hand are dropped); false: they are
 *                 merged into what the tenant holds
 */
@Validated
@ConfigurationProperties("certsync.issuing-cas")
public record IssuingCaSettings(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("0 30 1 * * ?") @NotBlank String schedule,
        @DefaultValue("false") boolean replace) {
}
