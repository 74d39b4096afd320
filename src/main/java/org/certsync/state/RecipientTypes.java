package org.certsync.state;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/** Recipient types (RecipientTypeDetails) looked up once in Exchange Online and kept, so each is asked only once. */
public class RecipientTypes {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final String tenant;

    /** @param tenant the Exchange Online tenant the types were looked up in */
    public RecipientTypes(JdbcTemplate jdbc, Clock clock, String tenant) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.tenant = tenant;
    }

    public Optional<String> find(String recipient) {
        return jdbc.queryForList("SELECT type FROM recipient_type WHERE tenant = ? AND recipient = ?", String.class,
                tenant, recipient).stream().findFirst();
    }

    public void remember(String recipient, String type) {
        Timestamp now = Timestamp.from(clock.instant());
        if (jdbc.update("UPDATE recipient_type SET type = ?, looked_up = ? WHERE tenant = ? AND recipient = ?", type, now,
                tenant, recipient) == 0) {
            jdbc.update("INSERT INTO recipient_type (tenant, recipient, type, looked_up) VALUES (?, ?, ?, ?)",
                    tenant, recipient, type, now);
        }
    }
}
