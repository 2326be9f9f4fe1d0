package io.bourse.marketdata;

import java.util.Arrays;

import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongArrayList;

/**
 * Merges one symbol's consecutive diffs into one per time window, for the {@code @depth@100ms} (and the 1000 ms
 * {@code @depth}) streams: the merged diff has the {@code U} of the first, the {@code u} of the last, and for every
 * price that changed the last quantity. Applied on top of any book between {@code U - 1} and {@code u}, it gives the
 * book at {@code u}, so Binance's local-book procedure works on merged diffs as on single ones.
 *
 * <p>Windows are aligned to multiples of the interval on the clock the caller passes in: a run that starts at time t
 * is ready at the next multiple of the interval after t. Nothing here reads a clock. Single-threaded: drive it from the
 * thread that owns it (the diffs are immutable and may come from another thread). Bounded: once a run holds
 * {@link #MAX_LEVELS} distinct prices it is ready at once, whatever the time.
 */
public final class DepthConflator {
    /** The most distinct prices a run holds before it is ready regardless of time. */
    public static final int MAX_LEVELS = 50_000;
    private static final long ABSENT = Long.MIN_VALUE;

    private final long intervalNanos;
    private final Long2LongHashMap bids = new Long2LongHashMap(ABSENT);
    private final Long2LongHashMap asks = new Long2LongHashMap(ABSENT);
    private final LongArrayList bidPrices = new LongArrayList();
    private final LongArrayList askPrices = new LongArrayList();
    private boolean pending;
    private int symbolId;
    private String symbol;
    private long firstUpdateId;
    private long finalUpdateId;
    private long eventTimeMillis;
    private long readyAtNanos;

    /** A conflator with windows of {@code intervalNanos} (100 ms is 100_000_000). */
    public DepthConflator(final long intervalNanos) {
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("interval must be positive: " + intervalNanos);
        }
        this.intervalNanos = intervalNanos;
    }

    /**
     * Adds the next diff of the symbol at time {@code nowNanos}. Diffs must follow each other without a gap
     * ({@code U} = the previous {@code u + 1}); a gap is a bug upstream and throws.
     */
    public void add(final DepthDiff diff, final long nowNanos) {
        if (!pending) {
            pending = true;
            symbolId = diff.symbolId();
            symbol = diff.symbol();
            firstUpdateId = diff.firstUpdateId();
            readyAtNanos = (Math.floorDiv(nowNanos, intervalNanos) + 1) * intervalNanos;
        } else if (diff.firstUpdateId() != finalUpdateId + 1 || diff.symbolId() != symbolId) {
            throw new IllegalStateException("diff " + diff.symbol() + " " + diff.firstUpdateId() + ".." + diff.finalUpdateId()
                + " does not follow " + symbol + " " + finalUpdateId);
        }
        finalUpdateId = diff.finalUpdateId();
        eventTimeMillis = diff.eventTimeMillis();
        merge(diff.bids(), bids, bidPrices);
        merge(diff.asks(), asks, askPrices);
    }

    private static void merge(final PriceLevels levels, final Long2LongHashMap quantities, final LongArrayList prices) {
        for (int i = 0, n = levels.size(); i < n; i++) {
            final long price = levels.price(i);
            if (quantities.put(price, levels.quantity(i)) == ABSENT) {
                prices.addLong(price);
            }
        }
    }

    /** Whether a run is waiting. */
    public boolean hasPending() {
        return pending;
    }

    /** The time at which the waiting run is ready ({@link Long#MAX_VALUE} if none). */
    public long readyAtNanos() {
        return pending ? readyAtNanos : Long.MAX_VALUE;
    }

    /** The merged diff if its window has ended at {@code nowNanos} (or it is full), else null. */
    public DepthDiff poll(final long nowNanos) {
        if (!pending || (nowNanos < readyAtNanos && bidPrices.size() + askPrices.size() < MAX_LEVELS)) {
            return null;
        }
        return flush();
    }

    /** The merged diff now, whatever the time, or null if nothing is waiting. */
    public DepthDiff flush() {
        if (!pending) {
            return null;
        }
        pending = false;
        final PriceLevels bidLevels = drain(bids, bidPrices, true);
        final PriceLevels askLevels = drain(asks, askPrices, false);
        return new DepthDiff(symbolId, symbol, eventTimeMillis, firstUpdateId, finalUpdateId, bidLevels, askLevels);
    }

    private static PriceLevels drain(final Long2LongHashMap quantities, final LongArrayList prices, final boolean descending) {
        final int n = prices.size();
        if (n == 0) {
            return PriceLevels.EMPTY;
        }
        final long[] sorted = new long[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = prices.getLong(i);
        }
        Arrays.sort(sorted);
        final long[] outPrices = new long[n];
        final long[] outQuantities = new long[n];
        for (int i = 0; i < n; i++) {
            final long price = sorted[descending ? n - 1 - i : i];
            outPrices[i] = price;
            outQuantities[i] = quantities.remove(price);
        }
        prices.clear();
        return new PriceLevels(outPrices, outQuantities);
    }
}
