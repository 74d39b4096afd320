package org.certsync.exchange;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

/** How the app proves its identity in the client-credentials grant. */
sealed interface ClientCredential permits ClientSecretCredential, ClientCertificateCredential {

    /** The form fields that carry the credential. */
    Map<String, String> formFields(URI tokenEndpoint, Instant now);

    /** The property an administrator fixes when Entra ID refuses this credential. */
    String property();

    /** For log lines: the kind of credential and, for certificates, the fingerprint; never the secret. */
    String description();
}
