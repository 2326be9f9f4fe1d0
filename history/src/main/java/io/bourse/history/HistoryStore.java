package io.bourse.history;

import java.util.List;
import java.util.Optional;

import io.bourse.engine.Event;
import io.bourse.marketdata.KlineInterval;

/**
 * The exchange's history, projected from the engine's event stream into a database: orders (open and closed),
 * trades, and what is computed from them (aggregate trades, klines, 24-hour tickers). Served to the API so that
 * history queries never touch the engine's thread. One interface, two databases: embedded SQLite in the data
 * directory (the default) and PostgreSQL (by JDBC URL).
 *
 * <p>Units are the engine's raw units (prices in quote minor units per whole base unit, quantities in base minor
 * units); times are epoch milliseconds, derived from the commands' nanosecond timestamps.
 *
 * <p>Projection is idempotent and ordered: {@link #apply} ignores a command whose sequence number is not above
 * {@link #lastProjectedSeq()}, so after a restart the projector can replay the journal's tail and catch up.
 */
public interface HistoryStore extends AutoCloseable {

    /**
     * Projects the events of one command. Must be called in sequence order from one thread. Implementations may
     * batch writes; {@link #flush()} makes everything applied so far visible to queries and durable.
     */
    void apply(long seq, List<Event> events);

    /** Commits whatever {@link #apply} batched. */
    void flush();

    /** The sequence number of the last command whose events are visible to queries (0 if none). */
    long lastProjectedSeq();

    /** One order by id, or by client order id when {@code orderId} &lt;= 0, among the account's orders on the symbol. */
    Optional<OrderRecord> order(int symbolId, long accountId, long orderId, String clientOrderId);

    /**
     * An account's orders on a symbol, oldest first, as Binance's allOrders: from {@code fromOrderId} (inclusive) if
     * set, else within the time range if set, else the most recent {@code limit}.
     */
    List<OrderRecord> allOrders(int symbolId, long accountId, Long fromOrderId, Long startTimeMillis, Long endTimeMillis, int limit);

    /**
     * An account's trades on a symbol, oldest first, as Binance's myTrades: optionally of one order, from a trade id,
     * or within a time range; else the most recent {@code limit}.
     */
    List<TradeRecord> myTrades(
        int symbolId, long accountId, Long orderId, Long fromTradeId, Long startTimeMillis, Long endTimeMillis, int limit);

    /** A symbol's trades, oldest first: from {@code fromTradeId} if set, else the most recent {@code limit}. */
    List<TradeRecord> trades(int symbolId, Long fromTradeId, int limit);

    /**
     * Aggregate trades as Binance's aggTrades: consecutive trades of the same taker order at the same price form one
     * aggregate, whose id is dense and increasing per symbol.
     */
    List<AggTradeRecord> aggTrades(int symbolId, Long fromAggId, Long startTimeMillis, Long endTimeMillis, int limit);

    /** Klines of an interval, oldest first, as Binance's klines (only intervals with at least one trade are returned). */
    List<KlineRecord> klines(int symbolId, KlineInterval interval, Long startTimeMillis, Long endTimeMillis, int limit);

    /** The rolling 24-hour statistics ending at {@code nowMillis}, as Binance's ticker/24hr. */
    TickerRecord ticker24h(int symbolId, long nowMillis);

    @Override
    void close();
}
