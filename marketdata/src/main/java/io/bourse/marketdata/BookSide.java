package io.bourse.marketdata;

import java.util.Arrays;

/**
 * One side of an aggregated book: price to total quantity, in two parallel sorted arrays with the best level last, so
 * that the busy end (the touch) is where inserts and removals shift the fewest elements. Keys are the price for bids
 * and the negated price for asks, so both sides sort ascending towards their best level.
 *
 * <p>Written by one thread; {@link #copyTop} may run concurrently (optimistically) on others: it reads the fields
 * once into locals, never indexes out of bounds, and returns null when what it saw cannot be a consistent state. The
 * caller validates its read stamp before trusting the result.
 */
final class BookSide {
    private static final int INITIAL_CAPACITY = 64;

    private final boolean bids;
    private long[] keys = new long[INITIAL_CAPACITY];
    private long[] quantities = new long[INITIAL_CAPACITY];
    private int size;

    BookSide(final boolean bids) {
        this.bids = bids;
    }

    private long key(final long price) {
        return bids ? price : -price;
    }

    private long price(final long key) {
        return bids ? key : -key;
    }

    int size() {
        return size;
    }

    /** The best price, or 0 if the side is empty. */
    long bestPrice() {
        return size == 0 ? 0 : price(keys[size - 1]);
    }

    /** The best level's quantity, or 0 if the side is empty. */
    long bestQuantity() {
        return size == 0 ? 0 : quantities[size - 1];
    }

    /** The quantity at a price (0 if there is no such level). */
    long quantityAt(final long price) {
        final int index = find(key(price));
        return index >= 0 ? quantities[index] : 0;
    }

    /**
     * Adds {@code delta} (positive or negative) to the level at {@code price}, creating or removing it as needed;
     * returns the level's new quantity. A negative result means the caller's accounting is broken.
     */
    long add(final long price, final long delta) {
        final long key = key(price);
        final int index = find(key);
        if (index >= 0) {
            final long quantity = quantities[index] + delta;
            if (quantity < 0) {
                throw new IllegalStateException("level " + price + " would go negative: " + quantities[index] + " + " + delta);
            }
            if (quantity == 0) {
                System.arraycopy(keys, index + 1, keys, index, size - index - 1);
                System.arraycopy(quantities, index + 1, quantities, index, size - index - 1);
                size--;
            } else {
                quantities[index] = quantity;
            }
            return quantity;
        }
        if (delta < 0) {
            throw new IllegalStateException("level " + price + " does not exist, cannot take " + -delta);
        }
        if (delta == 0) {
            return 0;
        }
        final int insert = -index - 1;
        if (size == keys.length) {
            // Grow into new arrays; a concurrent optimistic reader keeps reading the old ones and fails validation.
            keys = Arrays.copyOf(keys, size * 2);
            quantities = Arrays.copyOf(quantities, size * 2);
        }
        System.arraycopy(keys, insert, keys, insert + 1, size - insert);
        System.arraycopy(quantities, insert, quantities, insert + 1, size - insert);
        keys[insert] = key;
        quantities[insert] = delta;
        size++;
        return delta;
    }

    /** Binary search; the index of {@code key}, or {@code -(insertion point) - 1}. Checks the touch first. */
    private int find(final long key) {
        final int last = size - 1;
        if (last >= 0 && keys[last] == key) {
            return last;
        }
        return Arrays.binarySearch(keys, 0, size, key);
    }

    /**
     * The best {@code limit} levels, best first, or null if the fields seen do not fit together (a concurrent write);
     * safe to call while another thread writes.
     */
    PriceLevels copyTop(final int limit) {
        final int seenSize = size;
        final long[] seenKeys = keys;
        final long[] seenQuantities = quantities;
        if (seenSize < 0 || seenSize > seenKeys.length || seenSize > seenQuantities.length) {
            return null;
        }
        final int count = Math.min(limit, seenSize);
        if (count == 0) {
            return PriceLevels.EMPTY;
        }
        final long[] prices = new long[count];
        final long[] quantitiesOut = new long[count];
        for (int i = 0; i < count; i++) {
            final int index = seenSize - 1 - i;
            prices[i] = price(seenKeys[index]);
            quantitiesOut[i] = seenQuantities[index];
        }
        return new PriceLevels(prices, quantitiesOut);
    }
}
