package org.certsync.directory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.PartialResultException;
import javax.naming.SizeLimitExceededException;
import javax.naming.directory.Attribute;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.naming.ldap.LdapContext;
import javax.naming.ldap.LdapName;

import org.certsync.FailureMessages;

/**
 * Console logins with directory accounts: the account is found with CertSync's own bind, its password proved by a
 * bind as the account, and the groups that hold it are asked for with CertSync's bind again (it may read groups an
 * account may not). Everything goes over {@link DirectoryConnection}: the URL, timeouts and TLS trust of the reads.
 */
public class DirectoryAccounts {

    /** The account a login found and proved, and the keys of the groups that hold it. */
    public record Account(String dn, Set<String> groups) {
    }

    /** Active Directory's capability in the rootDSE's supportedCapabilities (LDAP_CAP_ACTIVE_DIRECTORY_OID). */
    private static final String ACTIVE_DIRECTORY = "1.2.840.113556.1.4.800";
    /** Matches the account itself when the group holds it at any depth (LDAP_MATCHING_RULE_IN_CHAIN). */
    private static final String IN_CHAIN_FILTER = "(memberOf:1.2.840.113556.1.4.1941:={0})";
    private static final String DIRECT_FILTER = "(|(member={0})(uniqueMember={0}))";
    private static final String[] NO_ATTRIBUTES = new String[0];

    private final DirectoryConnection connection;
    private final LdapName userBase;
    private final String userFilter;
    private final GroupMembership membership;

    /**
     * @param userFilter LDAP filter in which {@code {0}} stands for the name given at login (escaped by JNDI)
     */
    public DirectoryAccounts(DirectoryConnection connection, LdapName userBase, String userFilter, GroupMembership membership) {
        this.connection = connection;
        this.userBase = userBase;
        this.userFilter = userFilter;
        this.membership = membership;
    }

    /**
     * @param groups the groups to ask about, each under a key of the caller's (the setting that names it), which the
     *               answer's {@link Account#groups()} uses
     * @throws AccountRefusedException       no account or several match the name, or the bind as the account is refused
     * @throws DirectoryUnavailableException the directory does not answer, or a group names no entry; the message names
     *                                       the setting to check
     */
    public Account authenticate(String name, String password, Map<String, LdapName> groups) {
        if (name == null || name.isBlank()) throw new AccountRefusedException("no name given");
        LdapContext service = connection.open();
        try {
            LdapName account = find(service, name);
            connection.bindAs(account.toString(), password);
            boolean inChain = inChain(service);
            Set<String> holding = new LinkedHashSet<>();
            for (Map.Entry<String, LdapName> group : groups.entrySet()) {
                if (holds(service, group.getKey(), group.getValue(), account, inChain)) holding.add(group.getKey());
            }
            return new Account(account.toString(), holding);
        } catch (NamingException e) {
            throw new DirectoryUnavailableException("the search for the account below " + userBase
                    + " (certsync.console.ldap.user-filter=" + userFilter + ") at certsync.ldap.url=" + connection.url()
                    + " failed: " + FailureMessages.describe(e), e);
        } finally {
            DirectoryConnection.close(service);
        }
    }

    private LdapName find(LdapContext service, String name) throws NamingException {
        SearchControls controls = new SearchControls(SearchControls.SUBTREE_SCOPE, 2, 0, NO_ATTRIBUTES, false, false);
        List<String> found = new ArrayList<>();
        NamingEnumeration<SearchResult> results = service.search(userBase, userFilter, new Object[]{name}, controls);
        try {
            while (hasMore(results)) found.add(results.next().getNameInNamespace());
        } catch (SizeLimitExceededException e) {
            // a third match: as ambiguous as the second
        } finally {
            results.close();
        }
        if (found.isEmpty()) {
            throw new AccountRefusedException("no entry below " + userBase + " matches certsync.console.ldap.user-filter="
                    + userFilter);
        }
        if (found.size() > 1) {
            throw new AccountRefusedException("several entries below " + userBase + " match certsync.console.ldap.user-filter="
                    + userFilter + " (" + String.join("; ", found) + "): the filter must find one account per name");
        }
        return new LdapName(found.get(0));
    }

    private boolean inChain(LdapContext service) throws NamingException {
        if (membership != GroupMembership.AUTO) return membership == GroupMembership.IN_CHAIN;
        Attribute capabilities = service.getAttributes("", new String[]{"supportedCapabilities"}).get("supportedCapabilities");
        return capabilities != null && capabilities.contains(ACTIVE_DIRECTORY);
    }

    private boolean holds(LdapContext service, String key, LdapName group, LdapName account, boolean inChain) {
        try {
            service.getAttributes(group, NO_ATTRIBUTES);
        } catch (NameNotFoundException e) {
            throw new DirectoryUnavailableException(key + "=" + group + " names no entry that the bind user"
                    + " (certsync.ldap.bind-dn) can see at certsync.ldap.url=" + connection.url()
                    + ": no directory account can log in to the console until it does", e);
        } catch (NamingException e) {
            throw new DirectoryUnavailableException("cannot read " + key + "=" + group + ": " + FailureMessages.describe(e), e);
        }
        SearchControls base = new SearchControls(SearchControls.OBJECT_SCOPE, 1, 0, NO_ATTRIBUTES, false, false);
        try {
            NamingEnumeration<SearchResult> match = inChain
                    ? service.search(account, IN_CHAIN_FILTER, new Object[]{group.toString()}, base)
                    : service.search(group, DIRECT_FILTER, new Object[]{account.toString()}, base);
            try {
                return match.hasMore();
            } finally {
                match.close();
            }
        } catch (NamingException e) {
            throw new DirectoryUnavailableException("cannot ask whether " + key + "=" + group + " holds " + account
                    + " (certsync.console.ldap.group-membership=" + (inChain ? "in-chain" : "direct") + "): "
                    + FailureMessages.describe(e), e);
        }
    }

    /** AD answers a search below a domain's root with references to its other partitions, whose accounts are not ours. */
    private static boolean hasMore(NamingEnumeration<SearchResult> results) throws NamingException {
        try {
            return results.hasMore();
        } catch (PartialResultException e) {
            if (PagedSearch.onlyReferences(e)) return false;
            throw e;
        }
    }
}
