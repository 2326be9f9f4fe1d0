package io.bourse.marketdata;

/**
 * The kinds of {@link MarketDataUpdate}. The projector always keeps its state current; it builds and publishes only
 * the kinds it is told to (see {@link MarketDataProjector#publish}), so that nobody pays for klines nobody watches.
 */
public enum UpdateKind {
    DEPTH,
    TRADE,
    AGG_TRADE,
    KLINE,
    TICKER,
    BOOK_TICKER
}
