package io.bourse.history;

/**
 * Rolling 24-hour statistics, as Binance's ticker/24hr (prices raw; the gateway computes change and percentages).
 *
 * @param openPrice       first trade price in the window (0 if none)
 * @param highPrice       highest
 * @param lowPrice        lowest
 * @param lastPrice       last trade price in the window
 * @param lastQty         its quantity
 * @param volume          base volume
 * @param quoteVolume     quote volume
 * @param openTimeMillis  window start
 * @param closeTimeMillis window end
 * @param firstTradeId    first trade id in the window (-1 if none)
 * @param lastTradeId     last trade id in the window (-1 if none)
 * @param count           number of trades
 * @param prevClosePrice  price of the last trade before the window (0 if none), Binance's {@code prevClosePrice}
 */
public record TickerRecord(
    long openPrice, long highPrice, long lowPrice, long lastPrice, long lastQty, long volume, long quoteVolume, long openTimeMillis,
    long closeTimeMillis, long firstTradeId, long lastTradeId, long count, long prevClosePrice) {
}
