package org.certsync.directory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * How a directory tells which entries changed since a run: the LDAP filters of a delta read.
 * <ul>
 * <li>{@link #USN}: Active Directory. Every write gives the object a new {@code uSNChanged} from the domain
 * controller's counter, whose current value the rootDSE shows as {@code highestCommittedUSN}. The counter is the
 * domain controller's own: it means nothing on another one, nor after a restore (new {@code invocationId}).</li>
 * <li>{@link #MODIFY_TIMESTAMP}: other LDAP servers. {@code modifyTimestamp} is set by the server's clock, so
 * the window reaches back a margin for clocks that disagree; reading an entry twice is harmless.</li>
 * </ul>
 */
public enum ChangeTracking {

    USN {
        @Override
        public String changedSince(String mark, Duration margin) {
            return "(uSNChanged>=" + (Long.parseLong(mark) + 1) + ")";
        }

        @Override
        public String entryWithId(String id) {
            UUID uuid = uuid(id);
            if (uuid == null) return null;
            // objectGUID is compared as its 16 bytes, the first three fields little-endian (see DirectoryEntries)
            ByteBuffer bytes = ByteBuffer.allocate(16);
            bytes.order(ByteOrder.LITTLE_ENDIAN).putInt((int) (uuid.getMostSignificantBits() >>> 32))
                    .putShort((short) (uuid.getMostSignificantBits() >>> 16)).putShort((short) uuid.getMostSignificantBits());
            bytes.order(ByteOrder.BIG_ENDIAN).putLong(uuid.getLeastSignificantBits());
            StringBuilder filter = new StringBuilder("(objectGUID=");
            for (byte b : bytes.array()) filter.append(String.format("\\%02x", b));
            return filter.append(')').toString();
        }
    },

    MODIFY_TIMESTAMP {
        @Override
        public String changedSince(String mark, Duration margin) {
            // whole seconds: many servers keep modifyTimestamp without fractions, so a change later in the same
            // second must not sort before the mark
            return "(modifyTimestamp>=" + GENERALIZED_TIME.format(Instant.parse(mark).minus(margin)
                    .truncatedTo(ChronoUnit.SECONDS)) + ")";
        }

        @Override
        public String entryWithId(String id) {
            return uuid(id) == null ? null : "(entryUUID=" + id + ")";
        }
    };

    /** Generalized time with milliseconds, as servers without an ordering rule compare the strings. */
    private static final DateTimeFormatter GENERALIZED_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** Filter component matching the entries changed after {@code mark} (a USN, or an ISO instant). */
    public abstract String changedSince(String mark, Duration margin);

    /** Filter component matching the entry with this stable id; null when the id is not one (a DN fallback). */
    public abstract String entryWithId(String id);

    private static UUID uuid(String id) {
        try {
            return id != null && id.length() == 36 ? UUID.fromString(id) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
