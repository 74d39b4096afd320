package org.certsync.directory;

import java.util.Locale;
import java.util.Map;

import javax.naming.directory.SearchControls;
import javax.naming.ldap.LdapContext;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.NoSuchBeanException;
import org.apache.camel.Producer;
import org.apache.camel.component.ldap.LdapComponent;
import org.apache.camel.component.ldap.LdapEndpoint;
import org.apache.camel.support.DefaultProducer;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * camel-ldap's {@code ldap:} component, streamed. The endpoint is camel-ldap's own ({@code ldap:dirContextName} with
 * {@code base}, {@code scope}, {@code pageSize}, {@code returnedAttributes}), so Hawtio and tooling describe it from
 * camel-ldap's metadata; only the producer is replaced. camel-ldap's collects every page into one list (the whole
 * directory in memory) and closes the context; this one answers with a {@link PagedSearch} that fetches a page when
 * a streaming {@code split} asks for it, and closes the search when the exchange completes. Registered under the
 * name {@code ldap}, so it is the component the scheme resolves to.
 */
public class StreamedLdapComponent extends LdapComponent {

    /** A page size when the URI gives none: reads are always paged, so no server size limit can cut them short. */
    static final int DEFAULT_PAGE_SIZE = 1000;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        Endpoint endpoint = new StreamedLdapEndpoint(uri, remaining, this);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /** camel-ldap's endpoint with the streamed producer. */
    static final class StreamedLdapEndpoint extends LdapEndpoint {

        StreamedLdapEndpoint(String uri, String remaining, LdapComponent component) {
            super(uri, remaining, component);
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

        /** A new search on a context of its own: the bean is prototype-scoped, as camel-ldap asks of it. */
        PagedSearch open(String filter) {
            Object context = getCamelContext().getRegistry().lookupByName(getDirContextName());
            if (!(context instanceof LdapContext ldapContext)) {
                throw new NoSuchBeanException(getDirContextName(), LdapContext.class.getName());
            }
            SearchControls controls = new SearchControls();
            controls.setSearchScope(switch (getScope().toLowerCase(Locale.ROOT)) {
                case OBJECT_SCOPE -> SearchControls.OBJECT_SCOPE;
                case ONELEVEL_SCOPE -> SearchControls.ONELEVEL_SCOPE;
                default -> SearchControls.SUBTREE_SCOPE;
            });
            if (getReturnedAttributes() != null && !getReturnedAttributes().isBlank()) {
                controls.setReturningAttributes(getReturnedAttributes().split(","));
            }
            return new PagedSearch(ldapContext, getBase(), filter, controls,
                    getPageSize() == null ? DEFAULT_PAGE_SIZE : getPageSize());
        }
    }
}
