package org.certsync.directory;

import java.util.Locale;

import javax.naming.directory.SearchControls;
import javax.naming.ldap.LdapContext;

import org.apache.camel.Component;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.NoSuchBeanException;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * {@code ldap-pages:<contextBean>?base=…&scope=…&pageSize=…&returnedAttributes=…}: camel-ldap's {@code ldap:} paged
 * search with the same parameters, but streamed. camel-ldap collects every page into one list, which holds the whole
 * directory in memory; this endpoint answers with a {@link PagedSearch} that fetches a page only when a streaming
 * {@code split} asks for it. The body is the LDAP filter; {@code contextBean} names the {@link LdapContext} bean
 * (prototype scope: each search holds its own connection). The search is closed when the exchange completes.
 */
public class LdapPagesEndpoint extends DefaultEndpoint {

    private final String contextBean;
    private String base = "";
    private int scope = SearchControls.SUBTREE_SCOPE;
    private int pageSize = 1000;
    private String returnedAttributes;

    LdapPagesEndpoint(String uri, Component component, String contextBean) {
        super(uri, component);
        this.contextBean = contextBean;
    }

    @Override
    public Producer createProducer() {
        return new DefaultProducer(this) {
            @Override
            public void process(Exchange exchange) throws Exception {
                PagedSearch search = open(exchange.getMessage().getMandatoryBody(String.class));
                exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                    @Override
                    public void onDone(Exchange done) {
                        search.close();
                    }
                });
                exchange.getMessage().setBody(search);
            }
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("ldap-pages: only searches (producer), it cannot be a route's from");
    }

    PagedSearch open(String filter) {
        Object context = getCamelContext().getRegistry().lookupByName(contextBean);
        if (!(context instanceof LdapContext ldapContext)) {
            throw new NoSuchBeanException(contextBean, LdapContext.class.getName());
        }
        SearchControls controls = new SearchControls();
        controls.setSearchScope(scope);
        if (returnedAttributes != null && !returnedAttributes.isBlank()) {
            controls.setReturningAttributes(returnedAttributes.split(","));
        }
        return new PagedSearch(ldapContext, base, filter, controls, pageSize);
    }

    public void setBase(String base) {
        this.base = base;
    }

    public void setScope(String scope) {
        this.scope = switch (scope.toLowerCase(Locale.ROOT)) {
            case "object" -> SearchControls.OBJECT_SCOPE;
            case "onelevel" -> SearchControls.ONELEVEL_SCOPE;
            case "subtree" -> SearchControls.SUBTREE_SCOPE;
            default -> throw new IllegalArgumentException("ldap-pages scope must be object, onelevel or subtree, not " + scope);
        };
    }

    public void setPageSize(int pageSize) {
        if (pageSize < 1) throw new IllegalArgumentException("ldap-pages pageSize must be at least 1, not " + pageSize);
        this.pageSize = pageSize;
    }

    public void setReturnedAttributes(String returnedAttributes) {
        this.returnedAttributes = returnedAttributes;
    }
}
