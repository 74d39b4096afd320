package org.certsync.state;

import java.util.Collections;

/**
 * A list of keys as a table to join with, {@code WITH keys(k) AS (VALUES (?), (?), …)}: each key then finds its rows
 * through the table's index on (tenant, key), and one statement may join several tables with the same keys. A plain {@code key IN (?, ?, …)} does not on H2: it uses only the index's tenant
 * prefix and compares every row of the tenant with every key, a cost that grows with the state times the page.
 */
final class KeyTable {

    /** The keys per statement: a page of up to this many costs one query. */
    static final int MAX_KEYS = 1000;

    private KeyTable() {
    }

    /** The statement's prefix naming {@code count} keys, each a parameter, as the table {@code keys} of column k. */
    static String with(int count) {
        return "WITH keys(k) AS (VALUES " + String.join(", ", Collections.nCopies(count, "(?)")) + ") ";
    }
}
