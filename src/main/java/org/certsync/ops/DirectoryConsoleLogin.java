package org.certsync.ops;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;

import org.certsync.FailureMessages;
import org.certsync.directory.AccountRefusedException;
import org.certsync.directory.DirectoryAccounts;
import org.certsync.directory.DirectoryConnection;
import org.certsync.directory.DirectoryUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.provisioning.UserDetailsManager;

/**
 * Console logins with the accounts of the directory CertSync reads ({@code certsync.console.ldap.*}): the directory
 * proves the password, the operator and viewer groups give the roles, and an account in neither is refused. A name
 * that is one of {@code certsync.console.users} is left to that user's password, so a directory account can never
 * stand in for a local user. Every refusal and failure is one log line naming the user and the cause; whatever goes
 * wrong, nobody is let in.
 */
public class DirectoryConsoleLogin implements AuthenticationProvider {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryConsoleLogin.class);

    private final DirectoryAccounts accounts;
    private final UserDetailsManager localUsers;
    /** The configured groups by the setting that names them, and the role each gives. */
    private final Map<String, LdapName> groups = new LinkedHashMap<>();
    private final Map<String, ConsoleRole> roles = new LinkedHashMap<>();

    /** @param directoryBase where accounts are searched when {@code certsync.console.ldap.user-base-dn} is empty */
    public DirectoryConsoleLogin(ConsoleSettings.DirectoryLogin settings, String directoryBase,
                                 DirectoryConnection connection, UserDetailsManager localUsers) {
        String base = settings.userBaseDn() != null ? settings.userBaseDn() : directoryBase;
        this.accounts = new DirectoryAccounts(connection, name(base, settings.userBaseDn() != null
                ? ConsoleSettings.DirectoryLogin.PREFIX + "user-base-dn" : "certsync.ldap.base-dn"),
                settings.userFilter(), settings.groupMembership());
        this.localUsers = localUsers;
        group(ConsoleSettings.DirectoryLogin.PREFIX + "operator-group", settings.operatorGroup(), ConsoleRole.OPERATOR);
        group(ConsoleSettings.DirectoryLogin.PREFIX + "viewer-group", settings.viewerGroup(), ConsoleRole.VIEWER);
    }

    /** The configured groups, for the start-up log. */
    public Set<String> groups() {
        return groups.entrySet().stream().map(group -> group.getKey() + "=" + group.getValue())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    @Override
    public Authentication authenticate(Authentication login) {
        String name = login.getName();
        if (localUsers.userExists(name)) return null;
        String password = login.getCredentials() == null ? "" : login.getCredentials().toString();
        // anyone can send a name: no line breaks of theirs in our log
        String logged = name.replaceAll("\\p{Cntrl}", "?");
        try {
            DirectoryAccounts.Account account = accounts.authenticate(name, password, groups);
            Set<ConsoleRole> granted = EnumSet.noneOf(ConsoleRole.class);
            account.groups().forEach(group -> granted.add(roles.get(group)));
            if (granted.isEmpty()) {
                throw new AccountRefusedException(account.dn() + " is in neither of " + String.join(", ", groups()));
            }
            LOG.info("Console login of directory user '{}' ({}) with roles {}", logged, account.dn(), granted);
            return UsernamePasswordAuthenticationToken.authenticated(name, null, AuthorityUtils.createAuthorityList(
                    granted.stream().map(ConsoleRole::authority).toList()));
        } catch (AccountRefusedException e) {
            LOG.info("Console login of '{}' refused: {}", logged, e.getMessage());
            throw new BadCredentialsException("Bad credentials", e);
        } catch (DirectoryUnavailableException e) {
            String cause = FailureMessages.describe(e);
            LOG.warn("Console login of '{}' refused, the directory could not tell: {}", logged, cause);
            throw new AuthenticationServiceException(cause, e);
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private void group(String setting, String dn, ConsoleRole role) {
        if (dn == null) return;
        groups.put(setting, name(dn, setting));
        roles.put(setting, role);
    }

    private static LdapName name(String dn, String setting) {
        try {
            return new LdapName(dn);
        } catch (InvalidNameException e) {
            throw new IllegalStateException(setting + "='" + dn + "' is not a DN: " + e.getMessage(), e);
        }
    }
}
