package io.bourse.marketdata;

/**
 * Binance's {@code bookTicker}: the best bid and ask with their quantities, published when either changes. An empty
 * side has price and quantity 0.
 *
 * @param symbolId        the engine's symbol id
 * @param symbol          the symbol's name
 * @param eventTimeMillis the command's time (Binance's payload has no {@code E})
 * @param updateId        {@code u}: the book's update id, the same as the depth diff of the same command
 * @param bidPrice        {@code b}
 * @param bidQuantity     {@code B}
 * @param askPrice        {@code a}
 * @param askQuantity     {@code A}
 */
public record BookTickerUpdate(int symbolId, String symbol, long eventTimeMillis, long updateId, long bidPrice, long bidQuantity, long askPrice,
    long askQuantity) implements MarketDataUpdate {
}
