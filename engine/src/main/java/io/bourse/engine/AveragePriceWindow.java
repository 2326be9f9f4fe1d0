package io.bourse.engine;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Volume-weighted average trade price over the last N minutes of command time, as Binance's {@code avgPrice}: one
 * bucket per minute, sums kept in 128 bits (price ticks times quantity steps can pass 63 bits over a busy minute).
 * The result is cached until the next trade or the next minute, so the filters that read it on every order do not
 * recompute it.
 */
final class AveragePriceWindow {
    private static final long NANOS_PER_MINUTE = 60_000_000_000L;
    private static final int BUCKETS = SymbolSpec.MAX_AVG_PRICE_MINS;

    private final long[] minute = new long[BUCKETS];
    private final long[] notionalHigh = new long[BUCKETS];
    private final long[] notionalLow = new long[BUCKETS];
    private final long[] quantityHigh = new long[BUCKETS];
    private final long[] quantityLow = new long[BUCKETS];
    private long cachedMinute = Long.MIN_VALUE;
    private long cachedPrice;
    private boolean cacheValid;

    AveragePriceWindow() {
        Arrays.fill(minute, Long.MIN_VALUE);
    }

    static long minuteOf(final long timestampNanos) {
        return Math.floorDiv(timestampNanos, NANOS_PER_MINUTE);
    }

    /** Records a trade of {@code quantity} steps at {@code price} ticks. */
    void onTrade(final long timestampNanos, final long price, final long quantity) {
        final long now = minuteOf(timestampNanos);
        final int index = (int)Math.floorMod(now, (long)BUCKETS);
        if (minute[index] != now) {
            minute[index] = now;
            notionalHigh[index] = 0;
            notionalLow[index] = 0;
            quantityHigh[index] = 0;
            quantityLow[index] = 0;
        }
        final long productLow = price * quantity;
        final long productHigh = Math.multiplyHigh(price, quantity);
        final long low = notionalLow[index] + productLow;
        notionalHigh[index] += productHigh + (Long.compareUnsigned(low, productLow) < 0 ? 1 : 0);
        notionalLow[index] = low;
        final long qtyLow = quantityLow[index] + quantity;
        quantityHigh[index] += Long.compareUnsigned(qtyLow, quantity) < 0 ? 1 : 0;
        quantityLow[index] = qtyLow;
        cacheValid = false;
    }

    /**
     * The average price in raw price units (ticks times {@code tickSize}, floored) over the {@code mins} minutes that
     * end with the command's minute, or 0 if no trade fell in them.
     */
    long averagePrice(final long timestampNanos, final int mins, final long tickSize) {
        final long now = minuteOf(timestampNanos);
        if (cacheValid && cachedMinute == now) {
            return cachedPrice;
        }
        long sumNotionalHigh = 0;
        long sumNotionalLow = 0;
        long sumQuantityHigh = 0;
        long sumQuantityLow = 0;
        final int span = Math.min(Math.max(mins, 1), BUCKETS);
        for (int i = 0; i < span; i++) {
            final long m = now - i;
            final int index = (int)Math.floorMod(m, (long)BUCKETS);
            if (minute[index] != m) {
                continue;
            }
            final long low = sumNotionalLow + notionalLow[index];
            sumNotionalHigh += notionalHigh[index] + (Long.compareUnsigned(low, sumNotionalLow) < 0 ? 1 : 0);
            sumNotionalLow = low;
            final long qLow = sumQuantityLow + quantityLow[index];
            sumQuantityHigh += quantityHigh[index] + (Long.compareUnsigned(qLow, sumQuantityLow) < 0 ? 1 : 0);
            sumQuantityLow = qLow;
        }
        final long price;
        if (sumQuantityHigh == 0 && sumQuantityLow == 0) {
            price = 0;
        } else if (sumNotionalHigh == 0 && sumNotionalLow >= 0 && sumQuantityHigh == 0 && sumQuantityLow > 0) {
            price = Fixed.mulDivFloor(sumNotionalLow, tickSize, sumQuantityLow);
        } else {
            price = toBig(sumNotionalHigh, sumNotionalLow).multiply(BigInteger.valueOf(tickSize))
                .divide(toBig(sumQuantityHigh, sumQuantityLow)).longValueExact();
        }
        cachedMinute = now;
        cachedPrice = price;
        cacheValid = true;
        return price;
    }

    private static BigInteger toBig(final long high, final long low) {
        final BigInteger unsignedLow = new BigInteger(Long.toUnsignedString(low));
        return BigInteger.valueOf(high).shiftLeft(64).add(unsignedLow);
    }

    /** Writes the buckets that can still matter, for snapshots and the digest. */
    void write(final SnapshotWriter out) {
        int live = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (minute[i] != Long.MIN_VALUE) {
                live++;
            }
        }
        out.writeInt(live);
        for (int i = 0; i < BUCKETS; i++) {
            if (minute[i] != Long.MIN_VALUE) {
                out.writeInt(i);
                out.writeLong(minute[i]);
                out.writeLong(notionalHigh[i]);
                out.writeLong(notionalLow[i]);
                out.writeLong(quantityHigh[i]);
                out.writeLong(quantityLow[i]);
            }
        }
    }

    void read(final SnapshotReader in) {
        final int live = in.readInt();
        for (int n = 0; n < live; n++) {
            final int i = in.readInt();
            minute[i] = in.readLong();
            notionalHigh[i] = in.readLong();
            notionalLow[i] = in.readLong();
            quantityHigh[i] = in.readLong();
            quantityLow[i] = in.readLong();
        }
        cacheValid = false;
    }
}
