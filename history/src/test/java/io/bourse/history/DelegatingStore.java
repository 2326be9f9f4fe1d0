package io.bourse.history;

import java.util.List;
import java.util.Optional;

import io.bourse.engine.Event;
import io.bourse.marketdata.KlineInterval;

/** A store that passes everything to another; tests override what they want to slow down or break. */
class DelegatingStore implements HistoryStore {
    final HistoryStore delegate;

    DelegatingStore(final HistoryStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void apply(final long seq, final List<Event> events) {
        delegate.apply(seq, events);
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    @Override
    public long lastProjectedSeq() {
        return delegate.lastProjectedSeq();
    }

    @Override
    public Optional<OrderRecord> order(final int symbolId, final long accountId, final long orderId, final String clientOrderId) {
        return delegate.order(symbolId, accountId, orderId, clientOrderId);
    }

    @Override
    public List<OrderRecord> allOrders(
        final int symbolId, final long accountId, final Long fromOrderId, final Long startTimeMillis, final Long endTimeMillis,
        final int limit) {
        return delegate.allOrders(symbolId, accountId, fromOrderId, startTimeMillis, endTimeMillis, limit);
    }

    @Override
    public List<TradeRecord> myTrades(
        final int symbolId, final long accountId, final Long orderId, final Long fromTradeId, final Long startTimeMillis,
        final Long endTimeMillis, final int limit) {
        return delegate.myTrades(symbolId, accountId, orderId, fromTradeId, startTimeMillis, endTimeMillis, limit);
    }

    @Override
    public List<TradeRecord> trades(final int symbolId, final Long fromTradeId, final int limit) {
        return delegate.trades(symbolId, fromTradeId, limit);
    }

    @Override
    public List<AggTradeRecord> aggTrades(
        final int symbolId, final Long fromAggId, final Long startTimeMillis, final Long endTimeMillis, final int limit) {
        return delegate.aggTrades(symbolId, fromAggId, startTimeMillis, endTimeMillis, limit);
    }

    @Override
    public List<KlineRecord> klines(
        final int symbolId, final KlineInterval interval, final Long startTimeMillis, final Long endTimeMillis, final int limit) {
        return delegate.klines(symbolId, interval, startTimeMillis, endTimeMillis, limit);
    }

    @Override
    public TickerRecord ticker24h(final int symbolId, final long nowMillis) {
        return delegate.ticker24h(symbolId, nowMillis);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
