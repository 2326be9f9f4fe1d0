package io.bourse.marketdata;

import java.util.Arrays;

/**
 * An immutable list of price levels, {@code (price, quantity)} pairs in raw units (quote minor units per whole base
 * unit, base minor units), in the order the owner documents (best first for books; bids descending and asks
 * ascending for diffs). A quantity of 0 in a diff means the level is gone. Safe to share between threads.
 */
public final class PriceLevels {
    /** No levels. */
    public static final PriceLevels EMPTY = new PriceLevels(new long[0], new long[0]);

    private final long[] prices;
    private final long[] quantities;

    /** Takes ownership of the arrays, which must have the same length and must not change afterwards. */
    PriceLevels(final long[] prices, final long[] quantities) {
        if (prices.length != quantities.length) {
            throw new IllegalArgumentException("prices and quantities differ in length");
        }
        this.prices = prices;
        this.quantities = quantities;
    }

    /** Levels copied from the first {@code size} entries of the arrays. */
    public static PriceLevels of(final long[] prices, final long[] quantities, final int size) {
        if (size == 0) {
            return EMPTY;
        }
        return new PriceLevels(Arrays.copyOf(prices, size), Arrays.copyOf(quantities, size));
    }

    /** Number of levels. */
    public int size() {
        return prices.length;
    }

    /** Whether there are none. */
    public boolean isEmpty() {
        return prices.length == 0;
    }

    /** The price of level {@code i}. */
    public long price(final int i) {
        return prices[i];
    }

    /** The quantity of level {@code i}. */
    public long quantity(final int i) {
        return quantities[i];
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof PriceLevels that && Arrays.equals(prices, that.prices) && Arrays.equals(quantities, that.quantities);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(prices) + Arrays.hashCode(quantities);
    }

    @Override
    public String toString() {
        final StringBuilder out = new StringBuilder(16 + 24 * prices.length).append('[');
        for (int i = 0; i < prices.length; i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(prices[i]).append('x').append(quantities[i]);
        }
        return out.append(']').toString();
    }
}
