package org.certsync.hygiene;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Directory hygiene ({@code certsync.hygiene.*}): removing from the directory the certificate values the policy
 * rejects, so that Entra Connect carries only good ones. Off unless enabled; a dry run unless {@code apply}.
 *
 * @param enabled         runs at all (schedule and console)
 * @param apply           removes values; false lists what would be removed and changes nothing
 * @param schedule        Quartz cron of the hygiene run
 * @param baseDn          search base of the hygiene scope; empty: certsync.ldap.base-dn
 * @param filter          LDAP filter of the hygiene scope; empty: certsync.ldap.user-filter
 * @param reasons         the rejection reasons for which a value is removed
 * @param expiredGrace    an expired certificate is removed only this long after its notAfter
 * @param maxUsersPerRun  most users one run may change before it holds everything back for approval
 * @param maxValuesPerRun most values one run may remove before it holds everything back for approval
 * @param bindDn          the account that writes (its own, with write rights on the two attributes only)
 * @param bindPassword    its password; prefer the environment variable CERTSYNC_HYGIENE_BIND_PASSWORD
 * @param reportFile      JSON report of the last hygiene run
 */
@Validated
@ConfigurationProperties("certsync.hygiene")
public record HygieneSettings(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("false") boolean apply,
        @DefaultValue("0 30 2 ? * SUN") String schedule,
        String baseDn,
        String filter,
        @DefaultValue({"expired", "revoked", "duplicate", "over-limit"}) List<String> reasons,
        @DefaultValue("P30D") @NotNull Duration expiredGrace,
        @DefaultValue("50") @Min(0) int maxUsersPerRun,
        @DefaultValue("200") @Min(0) int maxValuesPerRun,
        String bindDn,
        String bindPassword,
        @DefaultValue("data/reports/last-hygiene.json") String reportFile) {

    /** Why a run's removals must wait for approval, or null when they are within the threshold. */
    public String exceeded(int users, int values) {
        if (users > maxUsersPerRun) return users + " users to change exceed certsync.hygiene.max-users-per-run=" + maxUsersPerRun;
        if (values > maxValuesPerRun) return values + " values to remove exceed certsync.hygiene.max-values-per-run=" + maxValuesPerRun;
        return null;
    }

    @Override
    public String toString() {
        return "HygieneSettings[enabled=" + enabled + ", apply=" + apply + ", baseDn=" + baseDn + ", filter=" + filter
                + ", reasons=" + reasons + ", expiredGrace=" + expiredGrace + ", bindDn=" + bindDn + "]";
    }
}
