package io.bourse.marketdata;

/** The newest candle of one interval of one symbol, mutable, owned by the projector's thread. */
final class KlineBuilder extends CandleTotals {
    final KlineInterval interval;
    long openTime;
    long closeTime = Long.MIN_VALUE;
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
        clearTotals();
        closedSent = false;
    }

    KlineUpdate toUpdate(final int symbolId, final String symbol, final long eventTimeMillis, final boolean closed) {
        return new KlineUpdate(symbolId, symbol, eventTimeMillis, interval, openTime, closeTime, firstTradeId, lastTradeId, open, close, high,
            low, volume, trades, closed, quoteVolume, takerBuyBaseVolume, takerBuyQuoteVolume);
    }
}
