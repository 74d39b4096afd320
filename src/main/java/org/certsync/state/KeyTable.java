package org.certsync.state;

import java.util.Collections;

/**
 * A list of keys as a table to join with, {@code (VALUES (?), (?), …) AS keys(k)}: each key then finds its rows through
 * the table's index on (tenant, key). A plain {@code key IN (?, ?, …)} does not on H2: it uses only the index's tenant
 * prefix and compares every row of the tenant with every key, a cost that grows with the state times the page.
 */
final class KeyTable {

    /** The keys per statement: a page of up to this many costs one query. */
    static final int MAX_KEYS = 1000;

    private KeyTable() {
    }

    /** The table of {@code count} keys, each a parameter, whose column is {@code keys.k}. */
    static String of(int count) {
        return "(VALUES " + String.join(", ", Collections.nCopies(count, "(?)")) + ") AS keys(k)";
    }
}
