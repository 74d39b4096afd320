package org.certsync.state;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One run's index of the recipients it has seen, in memory: per recipient a 64-bit hash of the address and one of the
 * first directory entry that carried it, 16 bytes per recipient in two open-addressed arrays (16 MB for a million
 * users), instead of a row per user written and deleted in the state database by every run.
 *
 * <p>Why hashes are safe here: two addresses with the same hash make the later one look shared (it is read again by
 * address at the end, and judged alone) and make a leaver look seen (it is not cleared by this run, and is by the
 * next); neither publishes a wrong set nor clears anyone. The run dies with its node, and a run that did not end
 * clears nothing, so nothing is lost with the memory. Thread-safe.
 */
public final class SeenRecipients {

    private static final int INITIAL_CAPACITY = 1 << 12;

    private long[] recipients = new long[INITIAL_CAPACITY];
    private long[] entries = new long[INITIAL_CAPACITY];
    private int size;
    /** Recipients waiting for the read again by address after the last page (directory-shared). */
    private final Set<String> deferred = new TreeSet<>();
    /** Recipients seen only until their read again says otherwise (a deleted entry's shared address). */
    private final Set<String> provisional = new HashSet<>();

    /**
     * Enters one directory entry carrying the recipient; true when the run entered another entry for it before, i.e.
     * the recipient is shared.
     */
    public synchronized boolean enter(String recipient, String userId) {
        long key = hash(recipient);
        long entry = hash(userId);
        int slot = slot(key);
        if (recipients[slot] == key) return entries[slot] != entry;
        recipients[slot] = key;
        entries[slot] = entry;
        if (++size * 2 > recipients.length) grow();
        return false;
    }

    /** Seen: entered by a page or by the read again, or provisionally seen and not yet read again. */
    public synchronized boolean seen(String recipient) {
        return recipients[slot(hash(recipient))] != 0 || provisional.contains(recipient);
    }

    public synchronized void defer(String recipient) {
        deferred.add(recipient);
    }

    public synchronized Set<String> deferred() {
        return new TreeSet<>(deferred);
    }

    /** Seen until {@link #reread}: a failed read again must not clear it. */
    public synchronized void seenUntilReread(String recipient) {
        provisional.add(recipient);
    }

    /** The recipient read again by address: its entries are seen; with none, only what the pages saw keeps it seen. */
    public synchronized void reread(String recipient, List<String> userIds) {
        provisional.remove(recipient);
        userIds.forEach(userId -> enter(recipient, userId));
    }

    public synchronized int size() {
        return size;
    }

    /** The slot of the key: where it is, or the empty slot where it goes (linear probing, at most half full). */
    private int slot(long key) {
        int mask = recipients.length - 1;
        int slot = (int) key & mask;
        while (recipients[slot] != 0 && recipients[slot] != key) slot = (slot + 1) & mask;
        return slot;
    }

    private void grow() {
        long[] oldRecipients = recipients;
        long[] oldEntries = entries;
        recipients = new long[oldRecipients.length * 2];
        entries = new long[oldRecipients.length * 2];
        for (int i = 0; i < oldRecipients.length; i++) {
            if (oldRecipients[i] == 0) continue;
            int slot = slot(oldRecipients[i]);
            recipients[slot] = oldRecipients[i];
            entries[slot] = oldEntries[i];
        }
    }

    /** 64-bit FNV-1a over the UTF-8 bytes, mixed by SplitMix64's finalizer; never 0 (the empty slot). */
    static long hash(String value) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        hash = (hash ^ (hash >>> 30)) * 0xbf58476d1ce4e5b9L;
        hash = (hash ^ (hash >>> 27)) * 0x94d049bb133111ebL;
        hash ^= hash >>> 31;
        return hash == 0 ? 1 : hash;
    }
}
