package io.bourse.marketdata;

/** The newest candle of one interval of one symbol, mutable, owned by the projector's thread. */
final class KlineBuilder {
    final KlineInterval interval;
    long openTime;
    long closeTime = Long.MIN_VALUE;
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
    /** Changed by the current command, not yet published. */
    boolean dirty;
    /** Its closed state ({@code x} true) was published. */
    boolean closedSent;

    KlineBuilder(final KlineInterval interval) {
        this.interval = interval;
    }

    /** Whether a trade at {@code timeMillis} belongs to a later candle than this one (or there is none yet). */
    boolean endsBefore(final long timeMillis) {
        return trades == 0 || timeMillis > closeTime;
    }

    /** Starts the candle that contains {@code timeMillis}, empty. */
    void reset(final long timeMillis) {
        openTime = interval.openTime(timeMillis);
        closeTime = interval.closeTime(openTime);
        trades = 0;
        volume = 0;
        quoteVolume = 0;
        takerBuyBaseVolume = 0;
        takerBuyQuoteVolume = 0;
        dirty = false;
        closedSent = false;
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

    KlineUpdate toUpdate(final int symbolId, final String symbol, final long eventTimeMillis, final boolean closed) {
        return new KlineUpdate(symbolId, symbol, eventTimeMillis, interval, openTime, closeTime, firstTradeId, lastTradeId, open, close, high,
            low, volume, trades, closed, quoteVolume, takerBuyBaseVolume, takerBuyQuoteVolume);
    }

    /** Volumes of long intervals could in principle pass {@link Long#MAX_VALUE}; they stop there rather than wrap. */
    static long saturatingAdd(final long a, final long b) {
        final long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
