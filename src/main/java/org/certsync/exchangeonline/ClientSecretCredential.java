package org.certsync.exchangeonline;

import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/** A client secret of the app registration. Not a record: a record's toString would print the secret. */
final class ClientSecretCredential implements ClientCredential {

    private final String secret;

    ClientSecretCredential(String secret) {
        this.secret = secret;
    }

    /** In the form, as client_secret: Entra ID takes both forms, and the simulator models this one. */
    @Override
    public void register(ClientRegistration.Builder registration) {
        registration.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST).clientSecret(secret);
    }

    @Override
    public void configure(RestClientClientCredentialsTokenResponseClient tokenRequests) {
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
