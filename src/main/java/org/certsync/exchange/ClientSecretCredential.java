package org.certsync.exchange;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

/** A client secret of the app registration. Not a record: a record's toString would print the secret. */
final class ClientSecretCredential implements ClientCredential {

    private final String secret;

    ClientSecretCredential(String secret) {
        this.secret = secret;
    }

    @Override
    public Map<String, String> formFields(URI tokenEndpoint, Instant now) {
        return Map.of("client_secret", secret);
    }

    @Override
    public String property() {
        return "certsync.exchange.client-secret";
    }

    @Override
    public String description() {
        return "client secret";
    }

    @Override
    public String toString() {
        return "ClientSecretCredential[******]";
    }
}
