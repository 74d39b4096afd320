package org.certsync.ops;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Thresholds of the health indicators ({@code certsync.health.*}).
 *
 * @param maxRunAge        the lastRun indicator is OUT_OF_SERVICE when no run finished for this long
 * @param directoryTimeout connect and read timeout of the directory indicator's test connection
 * @param directoryCache   how long the directory indicator's answer is kept before it binds again (0: every time)
 */
@Validated
@ConfigurationProperties("certsync.health")
public record HealthSettings(
        @DefaultValue("2h") @NotNull @DurationMin(minutes = 1) Duration maxRunAge,
        @DefaultValue("5s") @NotNull @DurationMin(millis = 100) Duration directoryTimeout,
        @DefaultValue("30s") @NotNull @DurationMin(millis = 0) Duration directoryCache) {
}
