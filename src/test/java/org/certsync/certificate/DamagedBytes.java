package org.certsync.certificate;

import java.util.Arrays;
import java.util.List;

/** Ways property tests damage good encodings, so that decoders meet what a disk or a wire may do to them. */
final class DamagedBytes {

    private DamagedBytes() {
    }

    /** The first part of the value, {@code fraction} of its length (0 to 1). */
    static byte[] truncated(byte[] value, double fraction) {
        return Arrays.copyOf(value, (int) (value.length * fraction));
    }

    /** A copy with the bits at these positions (taken modulo the value's bit length) flipped. */
    static byte[] bitFlipped(byte[] value, List<Integer> positions) {
        byte[] damaged = value.clone();
        for (int position : positions) {
            int bit = position % (damaged.length * 8);
            damaged[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        return damaged;
    }
}
