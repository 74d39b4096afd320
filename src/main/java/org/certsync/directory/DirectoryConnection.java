package org.certsync.directory;

import org.certsync.FailureMessages;

import java.net.URI;
import java.time.Duration;
import java.util.Hashtable;

import javax.naming.AuthenticationException;
import javax.naming.CommunicationException;
import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.ServiceUnavailableException;
import javax.naming.ldap.InitialLdapContext;
import javax.naming.ldap.LdapContext;

/**
 * Opens bound LDAP contexts. camel-ldap closes the context after each search, so every read opens a new one;
 * failures become a {@link DirectoryUnavailableException} that names the property to fix.
 */
public class DirectoryConnection {

    /** Attributes JNDI must hand out as bytes; names with ";binary" are binary anyway. */
    static final String BINARY_ATTRIBUTES = "objectGUID invocationId userCertificate userSMIMECertificate";

    private final LdapSettings settings;
    private final String url;

    public DirectoryConnection(LdapSettings settings, String url) {
        this.settings = settings;
        this.url = url;
    }

    public String url() {
        return url;
    }

    public LdapContext open() {
        return open(settings.connectTimeout(), settings.readTimeout());
    }

    /** A connection for a quick check (health): neither timeout longer than {@code limit}. */
    public LdapContext openWithin(Duration limit) {
        return open(shorter(settings.connectTimeout(), limit), shorter(settings.readTimeout(), limit));
    }

    private LdapContext open(Duration connectTimeout, Duration readTimeout) {
        try {
            return bind(settings.bindDn(), settings.password(), connectTimeout, readTimeout);
        } catch (AuthenticationException e) {
            throw new DirectoryUnavailableException("LDAP bind as '" + settings.bindDn() + "' to " + url
                    + " was refused (" + e.getExplanation() + "): check certsync.ldap.bind-dn and certsync.ldap.password", e);
        }
    }

    /**
     * Binds as a directory account with its own password, over the URL, timeouts and TLS trust of CertSync's reads,
     * and lets go of the connection: a console login's proof of the password.
     *
     * @throws AccountRefusedException when the server refuses the bind: a wrong password, or on Active Directory
     *                                 also a disabled, locked or expired account (its explanation says which)
     */
    public void bindAs(String dn, String password) {
        // a simple bind with a DN and no password is an unauthenticated bind, which many servers accept
        if (password == null || password.isEmpty()) throw new AccountRefusedException("no password given");
        try {
            close(bind(dn, password, settings.connectTimeout(), settings.readTimeout()));
        } catch (AuthenticationException e) {
            throw new AccountRefusedException("the directory refused the bind as " + dn + " (" + e.getExplanation() + ")");
        }
    }

    private LdapContext bind(String principal, String password, Duration connectTimeout, Duration readTimeout)
            throws AuthenticationException {
        validateUrl(url);
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, url);
        env.put("java.naming.ldap.attributes.binary", BINARY_ATTRIBUTES);
        env.put("com.sun.jndi.ldap.connect.timeout", Long.toString(connectTimeout.toMillis()));
        env.put("com.sun.jndi.ldap.read.timeout", Long.toString(readTimeout.toMillis()));
        env.put(Context.REFERRAL, "ignore");
        if (principal != null && !principal.isBlank()) {
            env.put(Context.SECURITY_AUTHENTICATION, "simple");
            env.put(Context.SECURITY_PRINCIPAL, principal);
            env.put(Context.SECURITY_CREDENTIALS, password == null ? "" : password);
        }
        if (url.startsWith("ldaps:") && settings.trustStore() != null && !settings.trustStore().isBlank()) {
            DirectoryTrust.configure(settings.trustStore(), settings.trustStorePassword());
            env.put("java.naming.ldap.factory.socket", DirectoryTrust.class.getName());
        }
        try {
            return new InitialLdapContext(env, null);
        } catch (AuthenticationException e) {
            throw e;
        } catch (CommunicationException | ServiceUnavailableException e) {
            throw new DirectoryUnavailableException("cannot reach the LDAP server at certsync.ldap.url=" + url + ": "
                    + FailureMessages.describe(e), e);
        } catch (NamingException e) {
            throw new DirectoryUnavailableException("cannot open LDAP connection to certsync.ldap.url=" + url + ": "
                    + FailureMessages.describe(e), e);
        }
    }

    /** Closes a connection that only read: a failing close loses nothing, the connection is dropped either way. */
    public static void close(LdapContext context) {
        try {
            context.close();
        } catch (NamingException ignored) {
            // nothing to keep
        }
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void validateUrl(String url) {
        try {
            URI uri = URI.create(url);
            if (!"ldap".equals(uri.getScheme()) && !"ldaps".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("scheme must be ldap or ldaps and a host is required");
            }
        } catch (IllegalArgumentException e) {
            throw new DirectoryUnavailableException("certsync.ldap.url='" + url + "' is not a valid LDAP URL ("
                    + e.getMessage() + "), e.g. ldaps://dc1.corp.example:636", e);
        }
    }
}
