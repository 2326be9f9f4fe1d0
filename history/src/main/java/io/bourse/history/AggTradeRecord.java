package io.bourse.history;

/**
 * An aggregate trade, as Binance's aggTrades {@code a, p, q, f, l, T, m}.
 *
 * @param aggId        aggregate id
 * @param price        price
 * @param quantity     total quantity
 * @param firstTradeId first trade id
 * @param lastTradeId  last trade id
 * @param timeMillis   time of the first trade
 * @param buyerIsMaker whether the buyer was the maker
 */
public record AggTradeRecord(long aggId, long price, long quantity, long firstTradeId, long lastTradeId, long timeMillis, boolean buyerIsMaker) {
}
