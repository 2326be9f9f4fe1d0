package io.bourse.history;

import io.bourse.marketdata.CandleTotals;
import io.bourse.marketdata.KlineInterval;

/** One kline being built, mutable; the projector keeps the newest of each interval per symbol. */
final class Candle extends CandleTotals {
    final int symbolId;
    final KlineInterval interval;
    final long openTime;
    final long closeTime;

    Candle(final int symbolId, final KlineInterval interval, final long openTime) {
        this.symbolId = symbolId;
        this.interval = interval;
        this.openTime = openTime;
        this.closeTime = interval.closeTime(openTime);
    }

    KlineRecord toRecord() {
        return new KlineRecord(openTime, open, high, low, close, volume, closeTime, quoteVolume, trades, takerBuyBaseVolume,
            takerBuyQuoteVolume);
    }
}
