package io.bourse.marketdata;

/**
 * Rolling 24-hour statistics of one symbol's trades, kept in one-second buckets: a ring of buckets (open, close,
 * high, low, volumes, count, first and last trade id), running sums for volumes and count, and two monotonic deques of
 * bucket positions for the window's high and low, so that adding a trade and dropping an expired second are O(1)
 * amortized and nothing is ever rescanned. Memory is proportional to the seconds that had trades, at most
 * {@link #MAX_BUCKETS}.
 *
 * <p>A trade at time t is in the window at time now iff {@code floor(t / 1s) >= floor((now - 24h) / 1s)}: the window
 * opens on a whole second, up to 999 ms before {@code now - 24h}.
 */
final class TickerWindow {
    static final long WINDOW_MILLIS = 86_400_000L;
    private static final long SECOND_MILLIS = 1_000L;
    /** Seconds in a window, plus the partial one at each end: the ring never holds more. */
    static final int MAX_BUCKETS = (int) (WINDOW_MILLIS / SECOND_MILLIS) + 2;
    private static final int INITIAL_CAPACITY = 16;

    private int mask = INITIAL_CAPACITY - 1;
    private long[] second = new long[INITIAL_CAPACITY];
    private long[] open = new long[INITIAL_CAPACITY];
    private long[] high = new long[INITIAL_CAPACITY];
    private long[] low = new long[INITIAL_CAPACITY];
    private long[] close = new long[INITIAL_CAPACITY];
    private long[] firstId = new long[INITIAL_CAPACITY];
    private long[] volume = new long[INITIAL_CAPACITY];
    private long[] quoteVolume = new long[INITIAL_CAPACITY];
    private long[] count = new long[INITIAL_CAPACITY];
    /** Absolute positions: the oldest bucket and one past the newest; a bucket lives at {@code position & mask}. */
    private long head;
    private long tail;
    /** Bucket positions whose highs decrease from front to back (front = the window's high). */
    private long[] maxQueue = new long[INITIAL_CAPACITY];
    private long maxHead;
    private long maxTail;
    /** Bucket positions whose lows increase from front to back (front = the window's low). */
    private long[] minQueue = new long[INITIAL_CAPACITY];
    private long minHead;
    private long minTail;

    // Sums over the window. They wrap rather than throw: the true sum of a window always fits, and wrapping
    // additions and subtractions give it back exactly.
    private long sumVolume;
    private long sumQuoteVolume;
    private long sumCount;
    private long prevClose;
    private long lastPrice;
    private long lastQuantity;
    private long lastTradeId = -1;

    /** Adds a trade; trades arrive in time order (command time never runs backwards). */
    void onTrade(final long timeMillis, final long tradeId, final long price, final long quantity, final long quoteQty) {
        evict(timeMillis);
        final long sec = Math.floorDiv(timeMillis, SECOND_MILLIS);
        if (tail > head && second[(int) (tail - 1) & mask] == sec) {
            final long position = tail - 1;
            final int i = (int) position & mask;
            close[i] = price;
            volume[i] += quantity;
            quoteVolume[i] += quoteQty;
            count[i]++;
            if (price > high[i]) {
                high[i] = price;
                pushMax(position);
            }
            if (price < low[i]) {
                low[i] = price;
                pushMin(position);
            }
        } else {
            if (tail - head == mask + 1) {
                grow();
            }
            final long position = tail++;
            final int i = (int) position & mask;
            second[i] = sec;
            open[i] = price;
            high[i] = price;
            low[i] = price;
            close[i] = price;
            firstId[i] = tradeId;
            volume[i] = quantity;
            quoteVolume[i] = quoteQty;
            count[i] = 1;
            pushMax(position);
            pushMin(position);
        }
        sumVolume += quantity;
        sumQuoteVolume += quoteQty;
        sumCount++;
        lastPrice = price;
        lastQuantity = quantity;
        lastTradeId = tradeId;
    }

    /** Drops the seconds that left the window at {@code nowMillis}; returns whether any did. */
    boolean evict(final long nowMillis) {
        final long cutoff = Math.floorDiv(nowMillis - WINDOW_MILLIS, SECOND_MILLIS);
        boolean evicted = false;
        while (head < tail && second[(int) head & mask] < cutoff) {
            final int i = (int) head & mask;
            prevClose = close[i];
            sumVolume -= volume[i];
            sumQuoteVolume -= quoteVolume[i];
            sumCount -= count[i];
            if (maxTail > maxHead && maxQueue[(int) maxHead & mask] == head) {
                maxHead++;
            }
            if (minTail > minHead && minQueue[(int) minHead & mask] == head) {
                minHead++;
            }
            head++;
            evicted = true;
        }
        return evicted;
    }

    /** Whether the window holds any trade. */
    boolean isEmpty() {
        return head == tail;
    }

    /** The statistics at {@code nowMillis} (call {@link #evict} with the same time first). */
    TickerUpdate toUpdate(final int symbolId, final String symbol, final long nowMillis, final BookSide bids, final BookSide asks) {
        final long openTime = Math.floorDiv(nowMillis - WINDOW_MILLIS, SECOND_MILLIS) * SECOND_MILLIS;
        if (head == tail) {
            return new TickerUpdate(symbolId, symbol, nowMillis, 0, 0, 0, 0, 0, prevClose, 0, 0, bids.bestPrice(), bids.bestQuantity(),
                asks.bestPrice(), asks.bestQuantity(), openTime, nowMillis, -1, -1, 0);
        }
        final int first = (int) head & mask;
        return new TickerUpdate(symbolId, symbol, nowMillis, open[first], high[(int) maxQueue[(int) maxHead & mask] & mask],
            low[(int) minQueue[(int) minHead & mask] & mask], lastPrice, lastQuantity, prevClose, sumVolume, sumQuoteVolume,
            bids.bestPrice(), bids.bestQuantity(), asks.bestPrice(), asks.bestQuantity(), openTime, nowMillis, firstId[first], lastTradeId,
            sumCount);
    }

    /** (Re)places the newest bucket at the back of the max deque, dropping the buckets it dominates. */
    private void pushMax(final long position) {
        final long value = high[(int) position & mask];
        while (maxTail > maxHead && high[(int) maxQueue[(int) (maxTail - 1) & mask] & mask] <= value) {
            maxTail--;
        }
        maxQueue[(int) maxTail & mask] = position;
        maxTail++;
    }

    private void pushMin(final long position) {
        final long value = low[(int) position & mask];
        while (minTail > minHead && low[(int) minQueue[(int) (minTail - 1) & mask] & mask] >= value) {
            minTail--;
        }
        minQueue[(int) minTail & mask] = position;
        minTail++;
    }

    /** Doubles the ring; positions stay absolute, only their slots move. */
    private void grow() {
        final int capacity = (mask + 1) * 2;
        if (capacity > Integer.highestOneBit(MAX_BUCKETS) * 2) {
            throw new IllegalStateException("ticker window over " + MAX_BUCKETS + " buckets");
        }
        final int newMask = capacity - 1;
        second = regrow(second, head, tail, newMask);
        open = regrow(open, head, tail, newMask);
        high = regrow(high, head, tail, newMask);
        low = regrow(low, head, tail, newMask);
        close = regrow(close, head, tail, newMask);
        firstId = regrow(firstId, head, tail, newMask);
        volume = regrow(volume, head, tail, newMask);
        quoteVolume = regrow(quoteVolume, head, tail, newMask);
        count = regrow(count, head, tail, newMask);
        maxQueue = regrow(maxQueue, maxHead, maxTail, newMask);
        minQueue = regrow(minQueue, minHead, minTail, newMask);
        mask = newMask;
    }

    private long[] regrow(final long[] values, final long from, final long to, final int newMask) {
        final long[] grown = new long[newMask + 1];
        for (long p = from; p < to; p++) {
            grown[(int) p & newMask] = values[(int) p & mask];
        }
        return grown;
    }
}
