package org.certsync.state;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.certsync.FailureMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The expiry warnings the webhook ({@code certsync.expiry.webhook-url}) is still to receive: a recipient whose last
 * published certificate expires within 30 days is warned once for the 30-day window and once for the 7-day one, for
 * that last expiry. A warning's row (expiry_warning) is claimed before it is posted, so two runs ending moments apart
 * (or two nodes) never post it twice, and released when the post finally fails, so the next run tries again.
 */
public class ExpiryNotices {

    private static final Logger LOG = LoggerFactory.getLogger(ExpiryNotices.class);
    /**
     * A claim not marked sent for this long was lost with its node (a post, redeliveries included, takes minutes): the
     * warning is due again.
     */
    static final Duration LOST_CLAIM = Duration.ofHours(1);

    private final JdbcTemplate jdbc;
    private final PublishedState state;
    private final Clock clock;
    private final String tenant;
    private final String webhookUrl;
    private final String authorization;
    private final ObjectMapper json;

    /** @param authorization the webhook's Authorization header; empty or null: none is sent */
    public ExpiryNotices(JdbcTemplate jdbc, PublishedState state, Clock clock, String tenant, String webhookUrl,
                         String authorization, ObjectMapper json) {
        this.jdbc = jdbc;
        this.state = state;
        this.clock = clock;
        this.tenant = tenant;
        this.webhookUrl = webhookUrl;
        this.authorization = authorization == null || authorization.isBlank() ? null : authorization;
        this.json = json;
    }

    /** One warning as the webhook receives it. */
    public record ExpiryNotice(String recipient, Instant lastExpiry, long daysLeft, String window) {
    }

    /** False until a webhook URL is configured: the route sends nothing. */
    public boolean enabled() {
        return webhookUrl != null && !webhookUrl.isBlank();
    }

    /** The warnings not yet received (nor claimed), soonest first; claims lost with their node are released first. */
    public List<ExpiryNotice> due() {
        Instant now = clock.instant();
        jdbc.update("DELETE FROM expiry_warning WHERE tenant = ? AND sent_at IS NULL AND warned_at < ?", tenant,
                Timestamp.from(now.minus(LOST_CLAIM)));
        Set<String> warned = jdbc.query("SELECT recipient, warning_window, last_expires_at FROM expiry_warning WHERE tenant = ?",
                (rs, row) -> key(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()), tenant)
                .stream().collect(Collectors.toSet());
        return state.lastExpiriesBy(ExpiryWindow.MONTH.end(now)).stream()
                .map(e -> new ExpiryNotice(e.recipient(), e.lastExpiry(), e.daysLeft(now),
                        ExpiryWindow.of(now, e.lastExpiry()).tag()))
                .filter(n -> !warned.contains(key(n.recipient(), n.window(), n.lastExpiry())))
                .toList();
    }

    /**
     * Claims the warning before it is posted, by inserting its row: false when another run (or node) has claimed or
     * sent it already, and this one must skip it. The row stays once the webhook received the warning ({@link #sent}).
     */
    public boolean claim(ExpiryNotice notice) {
        try {
            jdbc.update("INSERT INTO expiry_warning (tenant, recipient, warning_window, last_expires_at, warned_at)"
                            + " VALUES (?, ?, ?, ?, ?)", tenant, notice.recipient(), notice.window(),
                    Timestamp.from(notice.lastExpiry()), Timestamp.from(clock.instant()));
            return true;
        } catch (DuplicateKeyException claimed) {
            return false;
        }
    }

    /** The webhook took the warning: its claim is kept for good (until the recipient leaves the windows). */
    public void sent(ExpiryNotice notice) {
        jdbc.update("UPDATE expiry_warning SET sent_at = ? WHERE tenant = ? AND recipient = ? AND warning_window = ?"
                + " AND last_expires_at = ?", Timestamp.from(clock.instant()), tenant, notice.recipient(), notice.window(),
                Timestamp.from(notice.lastExpiry()));
    }

    public String json(ExpiryNotice notice) throws JsonProcessingException {
        return json.writeValueAsString(notice);
    }

    /** The webhook's Authorization header (certsync.expiry.webhook-authorization); null: none. Never logged. */
    public String authorization() {
        return authorization;
    }

    /** Whether the webhook's failure may pass (5xx, 429, no connection): worth a few more tries. */
    public boolean passing(Throwable failure) {
        if (failure instanceof HttpOperationFailedException http) {
            return http.getStatusCode() >= 500 || http.getStatusCode() == 429;
        }
        return failure instanceof java.io.IOException;
    }

    /**
     * The webhook did not take the warning, after the bounded redeliveries (routes/errors-expiry-webhook): one line
     * naming the recipient, window and cause, and the claim is released, so the next run sends it again. The cause
     * names the HTTP status, never the URL (a webhook URL may hold a key).
     */
    public void refused(ExpiryNotice notice, Throwable cause) {
        if (notice == null) {
            LOG.warn("expiry warnings not sent: {}; due again after the next run", FailureMessages.describe(cause));
            return;
        }
        jdbc.update("DELETE FROM expiry_warning WHERE tenant = ? AND recipient = ? AND warning_window = ?"
                + " AND last_expires_at = ?", tenant, notice.recipient(), notice.window(), Timestamp.from(notice.lastExpiry()));
        String reason = cause instanceof HttpOperationFailedException http
                ? "HTTP " + http.getStatusCode() + (http.getStatusText() == null ? "" : " " + http.getStatusText())
                : FailureMessages.describe(cause);
        LOG.warn("{}: expiry warning ({} window, last certificate expires {}) not delivered to the webhook: {};"
                + " sent again after the next run", notice.recipient(), notice.window(), notice.lastExpiry(), reason);
    }

    /**
     * Deletes the rows of warnings that no longer apply: the recipient was renewed (its last expiry changed or is
     * beyond the windows), cleared or forgotten. A recipient that nears its end again is warned again; the table holds
     * the recipients within a window and no more. Returns how many rows went.
     */
    public int forgetPassed() {
        return jdbc.update("DELETE FROM expiry_warning WHERE tenant = ? AND NOT EXISTS (SELECT 1 FROM published_state p"
                        + " WHERE p.tenant = expiry_warning.tenant AND p.recipient = expiry_warning.recipient"
                        + " AND p.last_expires_at = expiry_warning.last_expires_at AND p.last_expires_at <= ?)",
                tenant, Timestamp.from(ExpiryWindow.MONTH.end(clock.instant())));
    }

    private static String key(String recipient, String window, Instant lastExpiry) {
        return recipient + "|" + window + "|" + lastExpiry;
    }
}
