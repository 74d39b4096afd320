package org.certsync.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A list of keys as a table to join with, {@code WITH keys(k) AS (VALUES (?), (?), …)}: each key then finds its rows
 * through the table's index on (tenant, key), and one statement may join several tables with the same keys. A plain
 * {@code key IN (?, ?, …)} does not on H2: it uses only the index's tenant prefix and compares every row of the tenant
 * with every key, a cost that grows with the state times the page.
 */
final class KeyTable {

    /** The keys per statement: a page of up to this many costs one query. */
    static final int MAX_KEYS = 1000;
    /** The rows per statement of a scan ({@link #unseen}). */
    static final int SCAN_CHUNK = 10_000;

    private KeyTable() {
    }

    /** The keys, each once, in statements' worth of at most {@value #MAX_KEYS}. */
    static List<List<String>> chunks(Collection<String> keys) {
        List<String> all = List.copyOf(new LinkedHashSet<>(keys));
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += MAX_KEYS) {
            chunks.add(all.subList(from, Math.min(all.size(), from + MAX_KEYS)));
        }
        return chunks;
    }

    /**
     * The recipients of a tenant's rows in the table, not seen by the run, read in key order in chunks of
     * {@value #SCAN_CHUNK}: H2 writes a result of more rows than its MAX_MEMORY_ROWS (a few ten thousand at a 512 MB
     * heap) to a temporary file first, which made one read of 100,000 recipients cost five times the chunks. Ordered by
     * the primary key's columns (tenant, recipient), so that each chunk is a range of the index, not a sort.
     */
    static List<String> unseen(JdbcTemplate jdbc, String table, String tenant, SeenRecipients seen) {
        List<String> unseen = new ArrayList<>();
        String last = "";
        while (true) {
            List<String> chunk = jdbc.queryForList("SELECT recipient FROM " + table + " WHERE tenant = ? AND recipient > ?"
                    + " ORDER BY tenant, recipient FETCH FIRST " + SCAN_CHUNK + " ROWS ONLY", String.class, tenant, last);
            chunk.stream().filter(recipient -> !seen.seen(recipient)).forEach(unseen::add);
            if (chunk.size() < SCAN_CHUNK) return unseen;
            last = chunk.get(chunk.size() - 1);
        }
    }

    /** The statement's prefix naming {@code count} keys, each a parameter, as the table {@code keys} of column k. */
    static String with(int count) {
        return "WITH keys(k) AS (VALUES " + String.join(", ", Collections.nCopies(count, "(?)")) + ") ";
    }
}
