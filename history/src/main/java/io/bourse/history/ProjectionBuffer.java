package io.bourse.history;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bourse.engine.Event;
import io.bourse.engine.OrderStatus;
import io.bourse.engine.Side;
import io.bourse.marketdata.KlineInterval;

/**
 * What the projector applied but has not written yet, merged in memory so that one transaction writes each touched
 * row once: an order accepted, filled and closed between two commits is one INSERT; an older order that traded is
 * one UPDATE (by delta while it works, with absolute values once it closes); a kline touched by a thousand trades is
 * one upsert.
 *
 * <p>It also caches, per symbol, the newest aggregate trade and the newest kline of every interval, which the next
 * trades extend. The caches always equal the database plus the pending writes: they are loaded from the database on
 * first use and dropped whenever a transaction fails ({@link #discard()}).
 */
final class ProjectionBuffer {
    private static final KlineInterval[] INTERVALS = KlineInterval.values();
    private static final long NO_CHANGE = Long.MIN_VALUE;

    private static final String INSERT_ORDER = "INSERT INTO orders (" + Schema.ORDER_COLUMNS + ") VALUES "
        + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE_ORDER_DELTA = "UPDATE orders SET executed_qty = executed_qty + ?, "
        + "cumulative_quote_qty = cumulative_quote_qty + ?, status = COALESCE(?, status), update_time_ms = ?, "
        + "working_time_ms = COALESCE(?, working_time_ms) WHERE symbol_id = ? AND order_id = ?";
    private static final String UPDATE_ORDER_ABSOLUTE = "UPDATE orders SET executed_qty = ?, cumulative_quote_qty = ?, "
        + "status = COALESCE(?, status), update_time_ms = ?, working_time_ms = COALESCE(?, working_time_ms) "
        + "WHERE symbol_id = ? AND order_id = ?";
    private static final String INSERT_TRADE = "INSERT INTO trades (" + Schema.TRADE_COLUMNS + ", agg_id) VALUES "
        + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPSERT_AGG = "INSERT INTO agg_trades (symbol_id, " + Schema.AGG_COLUMNS + ", taker_order_id) VALUES "
        + "(?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (symbol_id, agg_id) DO UPDATE SET quantity = excluded.quantity, "
        + "last_trade_id = excluded.last_trade_id";
    private static final String UPSERT_KLINE = "INSERT INTO klines (symbol_id, interval_code, " + Schema.KLINE_COLUMNS + ") VALUES "
        + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (symbol_id, interval_code, open_time_ms) DO UPDATE SET "
        + "open_price = excluded.open_price, high_price = excluded.high_price, low_price = excluded.low_price, "
        + "close_price = excluded.close_price, volume = excluded.volume, quote_volume = excluded.quote_volume, "
        + "trade_count = excluded.trade_count, taker_buy_base_volume = excluded.taker_buy_base_volume, "
        + "taker_buy_quote_volume = excluded.taker_buy_quote_volume, first_trade_id = excluded.first_trade_id, "
        + "last_trade_id = excluded.last_trade_id";
    private static final String LAST_AGG = "SELECT " + Schema.AGG_COLUMNS + ", taker_order_id FROM agg_trades WHERE symbol_id = ? "
        + "ORDER BY agg_id DESC LIMIT 1";
    private static final String LAST_KLINE = "SELECT " + Schema.KLINE_COLUMNS + " FROM klines WHERE symbol_id = ? AND interval_code = ? "
        + "ORDER BY open_time_ms DESC LIMIT 1";

    private record OrderKey(int symbolId, long orderId) {
    }

    /** The pending change to one order. */
    private static final class PendingOrder {
        /** Set when the order was accepted since the last commit: the row is inserted whole. */
        Event.OrderAccepted accepted;
        long executedQty;
        long cumulativeQuoteQty;
        /** Whether the two amounts are the order's totals (new or closed) rather than additions. */
        boolean absolute;
        OrderStatus status;
        long updateTimeMillis;
        long workingTimeMillis = NO_CHANGE;
    }

    /** The newest aggregate trade of a symbol. */
    private static final class Agg {
        int symbolId;
        long aggId;
        long takerOrderId;
        long price;
        long quantity;
        long firstTradeId;
        long lastTradeId;
        long timeMillis;
        boolean buyerIsMaker;
        boolean dirty;
    }

    private record TradeRow(Event.Trade trade, long timeMillis, long aggId) {
    }

    private final Map<OrderKey, PendingOrder> orders = new LinkedHashMap<>();
    private final List<TradeRow> trades = new ArrayList<>();
    private final List<Agg> finishedAggs = new ArrayList<>();
    private final List<Candle> finishedCandles = new ArrayList<>();
    private final Map<Integer, Agg> lastAgg = new HashMap<>();
    private final Map<Integer, Candle[]> lastCandles = new HashMap<>();
    private int unknownOrders;

    /** Rows waiting, roughly: the store commits early when this grows large. */
    int pendingRows() {
        return orders.size() + trades.size();
    }

    /** Updates of orders the database did not have (an incomplete history); counted, not fatal. */
    int unknownOrders() {
        return unknownOrders;
    }

    static long millis(final long nanos) {
        return Math.floorDiv(nanos, 1_000_000L);
    }

    /** Takes one event into the buffer; reads the database only to fill the per-symbol caches. */
    void accept(final CachedConnection connection, final Event event) throws SQLException {
        switch (event) {
            case Event.OrderAccepted e -> {
                final PendingOrder order = new PendingOrder();
                final long time = millis(e.timestampNanos());
                order.accepted = e;
                order.absolute = true;
                order.status = OrderStatus.NEW;
                order.updateTimeMillis = time;
                order.workingTimeMillis = e.type().isConditional() ? -1 : time;
                orders.put(new OrderKey(e.symbolId(), e.orderId()), order);
            }
            case Event.OrderTriggered e -> {
                final PendingOrder order = pending(e.symbolId(), e.orderId());
                order.workingTimeMillis = millis(e.timestampNanos());
                order.updateTimeMillis = order.workingTimeMillis;
            }
            case Event.Trade e -> trade(connection, e);
            case Event.OrderClosed e -> {
                final PendingOrder order = pending(e.symbolId(), e.orderId());
                order.executedQty = e.executedQty();
                order.cumulativeQuoteQty = e.cumulativeQuoteQty();
                order.absolute = true;
                order.status = e.status();
                order.updateTimeMillis = millis(e.timestampNanos());
            }
            default -> {
                // balances, rejections and administration are not history
            }
        }
    }

    private PendingOrder pending(final int symbolId, final long orderId) {
        return orders.computeIfAbsent(new OrderKey(symbolId, orderId), key -> new PendingOrder());
    }

    private void fill(final int symbolId, final long orderId, final long quantity, final long quoteQty, final long time) {
        final PendingOrder order = pending(symbolId, orderId);
        order.executedQty += quantity;
        order.cumulativeQuoteQty += quoteQty;
        order.status = OrderStatus.PARTIALLY_FILLED;
        order.updateTimeMillis = time;
    }

    private void trade(final CachedConnection connection, final Event.Trade e) throws SQLException {
        final long time = millis(e.timestampNanos());
        fill(e.symbolId(), e.takerOrderId(), e.quantity(), e.quoteQty(), time);
        fill(e.symbolId(), e.makerOrderId(), e.quantity(), e.quoteQty(), time);
        trades.add(new TradeRow(e, time, aggregate(connection, e, time)));
        final Candle[] candles = candles(connection, e.symbolId());
        final boolean takerBought = e.takerSide() == Side.BUY;
        for (int i = 0; i < INTERVALS.length; i++) {
            final long open = INTERVALS[i].openTime(time);
            Candle candle = candles[i];
            if (candle == null || candle.openTime != open) {
                if (candle != null && open < candle.openTime) {
                    throw new IllegalStateException("trade " + e.tradeId() + " of symbol " + e.symbolId() + " at " + time
                        + " is older than the current " + INTERVALS[i].code() + " kline at " + candle.openTime);
                }
                if (candle != null && candle.dirty) {
                    finishedCandles.add(candle);
                }
                candle = new Candle(e.symbolId(), INTERVALS[i], open);
                candles[i] = candle;
            }
            candle.add(e.tradeId(), e.price(), e.quantity(), e.quoteQty(), takerBought);
        }
    }

    /** Extends the symbol's newest aggregate trade or starts the next one; returns the trade's aggregate id. */
    private long aggregate(final CachedConnection connection, final Event.Trade e, final long time) throws SQLException {
        Agg agg = lastAgg.get(e.symbolId());
        if (agg == null) {
            agg = loadAgg(connection, e.symbolId());
            lastAgg.put(e.symbolId(), agg);
        }
        if (agg.aggId > 0 && agg.takerOrderId == e.takerOrderId() && agg.price == e.price() && agg.lastTradeId + 1 == e.tradeId()) {
            agg.quantity += e.quantity();
            agg.lastTradeId = e.tradeId();
            agg.dirty = true;
            return agg.aggId;
        }
        if (agg.dirty) {
            finishedAggs.add(agg);
        }
        final Agg next = new Agg();
        next.symbolId = e.symbolId();
        next.aggId = agg.aggId + 1;
        next.takerOrderId = e.takerOrderId();
        next.price = e.price();
        next.quantity = e.quantity();
        next.firstTradeId = e.tradeId();
        next.lastTradeId = e.tradeId();
        next.timeMillis = time;
        next.buyerIsMaker = e.takerSide() == Side.SELL;
        next.dirty = true;
        lastAgg.put(e.symbolId(), next);
        return next.aggId;
    }

    private static Agg loadAgg(final CachedConnection connection, final int symbolId) throws SQLException {
        final Agg agg = new Agg();
        agg.symbolId = symbolId;
        final PreparedStatement statement = connection.prepare(LAST_AGG);
        statement.setInt(1, symbolId);
        try (ResultSet row = statement.executeQuery()) {
            if (row.next()) {
                agg.aggId = row.getLong(1);
                agg.price = row.getLong(2);
                agg.quantity = row.getLong(3);
                agg.firstTradeId = row.getLong(4);
                agg.lastTradeId = row.getLong(5);
                agg.timeMillis = row.getLong(6);
                agg.buyerIsMaker = row.getInt(7) != 0;
                agg.takerOrderId = row.getLong(8);
            }
        }
        return agg;
    }

    private Candle[] candles(final CachedConnection connection, final int symbolId) throws SQLException {
        Candle[] candles = lastCandles.get(symbolId);
        if (candles == null) {
            candles = new Candle[INTERVALS.length];
            final PreparedStatement statement = connection.prepare(LAST_KLINE);
            for (int i = 0; i < INTERVALS.length; i++) {
                statement.setInt(1, symbolId);
                statement.setString(2, INTERVALS[i].code());
                try (ResultSet row = statement.executeQuery()) {
                    if (row.next()) {
                        final Candle candle = new Candle(symbolId, INTERVALS[i], row.getLong(1));
                        candle.open = row.getLong(2);
                        candle.high = row.getLong(3);
                        candle.low = row.getLong(4);
                        candle.close = row.getLong(5);
                        candle.volume = row.getLong(6);
                        candle.quoteVolume = row.getLong(8);
                        candle.trades = row.getLong(9);
                        candle.takerBuyBaseVolume = row.getLong(10);
                        candle.takerBuyQuoteVolume = row.getLong(11);
                        candle.firstTradeId = row.getLong(12);
                        candle.lastTradeId = row.getLong(13);
                        candles[i] = candle;
                    }
                }
            }
            lastCandles.put(symbolId, candles);
        }
        return candles;
    }

    /** Writes everything pending on the projector's connection, inside its open transaction. */
    void write(final CachedConnection connection) throws SQLException {
        writeOrders(connection);
        if (!trades.isEmpty()) {
            final PreparedStatement statement = connection.prepare(INSERT_TRADE);
            for (final TradeRow row : trades) {
                final Event.Trade t = row.trade();
                final boolean takerBuys = t.takerSide() == Side.BUY;
                statement.setInt(1, t.symbolId());
                statement.setLong(2, t.tradeId());
                statement.setLong(3, t.price());
                statement.setLong(4, t.quantity());
                statement.setLong(5, t.quoteQty());
                statement.setLong(6, row.timeMillis());
                statement.setString(7, t.takerSide().name());
                statement.setLong(8, takerBuys ? t.takerOrderId() : t.makerOrderId());
                statement.setLong(9, takerBuys ? t.takerAccountId() : t.makerAccountId());
                statement.setLong(10, takerBuys ? t.takerFee() : t.makerFee());
                statement.setLong(11, takerBuys ? t.makerOrderId() : t.takerOrderId());
                statement.setLong(12, takerBuys ? t.makerAccountId() : t.takerAccountId());
                statement.setLong(13, takerBuys ? t.makerFee() : t.takerFee());
                statement.setLong(14, row.aggId());
                statement.addBatch();
            }
            statement.executeBatch();
        }
        writeAggs(connection);
        writeCandles(connection);
    }

    private void writeOrders(final CachedConnection connection) throws SQLException {
        if (orders.isEmpty()) {
            return;
        }
        final PreparedStatement insert = connection.prepare(INSERT_ORDER);
        final PreparedStatement delta = connection.prepare(UPDATE_ORDER_DELTA);
        final PreparedStatement absolute = connection.prepare(UPDATE_ORDER_ABSOLUTE);
        int inserts = 0;
        int deltas = 0;
        int absolutes = 0;
        for (final Map.Entry<OrderKey, PendingOrder> entry : orders.entrySet()) {
            final PendingOrder order = entry.getValue();
            final Event.OrderAccepted a = order.accepted;
            if (a != null) {
                insert.setInt(1, a.symbolId());
                insert.setLong(2, a.orderId());
                insert.setLong(3, a.accountId());
                insert.setString(4, a.clientOrderId());
                insert.setString(5, a.side().name());
                insert.setString(6, a.type().name());
                insert.setString(7, a.timeInForce() == null ? null : a.timeInForce().name());
                insert.setLong(8, a.price());
                insert.setLong(9, a.quantity());
                insert.setLong(10, order.executedQty);
                insert.setLong(11, order.cumulativeQuoteQty);
                insert.setString(12, order.status.name());
                insert.setLong(13, a.stopPrice());
                insert.setLong(14, a.quoteOrderQty());
                insert.setLong(15, millis(a.timestampNanos()));
                insert.setLong(16, order.updateTimeMillis);
                insert.setLong(17, order.workingTimeMillis);
                insert.setString(18, a.stpMode().name());
                insert.addBatch();
                inserts++;
            } else {
                final PreparedStatement update = order.absolute ? absolute : delta;
                update.setLong(1, order.executedQty);
                update.setLong(2, order.cumulativeQuoteQty);
                update.setString(3, order.status == null ? null : order.status.name());
                update.setLong(4, order.updateTimeMillis);
                if (order.workingTimeMillis == NO_CHANGE) {
                    update.setNull(5, Types.BIGINT);
                } else {
                    update.setLong(5, order.workingTimeMillis);
                }
                update.setInt(6, entry.getKey().symbolId());
                update.setLong(7, entry.getKey().orderId());
                update.addBatch();
                if (order.absolute) {
                    absolutes++;
                } else {
                    deltas++;
                }
            }
        }
        if (inserts > 0) {
            insert.executeBatch();
        }
        if (deltas > 0) {
            countMissing(delta.executeBatch());
        }
        if (absolutes > 0) {
            countMissing(absolute.executeBatch());
        }
    }

    private void countMissing(final int[] counts) {
        for (final int count : counts) {
            if (count == 0) {
                unknownOrders++;
            }
        }
    }

    private void writeAggs(final CachedConnection connection) throws SQLException {
        final List<Agg> aggs = new ArrayList<>(finishedAggs);
        for (final Agg agg : lastAgg.values()) {
            if (agg.dirty) {
                aggs.add(agg);
            }
        }
        if (aggs.isEmpty()) {
            return;
        }
        final PreparedStatement statement = connection.prepare(UPSERT_AGG);
        for (final Agg agg : aggs) {
            statement.setInt(1, agg.symbolId);
            statement.setLong(2, agg.aggId);
            statement.setLong(3, agg.price);
            statement.setLong(4, agg.quantity);
            statement.setLong(5, agg.firstTradeId);
            statement.setLong(6, agg.lastTradeId);
            statement.setLong(7, agg.timeMillis);
            statement.setInt(8, agg.buyerIsMaker ? 1 : 0);
            statement.setLong(9, agg.takerOrderId);
            statement.addBatch();
        }
        statement.executeBatch();
    }

    private void writeCandles(final CachedConnection connection) throws SQLException {
        final List<Candle> candles = new ArrayList<>(finishedCandles);
        for (final Candle[] current : lastCandles.values()) {
            for (final Candle candle : current) {
                if (candle != null && candle.dirty) {
                    candles.add(candle);
                }
            }
        }
        if (candles.isEmpty()) {
            return;
        }
        final PreparedStatement statement = connection.prepare(UPSERT_KLINE);
        for (final Candle candle : candles) {
            statement.setInt(1, candle.symbolId);
            statement.setString(2, candle.interval.code());
            statement.setLong(3, candle.openTime);
            statement.setLong(4, candle.open);
            statement.setLong(5, candle.high);
            statement.setLong(6, candle.low);
            statement.setLong(7, candle.close);
            statement.setLong(8, candle.volume);
            statement.setLong(9, candle.closeTime);
            statement.setLong(10, candle.quoteVolume);
            statement.setLong(11, candle.trades);
            statement.setLong(12, candle.takerBuyBaseVolume);
            statement.setLong(13, candle.takerBuyQuoteVolume);
            statement.setLong(14, candle.firstTradeId);
            statement.setLong(15, candle.lastTradeId);
            statement.addBatch();
        }
        statement.executeBatch();
    }

    /** The transaction committed: the caches now equal the database. */
    void committed() {
        orders.clear();
        trades.clear();
        finishedAggs.clear();
        finishedCandles.clear();
        for (final Agg agg : lastAgg.values()) {
            agg.dirty = false;
        }
        for (final Candle[] current : lastCandles.values()) {
            for (final Candle candle : current) {
                if (candle != null) {
                    candle.dirty = false;
                }
            }
        }
    }

    /** The transaction failed: forget the pending writes and the caches, the database is the truth again. */
    void discard() {
        orders.clear();
        trades.clear();
        finishedAggs.clear();
        finishedCandles.clear();
        lastAgg.clear();
        lastCandles.clear();
    }
}
