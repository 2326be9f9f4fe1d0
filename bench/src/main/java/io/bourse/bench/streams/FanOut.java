package io.bourse.bench.streams;

import java.util.Arrays;

/**
 * When the first subscriber received each event of one stream (keyed by the event's id: {@code u} of a diff,
 * {@code t} of a trade), so that every other subscriber's receipt of the same event gives the fan-out lag: how much
 * later than the first it got it, on this process's nanosecond clock. Unlike the latency from {@code E}, this needs
 * no clock shared with the server and has no millisecond rounding. The selector threads share it; a slot is a
 * ring position, so an event older than the ring's size in ids is forgotten (its later receipts are not counted).
 */
final class FanOut {
    /** Returned by {@link #firstReceipt} for an event not received (or forgotten). */
    static final long NONE = Long.MIN_VALUE;
    private static final int STRIPES = 64;

    private final int mask;
    private final long[] ids;
    private final long[] firstNanos;
    private final Object[] locks = new Object[STRIPES];

    /** A ring of {@code slots} (a power of two) event ids. */
    FanOut(final int slots) {
        if (Integer.bitCount(slots) != 1 || slots < STRIPES) {
            throw new IllegalArgumentException("slots must be a power of two of at least " + STRIPES + ": " + slots);
        }
        mask = slots - 1;
        ids = new long[slots];
        firstNanos = new long[slots];
        Arrays.fill(ids, NONE);
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /** Notes a receipt of event {@code id} at {@code nowNanos}; how long after the first receipt it came (0 for the first). */
    long onReceipt(final long id, final long nowNanos) {
        final int slot = (int) (id & mask);
        synchronized (locks[slot & (STRIPES - 1)]) {
            if (ids[slot] == id) {
                return Math.max(0, nowNanos - firstNanos[slot]);
            }
            ids[slot] = id;
            firstNanos[slot] = nowNanos;
            return 0;
        }
    }

    /** When the first subscriber received event {@code id}, or {@link #NONE} if unknown (or forgotten). */
    long firstReceipt(final long id) {
        final int slot = (int) (id & mask);
        synchronized (locks[slot & (STRIPES - 1)]) {
            return ids[slot] == id ? firstNanos[slot] : NONE;
        }
    }
}
