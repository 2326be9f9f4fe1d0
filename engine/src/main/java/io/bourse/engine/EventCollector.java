package io.bourse.engine;

import java.util.ArrayList;
import java.util.List;

/** An {@link EventSink} that keeps every event as an {@link Event} value, for tests and for code off the hot path. */
public final class EventCollector implements EventSink {

    private final List<Event> events = new ArrayList<>();

    /** The events so far, in order (a live view). */
    public List<Event> events() {
        return events;
    }

    /** Returns the events so far and forgets them. */
    public List<Event> drain() {
        final List<Event> copy = List.copyOf(events);
        events.clear();
        return copy;
    }

    @Override
    public void onOrderAccepted(
        final long seq, final long ts, final int symbolId, final long orderId, final long accountId, final String clientOrderId,
        final Side side, final OrderType type, final TimeInForce tif, final long price, final long quantity, final long quoteOrderQty,
        final long stopPrice, final StpMode stpMode) {
        events.add(new Event.OrderAccepted(seq, ts, symbolId, orderId, accountId, clientOrderId, side, type, tif, price, quantity,
            quoteOrderQty, stopPrice, stpMode));
    }

    @Override
    public void onOrderRejected(
        final long seq, final long ts, final int symbolId, final long accountId, final String clientOrderId, final RejectReason reason) {
        events.add(new Event.OrderRejected(seq, ts, symbolId, accountId, clientOrderId, reason));
    }

    @Override
    public void onOrderTriggered(final long seq, final long ts, final int symbolId, final long orderId, final long accountId) {
        events.add(new Event.OrderTriggered(seq, ts, symbolId, orderId, accountId));
    }

    @Override
    public void onTrade(
        final long seq, final long ts, final int symbolId, final long tradeId, final long price, final long quantity, final long quoteQty,
        final Side takerSide, final long takerOrderId, final long takerAccountId, final long takerFee, final long makerOrderId,
        final long makerAccountId, final long makerFee) {
        events.add(new Event.Trade(seq, ts, symbolId, tradeId, price, quantity, quoteQty, takerSide, takerOrderId, takerAccountId,
            takerFee, makerOrderId, makerAccountId, makerFee));
    }

    @Override
    public void onOrderClosed(
        final long seq, final long ts, final int symbolId, final long orderId, final long accountId, final OrderStatus status,
        final long executedQty, final long cumulativeQuoteQty) {
        events.add(new Event.OrderClosed(seq, ts, symbolId, orderId, accountId, status, executedQty, cumulativeQuoteQty));
    }

    @Override
    public void onCancelRejected(
        final long seq, final long ts, final int symbolId, final long accountId, final long orderId, final String clientOrderId,
        final RejectReason reason) {
        events.add(new Event.CancelRejected(seq, ts, symbolId, accountId, orderId, clientOrderId, reason));
    }

    @Override
    public void onBalanceChanged(final long seq, final long ts, final long accountId, final int assetId, final long free, final long locked) {
        events.add(new Event.BalanceChanged(seq, ts, accountId, assetId, free, locked));
    }

    @Override
    public void onBalanceAdjusted(
        final long seq, final long ts, final long accountId, final int assetId, final long amount, final String reference) {
        events.add(new Event.BalanceAdjusted(seq, ts, accountId, assetId, amount, reference));
    }

    @Override
    public void onAdminApplied(final long seq, final long ts, final Command command) {
        events.add(new Event.AdminApplied(seq, ts, command));
    }

    @Override
    public void onCommandRejected(final long seq, final long ts, final Command command, final RejectReason reason) {
        events.add(new Event.CommandRejected(seq, ts, command, reason));
    }
}
