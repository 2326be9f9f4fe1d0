package io.bourse.marketdata;

/**
 * Binance's {@code trade}: one trade, in trade id order, each exactly once.
 *
 * @param symbolId        the engine's symbol id
 * @param symbol          the symbol's name
 * @param eventTimeMillis {@code E}
 * @param tradeId         {@code t}, per symbol, from 1
 * @param price           {@code p}
 * @param quantity        {@code q}
 * @param quoteQuantity   price times quantity, in quote minor units
 * @param tradeTimeMillis {@code T}
 * @param buyerIsMaker    {@code m}
 * @param buyerOrderId    the buy order's id (not in Binance's current payload)
 * @param sellerOrderId   the sell order's id (not in Binance's current payload)
 */
public record TradeUpdate(int symbolId, String symbol, long eventTimeMillis, long tradeId, long price, long quantity, long quoteQuantity,
    long tradeTimeMillis, boolean buyerIsMaker, long buyerOrderId, long sellerOrderId) implements MarketDataUpdate {
}
