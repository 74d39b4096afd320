package org.certsync.exchangeonline;

import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;

/** How the app proves its identity in the client-credentials grant, as Spring Security's OAuth2 client takes it. */
sealed interface ClientCredential permits ClientSecretCredential, ClientCertificateCredential {

    /** Sets the client authentication method, and a secret, on the app's registration. */
    void register(ClientRegistration.Builder registration);

    /** Adds what the token requests need beyond the registration (a client assertion); nothing for a secret. */
    void configure(RestClientClientCredentialsTokenResponseClient tokenRequests);

    /** The property an administrator fixes when Entra ID refuses this credential. */
    String property();

    /** For log lines: the kind of credential and, for certificates, the fingerprint; never the secret. */
    String description();
}
