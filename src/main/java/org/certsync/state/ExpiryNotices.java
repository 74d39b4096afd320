package org.certsync.state;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The expiry warnings the webhook ({@code certsync.expiry.webhook-url}) is still to receive: a recipient whose last
 * published certificate expires within 30 days is warned once for the 30-day window and once for the 7-day one.
 */
public class ExpiryNotices {

    private final JdbcTemplate jdbc;
    private final PublishedState state;
    private final Clock clock;
    private final String tenant;
    private final String webhookUrl;
    private final ObjectMapper json;

    public ExpiryNotices(JdbcTemplate jdbc, PublishedState state, Clock clock, String tenant, String webhookUrl,
                         ObjectMapper json) {
        this.jdbc = jdbc;
        this.state = state;
        this.clock = clock;
        this.tenant = tenant;
        this.webhookUrl = webhookUrl;
        this.json = json;
    }

    /** One warning as the webhook receives it. */
    public record ExpiryNotice(String recipient, Instant lastExpiry, long daysLeft, String window) {
    }

    /** False until a webhook URL is configured: the route sends nothing. */
    public boolean enabled() {
        return webhookUrl != null && !webhookUrl.isBlank();
    }

    /** The warnings not yet received, soonest first. */
    public List<ExpiryNotice> due() {
        Instant now = clock.instant();
        Set<String> warned = jdbc.query("SELECT recipient, warning_window, last_expires_at FROM expiry_warning WHERE tenant = ?",
                (rs, row) -> key(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()), tenant)
                .stream().collect(Collectors.toSet());
        return state.lastExpiriesBy(ExpiryWindow.MONTH.end(now)).stream()
                .map(e -> new ExpiryNotice(e.recipient(), e.lastExpiry(), e.daysLeft(now),
                        ExpiryWindow.of(now, e.lastExpiry()).tag()))
                .filter(n -> !warned.contains(key(n.recipient(), n.window(), n.lastExpiry())))
                .toList();
    }

    public String json(ExpiryNotice notice) throws JsonProcessingException {
        return json.writeValueAsString(notice);
    }

    /** Records that the webhook received the warning. */
    public void warned(ExpiryNotice notice) {
        Timestamp lastExpiry = Timestamp.from(notice.lastExpiry());
        Timestamp now = Timestamp.from(clock.instant());
        int updated = jdbc.update("UPDATE expiry_warning SET last_expires_at = ?, warned_at = ? WHERE tenant = ?"
                + " AND recipient = ? AND warning_window = ?", lastExpiry, now, tenant, notice.recipient(), notice.window());
        if (updated == 0) {
            jdbc.update("INSERT INTO expiry_warning (tenant, recipient, warning_window, last_expires_at, warned_at)"
                    + " VALUES (?, ?, ?, ?, ?)", tenant, notice.recipient(), notice.window(), lastExpiry, now);
        }
    }

    private static String key(String recipient, String window, Instant lastExpiry) {
        return recipient + "|" + window + "|" + lastExpiry;
    }
}
