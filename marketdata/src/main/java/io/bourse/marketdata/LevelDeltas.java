package io.bourse.marketdata;

import java.util.Arrays;

import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongArrayList;

/**
 * The net quantity change per price of one book side during one command. Reused command after command without
 * allocating once its tables have grown to the largest command seen.
 */
final class LevelDeltas {
    private static final long ABSENT = Long.MIN_VALUE;

    private final Long2LongHashMap deltas = new Long2LongHashMap(ABSENT);
    private final LongArrayList prices = new LongArrayList();
    private long[] sorted = new long[16];

    void add(final long price, final long delta) {
        final long current = deltas.get(price);
        if (current == ABSENT) {
            prices.addLong(price);
            deltas.put(price, delta);
        } else {
            deltas.put(price, current + delta);
        }
    }

    boolean isEmpty() {
        return prices.isEmpty();
    }

    /** The touched prices sorted ascending, in a reused array; valid until the next call. */
    long[] sortedPrices() {
        final int n = prices.size();
        if (sorted.length < n) {
            sorted = new long[Math.max(n, sorted.length * 2)];
        }
        for (int i = 0; i < n; i++) {
            sorted[i] = prices.getLong(i);
        }
        Arrays.sort(sorted, 0, n);
        return sorted;
    }

    int size() {
        return prices.size();
    }

    long delta(final long price) {
        final long delta = deltas.get(price);
        return delta == ABSENT ? 0 : delta;
    }

    /** Forgets every delta: key by key, so that a table grown once by a large sweep does not cost its size on every command. */
    void clear() {
        for (int i = 0, n = prices.size(); i < n; i++) {
            deltas.remove(prices.getLong(i));
        }
        prices.clear();
    }
}
