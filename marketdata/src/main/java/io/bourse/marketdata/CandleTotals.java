package io.bourse.marketdata;

/**
 * What a candle adds up from its trades: open, high, low, close, volumes, count and trade ids. One definition for the
 * streamed klines ({@link KlineBuilder}) and the stored ones (the history module's candles), so that a streamed kline
 * and a REST kline of the same period cannot disagree. Mutable, owned by one thread; the fields are public for the
 * projections that load and store them.
 */
public class CandleTotals {
    /** Price of the first trade, raw units. */
    public long open;
    /** Highest trade price. */
    public long high;
    /** Lowest trade price. */
    public long low;
    /** Price of the last trade. */
    public long close;
    /** Base volume, minor units (stops at {@link Long#MAX_VALUE}). */
    public long volume;
    /** Quote volume, minor units. */
    public long quoteVolume;
    /** Number of trades. */
    public long trades;
    /** Base volume of the trades whose taker bought. */
    public long takerBuyBaseVolume;
    /** Quote volume of the trades whose taker bought. */
    public long takerBuyQuoteVolume;
    /** Id of the first trade. */
    public long firstTradeId;
    /** Id of the last trade. */
    public long lastTradeId;
    /** Changed since it was last published or written. */
    public boolean dirty;

    /** Adds one trade (the first one sets open, low, high and the first trade id). */
    public final void add(final long tradeId, final long price, final long quantity, final long quoteQty, final boolean takerBought) {
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

    /** Empties the totals (no trades). */
    protected final void clearTotals() {
        trades = 0;
        volume = 0;
        quoteVolume = 0;
        takerBuyBaseVolume = 0;
        takerBuyQuoteVolume = 0;
        dirty = false;
    }

    /**
     * Volumes of long intervals could in principle pass {@link Long#MAX_VALUE} (9.2e18 minor units); they stop there
     * rather than wrap or stop the projection.
     */
    public static long saturatingAdd(final long a, final long b) {
        final long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
