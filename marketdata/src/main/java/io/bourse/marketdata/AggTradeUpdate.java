package io.bourse.marketdata;

/**
 * Binance's {@code aggTrade}: consecutive trades of one taker order at one price. Aggregate ids are dense per symbol
 * and start at 1, with the history module's rule (same taker order, same price, consecutive trade ids), so that the
 * stream and REST {@code aggTrades} name the same aggregates. An aggregate never spans two commands (a taker matches
 * within its own command), so each is published once, complete, at the end of its run.
 *
 * @param symbolId        the engine's symbol id
 * @param symbol          the symbol's name
 * @param eventTimeMillis {@code E}
 * @param aggTradeId      {@code a}
 * @param price           {@code p}
 * @param quantity        {@code q}, the sum of the trades' quantities
 * @param firstTradeId    {@code f}
 * @param lastTradeId     {@code l}
 * @param tradeTimeMillis {@code T}
 * @param buyerIsMaker    {@code m}
 */
public record AggTradeUpdate(int symbolId, String symbol, long eventTimeMillis, long aggTradeId, long price, long quantity, long firstTradeId,
    long lastTradeId, long tradeTimeMillis, boolean buyerIsMaker) implements MarketDataUpdate {
}
