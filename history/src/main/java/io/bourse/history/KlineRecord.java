package io.bourse.history;

/**
 * One candlestick, as Binance's kline array: open time, open, high, low, close, volume, close time, quote volume,
 * number of trades, taker buy base volume, taker buy quote volume.
 *
 * @param openTimeMillis     interval start
 * @param open               first trade price
 * @param high               highest price
 * @param low                lowest price
 * @param close              last trade price
 * @param volume             base volume
 * @param closeTimeMillis    interval end (start + length - 1)
 * @param quoteVolume        quote volume
 * @param trades             number of trades
 * @param takerBuyBaseVolume base volume where the taker bought
 * @param takerBuyQuoteVolume quote volume where the taker bought
 */
public record KlineRecord(
    long openTimeMillis, long open, long high, long low, long close, long volume, long closeTimeMillis, long quoteVolume, long trades,
    long takerBuyBaseVolume, long takerBuyQuoteVolume) {
}
