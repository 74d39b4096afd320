package org.certsync.sync;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Hybrid organisations ({@code certsync.hybrid.*}): which recipients Entra Connect synchronizes from on-premises AD,
 * so that their certificates take the directory path instead of a cloud-side write Exchange Online refuses.
 *
 * @param synchronizedUnits the DNs of the units (OUs) Entra Connect synchronizes, separated by {@code ;}: a user
 *                          whose entry is in one of them (or below) is on the directory path from the first run;
 *                          empty: only a refused write tells
 * @param recheckAfter      a recipient found synchronized by a refused write is tried on the Exchange Online path
 *                          again after this long (its source of authority may have moved to the cloud)
 */
@ConfigurationProperties("certsync.hybrid")
public record HybridSettings(String synchronizedUnits, @DefaultValue("P7D") Duration recheckAfter) {

    public HybridSettings {
        if (recheckAfter.isNegative() || recheckAfter.isZero()) {
            throw new IllegalArgumentException("certsync.hybrid.recheck-after must be positive: " + recheckAfter);
        }
        units(synchronizedUnits);
    }

    /** The configured units, parsed. */
    public List<LdapName> units() {
        return units(synchronizedUnits);
    }

    private static List<LdapName> units(String text) {
        if (text == null || text.isBlank()) return List.of();
        return Arrays.stream(text.split(";")).map(String::strip).filter(dn -> !dn.isEmpty()).map(dn -> {
            try {
                return new LdapName(dn);
            } catch (InvalidNameException e) {
                throw new IllegalArgumentException("certsync.hybrid.synchronized-units: '" + dn + "' is not a DN: "
                        + e.getMessage(), e);
            }
        }).toList();
    }
}
