package org.certsync.ops;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import org.certsync.directory.GroupMembership;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may use the console: Hawtio, Jolokia and every actuator endpoint but health ({@code certsync.console.*}).
 *
 * @param security    {@code auto}: open in demo mode, login required otherwise; {@code always}: login required
 * @param users       the console users by name; a map rather than a list, so that a password given as environment
 *                    variable ({@code CERTSYNC_CONSOLE_USERS_ALICE_PASSWORD}) joins the roles given in a file
 * @param syncNowWait how long the syncNow operation (and the issuing CA upload) waits for the run before it
 *                    answers "still running"
 * @param ldap        console logins with directory accounts, besides the users above
 */
@Validated
@ConfigurationProperties("certsync.console")
public record ConsoleSettings(
        @DefaultValue("auto") @NotNull ConsoleSecurity security,
        @DefaultValue Map<@Pattern(regexp = "[a-z][a-z0-9]*", message = "user names are lower-case letters and digits,"
                + " so that they can be written in environment variables too") String, @Valid User> users,
        @DefaultValue("30s") @NotNull @DurationMin(seconds = 1) Duration syncNowWait,
        @DefaultValue @NotNull DirectoryLogin ldap) {

    /** When the console asks for a login. */
    public enum ConsoleSecurity { AUTO, ALWAYS }

    /**
     * One console user.
     *
     * @param password {@code {bcrypt}<hash>} (recommended) or {@code {noop}<plain text>}; never logged
     */
    public record User(
            @NotBlank(message = "must be {bcrypt}<hash> or {noop}<password>") String password,
            @NotEmpty(message = "must list viewer and/or operator") Set<ConsoleRole> roles) {

        @Override
        public String toString() {
            return "User[roles=" + roles + "]";
        }
    }

    /**
     * Console logins with the accounts of the directory CertSync reads ({@code certsync.console.ldap.*}); on when a
     * group is set. Checked at start-up, so that a typo fails the start, not the login; the refusals carry no cause,
     * since the start-up failure report shows only the innermost cause, which names no setting.
     *
     * @param operatorGroup   DN of the group whose members are operators
     * @param viewerGroup     DN of the group whose members are viewers
     * @param userBaseDn      where accounts are searched; empty: {@code certsync.ldap.base-dn}
     * @param userFilter      finds the account by the name given at login, which stands for {@code {0}}; empty: the
     *                        default, AD's logon name or UPN, or uid elsewhere
     * @param groupMembership how membership is asked for; default: nested on Active Directory, direct elsewhere
     */
    public record DirectoryLogin(
            String operatorGroup,
            String viewerGroup,
            String userBaseDn,
            String userFilter,
            GroupMembership groupMembership) {

        static final String DEFAULT_USER_FILTER = "(|(sAMAccountName={0})(userPrincipalName={0})(uid={0}))";
        static final String PREFIX = "certsync.console.ldap.";

        public DirectoryLogin {
            operatorGroup = dn(operatorGroup, PREFIX + "operator-group");
            viewerGroup = dn(viewerGroup, PREFIX + "viewer-group");
            userBaseDn = dn(userBaseDn, PREFIX + "user-base-dn");
            userFilter = userFilter == null || userFilter.isBlank() ? DEFAULT_USER_FILTER : userFilter.strip();
            checkFilter(userFilter);
            groupMembership = groupMembership == null ? GroupMembership.AUTO : groupMembership;
        }

        public boolean enabled() {
            return operatorGroup != null || viewerGroup != null;
        }

        /** Null when blank. */
        private static String dn(String value, String property) {
            if (value == null || value.isBlank()) return null;
            try {
                return new LdapName(value.strip()).toString();
            } catch (InvalidNameException | IllegalArgumentException e) {
                throw new IllegalArgumentException(property + "='" + value + "' is not a DN (" + e.getMessage()
                        + "), e.g. CN=CertSync Operators,OU=Groups,DC=corp,DC=example");
            }
        }

        private static void checkFilter(String filter) {
            String property = PREFIX + "user-filter";
            if (!filter.contains("{0}")) {
                throw new IllegalArgumentException(property + "=" + filter + " must contain {0} where the name given at"
                        + " login goes, e.g. " + DEFAULT_USER_FILTER);
            }
            try {
                Filter.create(filter.replace("{0}", "name"));
            } catch (LDAPException e) {
                throw new IllegalArgumentException(property + "=" + filter + " is not an LDAP filter: "
                        + e.getMessage());
            }
        }
    }
}
