package io.bourse.history;

import io.bourse.marketdata.KlineInterval;

/** One kline being built, mutable; the projector keeps the newest of each interval per symbol. */
final class Candle {
    final int symbolId;
    final KlineInterval interval;
    final long openTime;
    final long closeTime;
    long open;
    long high;
    long low;
    long close;
    long volume;
    long quoteVolume;
    long trades;
    long takerBuyBaseVolume;
    long takerBuyQuoteVolume;
    long firstTradeId;
    long lastTradeId;
    /** Changed since it was last written. */
    boolean dirty;

    Candle(final int symbolId, final KlineInterval interval, final long openTime) {
        this.symbolId = symbolId;
        this.interval = interval;
        this.openTime = openTime;
        this.closeTime = interval.closeTime(openTime);
    }

    /** Adds one trade (the first one sets open, low, high and the first trade id). */
    void add(final long tradeId, final long price, final long quantity, final long quoteQty, final boolean takerBought) {
        if (trades == 0) {
            open = price;
            high = price;
            low = price;
            firstTradeId = tradeId;
        } else {
            high = Math.max(high, price);
            low = Math.min(low, price);
        }
        close = price;
        lastTradeId = tradeId;
        trades++;
        volume = saturatingAdd(volume, quantity);
        quoteVolume = saturatingAdd(quoteVolume, quoteQty);
        if (takerBought) {
            takerBuyBaseVolume = saturatingAdd(takerBuyBaseVolume, quantity);
            takerBuyQuoteVolume = saturatingAdd(takerBuyQuoteVolume, quoteQty);
        }
        dirty = true;
    }

    KlineRecord toRecord() {
        return new KlineRecord(openTime, open, high, low, close, volume, closeTime, quoteVolume, trades, takerBuyBaseVolume,
            takerBuyQuoteVolume);
    }

    /**
     * Volumes of long intervals could in principle pass {@link Long#MAX_VALUE} (9.2e18 minor units); they stop there
     * rather than wrap or stop the projection.
     */
    static long saturatingAdd(final long a, final long b) {
        final long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
