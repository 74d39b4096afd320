package org.certsync.directory;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code ldap-pages:} component: a paged LDAP search whose result is streamed page by page; see
 * {@link LdapPagesEndpoint}.
 */
public class LdapPagesComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        LdapPagesEndpoint endpoint = new LdapPagesEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
