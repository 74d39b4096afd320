package org.certsync.directory;

import org.certsync.FailureMessages;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.PartialResultException;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.naming.ldap.Control;
import javax.naming.ldap.LdapContext;
import javax.naming.ldap.PagedResultsControl;
import javax.naming.ldap.PagedResultsResponseControl;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One paged LDAP search (RFC 2696) read a page at a time, when the caller asks for the next page: only the current
 * page is in memory, however large the directory. The connection is closed after the last page, after a failure,
 * or by {@link #close()} when the caller stops early.
 */
public final class PagedSearch implements Iterator<List<SearchResult>>, Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(PagedSearch.class);
    /** JNDI's explanation when the server answered with references to other servers and referrals are ignored. */
    private static final String CONTINUATION_REFERENCES = "Unprocessed Continuation Reference(s)";

    private final LdapContext context;
    private final String base;
    private final String filter;
    private final SearchControls controls;
    private final int pageSize;
    private final Control[] extraControls;
    private byte[] cookie;
    private volatile boolean lastPageRead;
    /** Volatile: the exchange's completion may close the search while a page is read ahead on another thread. */
    private volatile boolean ended;
    private int pages;
    private long entries;
    private boolean referencesNoted;

    /** @param extraControls request controls sent with every page besides paging, e.g. AD's show-deleted */
    public PagedSearch(LdapContext context, String base, String filter, SearchControls controls, int pageSize,
                       Control... extraControls) {
        this.context = context;
        this.base = base;
        this.filter = filter;
        this.controls = controls;
        this.pageSize = pageSize;
        this.extraControls = extraControls;
    }

    @Override
    public boolean hasNext() {
        return !ended;
    }

    /**
     * Fetches the next page from the server; it may be empty (servers may return short or empty pages).
     *
     * @throws DirectoryUnavailableException when the server fails the page; the search is then over, incomplete
     */
    @Override
    public List<SearchResult> next() {
        if (ended) throw new NoSuchElementException("the search has ended");
        try {
            // critical: a server that cannot page must fail the read, not cut it at its size limit
            Control[] request = new Control[extraControls.length + 1];
            request[0] = new PagedResultsControl(pageSize, cookie, Control.CRITICAL);
            System.arraycopy(extraControls, 0, request, 1, extraControls.length);
            context.setRequestControls(request);
            List<SearchResult> page = new ArrayList<>();
            NamingEnumeration<SearchResult> results = context.search(base, filter, controls);
            while (hasMore(results)) page.add(results.next());
            cookie = responseCookie();
            pages++;
            entries += page.size();
            if (cookie == null) {
                lastPageRead = true;
                close();
                LOG.info("Directory read complete: {} entries in {} pages of up to {} below {}", entries, pages, pageSize, base);
            }
            return page;
        } catch (NamingException | IOException e) {
            close();
            throw new DirectoryUnavailableException("the LDAP search for certsync.ldap.user-filter=" + filter
                    + " below certsync.ldap.base-dn=" + base + " failed on page " + (pages + 1) + " after " + entries
                    + " entries: " + FailureMessages.describe(e), e);
        }
    }

    /** True once the server has sent its last page: every entry in scope has been handed out. */
    public boolean complete() {
        return lastPageRead;
    }

    /** Ends the search and releases the connection; further pages are not read. Idempotent. */
    @Override
    public void close() {
        if (ended) return;
        ended = true;
        try {
            context.close();
        } catch (NamingException e) {
            // the connection is being dropped anyway; nothing is lost
        }
    }

    /**
     * AD answers a search at a domain's root with references to its other partitions (DomainDnsZones, Configuration,
     * child domains); with referrals ignored, JNDI throws that at the end of the page. This server's entries are all
     * there, so the page is complete; any other partial result (e.g. the base itself held elsewhere) fails the read.
     */
    private boolean hasMore(NamingEnumeration<SearchResult> results) throws NamingException {
        try {
            return results.hasMore();
        } catch (PartialResultException e) {
            if (!onlyReferences(e)) throw e;
            if (!referencesNoted) {
                LOG.info("LDAP search below {}: the server referred to other naming contexts (e.g. AD's DomainDnsZones or"
                        + " child domains); CertSync reads only the server at certsync.ldap.url and does not follow them", base);
                referencesNoted = true;
            }
            return false;
        }
    }

    /** The server referred to other naming contexts, and said nothing else (see {@link #hasMore}). */
    static boolean onlyReferences(PartialResultException e) {
        return e.getRootCause() == null && CONTINUATION_REFERENCES.equals(e.getExplanation());
    }

    private byte[] responseCookie() throws NamingException {
        Control[] response = context.getResponseControls();
        if (response != null) {
            for (Control control : response) {
                if (control instanceof PagedResultsResponseControl paged) {
                    byte[] next = paged.getCookie();
                    return next == null || next.length == 0 ? null : next;
                }
            }
        }
        return null;
    }
}
