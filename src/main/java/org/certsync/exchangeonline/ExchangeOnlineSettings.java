package org.certsync.exchangeonline;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How CertSync reaches Exchange Online ({@code certsync.exchange.*}). Missing values take the defaults below;
 * required values are checked where they are used, so an unused configuration never blocks start-up.
 *
 * @param tenantId                  Entra ID tenant: its GUID or a verified domain such as contoso.onmicrosoft.com
 * @param clientId                  application (client) id of the app registration
 * @param clientSecret              client secret of the app registration; prefer the environment variable
 *                                  CERTSYNC_EXCHANGE_CLIENT_SECRET. Ignored when a client certificate is set
 * @param clientCertificate         PKCS#12 file, or PEM file with certificate and private key, whose certificate is
 *                                  uploaded to the app registration; takes precedence over the client secret
 * @param clientCertificatePassword password of the PKCS#12 file or of the encrypted PEM private key
 * @param loginUrl                  Entra ID login endpoint; default https://login.microsoftonline.com
 * @param apiUrl                    Exchange Online endpoint; default https://outlook.office365.com
 * @param scope                     OAuth2 scope of the token; default https://outlook.office365.com/.default
 * @param cmdlet                    the cmdlet that publishes certificates, matching the recipients' type, or
 *                                  {@code Auto}: each recipient's type is looked up once with Get-Recipient:
 *                                  Set-MailUser (default), Set-Mailbox or Set-MailContact
 * @param anchorMailbox             the X-AnchorMailbox routing hint; default the app-only system mailbox the
 *                                  ExchangeOnlineManagement module and CIPP send,
 *                                  APP:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}@{tenant-id}
 * @param connectTimeout            how long to wait for a TCP connection; default 10s
 * @param requestTimeout            how long to wait for one response; default 60s
 * @param tokenRefreshMargin        how long before its expiry an access token is renewed; default 5m
 */
public record ExchangeOnlineSettings(
        String tenantId,
        String clientId,
        String clientSecret,
        Path clientCertificate,
        String clientCertificatePassword,
        URI loginUrl,
        URI apiUrl,
        String scope,
        String cmdlet,
        String anchorMailbox,
        Duration connectTimeout,
        Duration requestTimeout,
        Duration tokenRefreshMargin) {

    public static final URI DEFAULT_LOGIN_URL = URI.create("https://login.microsoftonline.com");
    public static final URI DEFAULT_API_URL = URI.create("https://outlook.office365.com");
    public static final String DEFAULT_SCOPE = "https://outlook.office365.com/.default";
    /** The cmdlet setting that picks Set-Mailbox / Set-MailUser / Set-MailContact per recipient. */
    public static final String AUTO = "Auto";
    /** The system mailbox app-only callers anchor their requests on. */
    static final String APP_ANCHOR_MAILBOX = "APP:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}@";

    public ExchangeOnlineSettings {
        clientSecret = blankToNull(clientSecret);
        clientCertificatePassword = blankToNull(clientCertificatePassword);
        anchorMailbox = blankToNull(anchorMailbox) != null ? anchorMailbox.strip()
                : blankToNull(tenantId) == null ? null : APP_ANCHOR_MAILBOX + tenantId.strip();
        loginUrl = withoutTrailingSlash(loginUrl == null ? DEFAULT_LOGIN_URL : loginUrl);
        apiUrl = withoutTrailingSlash(apiUrl == null ? DEFAULT_API_URL : apiUrl);
        scope = blankToNull(scope) == null ? DEFAULT_SCOPE : scope;
        String requested = blankToNull(cmdlet) == null ? RecipientType.MAIL_USER.setCmdlet() : cmdlet.strip();
        // stored in its canonical spelling: it is sent as a header and compared with Exchange's messages
        cmdlet = AUTO.equalsIgnoreCase(requested) ? AUTO
                : RecipientType.forSetCmdlet(requested).map(RecipientType::setCmdlet).orElseThrow(() ->
                new IllegalArgumentException("certsync.exchange.cmdlet=" + requested
                        + " is not supported: use Set-MailUser, Set-Mailbox, Set-MailContact or Auto"));
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(60) : requestTimeout;
        tokenRefreshMargin = tokenRefreshMargin == null ? Duration.ofMinutes(5) : tokenRefreshMargin;
        if (tokenRefreshMargin.isNegative()) {
            throw new IllegalArgumentException("certsync.exchange.token-refresh-margin must not be negative, not " + tokenRefreshMargin);
        }
    }

    /** The recipients' type is looked up rather than fixed by configuration. */
    public boolean looksUpRecipientType() {
        return AUTO.equals(cmdlet);
    }

    /** {@code {login-url}/{tenant-id}/oauth2/v2.0/token} */
    public URI tokenEndpoint() {
        return URI.create(loginUrl + "/" + tenantId + "/oauth2/v2.0/token");
    }

    /** {@code {api-url}/adminapi/beta/{tenant-id}/InvokeCommand} */
    public URI invokeCommandEndpoint() {
        return URI.create(apiUrl + "/adminapi/beta/" + tenantId + "/InvokeCommand");
    }

    /** {@code {api-url}/adminapi/beta/{tenant-id}/$batch} */
    public URI batchEndpoint() {
        return URI.create(apiUrl + "/adminapi/beta/" + tenantId + "/$batch");
    }

    /** Masks the secrets: settings are logged at start-up. */
    @Override
    public String toString() {
        return "ExchangeOnlineSettings[tenantId=" + tenantId + ", clientId=" + clientId
                + ", clientSecret=" + mask(clientSecret) + ", clientCertificate=" + clientCertificate
                + ", clientCertificatePassword=" + mask(clientCertificatePassword)
                + ", loginUrl=" + loginUrl + ", apiUrl=" + apiUrl + ", scope=" + scope + ", cmdlet=" + cmdlet
                + ", anchorMailbox=" + anchorMailbox
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", tokenRefreshMargin=" + tokenRefreshMargin + "]";
    }

    private static String mask(String secret) {
        return secret == null ? null : "******";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static URI withoutTrailingSlash(URI uri) {
        return URI.create(uri.toString().replaceAll("/+$", ""));
    }
}
