package org.certsync.exchangeonline;

import java.util.function.Supplier;

/**
 * The tenant connection used by the routes: settings and cached tokens, created on first use because
 * the demo's simulator URL is known only once the web server listens.
 */
public class ExchangeOnlineAccess {

    private final Supplier<ExchangeOnlineSettings> settingsSource;
    private volatile ExchangeOnlineSettings settings;
    private volatile AccessTokens tokens;

    public ExchangeOnlineAccess(Supplier<ExchangeOnlineSettings> settingsSource) {
        this.settingsSource = settingsSource;
    }

    /** Obtains a token before any user is processed, so a refused or unreachable token endpoint fails the run once. */
    public void check() {
        tokens().current();
    }

    public ExchangeOnlineSettings settings() {
        if (settings == null) {
            synchronized (this) {
                if (settings == null) settings = settingsSource.get();
            }
        }
        return settings;
    }

    public AccessTokens tokens() {
        if (tokens == null) {
            synchronized (this) {
                if (tokens == null) tokens = new AccessTokens(settings());
            }
        }
        return tokens;
    }
}
