package io.bourse.history;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.bourse.engine.Event;
import io.bourse.engine.OrderStatus;
import io.bourse.engine.Side;
import io.bourse.marketdata.KlineInterval;

/**
 * The history computed the obvious way, in memory, from the events: what every store must agree with. Written
 * independently of the store's code (no shared helpers but {@link KlineInterval#openTime}).
 */
final class Reference {
    final Map<Long, OrderRecord> orders = new LinkedHashMap<>();
    final List<TradeRecord> trades = new ArrayList<>();
    final List<Event.Trade> tradeEvents = new ArrayList<>();

    static Reference of(final List<Market.Applied> log) {
        final Reference reference = new Reference();
        for (final Market.Applied applied : log) {
            for (final Event event : applied.events()) {
                reference.accept(event);
            }
        }
        return reference;
    }

    private void accept(final Event event) {
        switch (event) {
            case Event.OrderAccepted e -> {
                final long time = e.timestampNanos() / 1_000_000;
                orders.put(e.orderId(), new OrderRecord(e.symbolId(), e.orderId(), e.accountId(), e.clientOrderId(), e.side(), e.type(),
                    e.timeInForce(), e.price(), e.quantity(), 0, 0, OrderStatus.NEW, e.stopPrice(), e.quoteOrderQty(), time, time,
                    e.type().isConditional() ? -1 : time, e.stpMode()));
            }
            case Event.OrderTriggered e -> {
                final OrderRecord o = orders.get(e.orderId());
                final long time = e.timestampNanos() / 1_000_000;
                orders.put(e.orderId(), with(o, o.executedQty(), o.cumulativeQuoteQty(), o.status(), time, time));
            }
            case Event.Trade e -> {
                final long time = e.timestampNanos() / 1_000_000;
                for (final long id : new long[] {e.takerOrderId(), e.makerOrderId()}) {
                    final OrderRecord o = orders.get(id);
                    orders.put(id, with(o, o.executedQty() + e.quantity(), o.cumulativeQuoteQty() + e.quoteQty(),
                        OrderStatus.PARTIALLY_FILLED, time, o.workingTimeMillis()));
                }
                final boolean takerBuys = e.takerSide() == Side.BUY;
                trades.add(new TradeRecord(e.symbolId(), e.tradeId(), e.price(), e.quantity(), e.quoteQty(), time, e.takerSide(),
                    takerBuys ? e.takerOrderId() : e.makerOrderId(), takerBuys ? e.takerAccountId() : e.makerAccountId(),
                    takerBuys ? e.takerFee() : e.makerFee(), takerBuys ? e.makerOrderId() : e.takerOrderId(),
                    takerBuys ? e.makerAccountId() : e.takerAccountId(), takerBuys ? e.makerFee() : e.takerFee()));
                tradeEvents.add(e);
            }
            case Event.OrderClosed e -> {
                final OrderRecord o = orders.get(e.orderId());
                orders.put(e.orderId(), with(o, e.executedQty(), e.cumulativeQuoteQty(), e.status(), e.timestampNanos() / 1_000_000,
                    o.workingTimeMillis()));
            }
            default -> {
            }
        }
    }

    private static OrderRecord with(
        final OrderRecord o, final long executed, final long cumulative, final OrderStatus status, final long update, final long working) {
        return new OrderRecord(o.symbolId(), o.orderId(), o.accountId(), o.clientOrderId(), o.side(), o.type(), o.timeInForce(), o.price(),
            o.origQty(), executed, cumulative, status, o.stopPrice(), o.origQuoteOrderQty(), o.timeMillis(), update, working, o.stpMode());
    }

    /** The account's orders, by id. */
    List<OrderRecord> ordersOf(final long account) {
        return orders.values().stream().filter(o -> o.accountId() == account).toList();
    }

    /** The account's trades (a self-trade once). */
    List<TradeRecord> tradesOf(final long account) {
        return trades.stream().filter(t -> t.buyAccountId() == account || t.sellAccountId() == account).toList();
    }

    /** Aggregates: a run of consecutive trades with the same taker order and price. */
    List<AggTradeRecord> aggTrades() {
        final List<AggTradeRecord> aggs = new ArrayList<>();
        Event.Trade first = null;
        Event.Trade last = null;
        long quantity = 0;
        for (final Event.Trade t : tradeEvents) {
            if (last != null && (last.takerOrderId() != t.takerOrderId() || last.price() != t.price())) {
                aggs.add(agg(aggs.size() + 1, first, last, quantity));
                first = null;
            }
            if (first == null) {
                first = t;
                quantity = 0;
            }
            quantity += t.quantity();
            last = t;
        }
        if (first != null) {
            aggs.add(agg(aggs.size() + 1, first, last, quantity));
        }
        return aggs;
    }

    private static AggTradeRecord agg(final long id, final Event.Trade first, final Event.Trade last, final long quantity) {
        return new AggTradeRecord(id, first.price(), quantity, first.tradeId(), last.tradeId(), first.timestampNanos() / 1_000_000,
            first.takerSide() == Side.SELL);
    }

    /** Every kline of the interval that has trades, oldest first. */
    List<KlineRecord> klines(final KlineInterval interval) {
        final TreeMap<Long, List<TradeRecord>> buckets = new TreeMap<>();
        for (final TradeRecord t : trades) {
            buckets.computeIfAbsent(interval.openTime(t.timeMillis()), k -> new ArrayList<>()).add(t);
        }
        final List<KlineRecord> klines = new ArrayList<>();
        for (final Map.Entry<Long, List<TradeRecord>> bucket : buckets.entrySet()) {
            final List<TradeRecord> ts = bucket.getValue();
            long high = Long.MIN_VALUE;
            long low = Long.MAX_VALUE;
            long volume = 0;
            long quote = 0;
            long buyBase = 0;
            long buyQuote = 0;
            for (final TradeRecord t : ts) {
                high = Math.max(high, t.price());
                low = Math.min(low, t.price());
                volume += t.quantity();
                quote += t.quoteQty();
                if (t.takerSide() == Side.BUY) {
                    buyBase += t.quantity();
                    buyQuote += t.quoteQty();
                }
            }
            klines.add(new KlineRecord(bucket.getKey(), ts.get(0).price(), high, low, ts.get(ts.size() - 1).price(), volume,
                interval.closeTime(bucket.getKey()), quote, ts.size(), buyBase, buyQuote));
        }
        return klines;
    }

    /** The 24-hour ticker by scanning every trade. */
    TickerRecord ticker(final long now) {
        final long start = now - 86_400_000L;
        final List<TradeRecord> in = trades.stream().filter(t -> t.timeMillis() >= start && t.timeMillis() <= now).toList();
        final long prevClose = trades.stream().filter(t -> t.timeMillis() < start).reduce((a, b) -> b).map(TradeRecord::price).orElse(0L);
        if (in.isEmpty()) {
            return new TickerRecord(0, 0, 0, 0, 0, 0, 0, start, now, -1, -1, 0, prevClose);
        }
        final TradeRecord first = in.get(0);
        final TradeRecord last = in.get(in.size() - 1);
        return new TickerRecord(first.price(), in.stream().mapToLong(TradeRecord::price).max().orElseThrow(),
            in.stream().mapToLong(TradeRecord::price).min().orElseThrow(), last.price(), last.quantity(),
            in.stream().mapToLong(TradeRecord::quantity).sum(), in.stream().mapToLong(TradeRecord::quoteQty).sum(), start, now,
            first.tradeId(), last.tradeId(), in.size(), prevClose);
    }
}
