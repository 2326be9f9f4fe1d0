package io.bourse.history;

import java.util.List;

import io.bourse.engine.Command;
import io.bourse.engine.Event;
import io.bourse.engine.EventCollector;
import io.bourse.engine.EventSink;
import io.bourse.engine.OrderStatus;
import io.bourse.engine.OrderType;
import io.bourse.engine.RejectReason;
import io.bourse.engine.Side;
import io.bourse.engine.StpMode;
import io.bourse.engine.TimeInForce;

/**
 * Turns a replay's stream of events back into one list per command (the events of one command share its sequence
 * number), handing each list on when the next command's first event arrives, and the last one on {@link #finish()}.
 */
final class SeqGroupingSink implements EventSink {

    /** Receives one command's events. */
    @FunctionalInterface
    interface Receiver {
        void accept(long seq, List<Event> events);
    }

    private final Receiver receiver;
    private final EventCollector collector = new EventCollector();
    private long seq = -1;
    private long lastSeq = -1;

    SeqGroupingSink(final Receiver receiver) {
        this.receiver = receiver;
    }

    /** Hands on the last command's events. */
    void finish() {
        if (seq >= 0 && !collector.events().isEmpty()) {
            receiver.accept(seq, collector.drain());
            lastSeq = seq;
        }
    }

    /** The sequence number of the last command handed on, or -1. */
    long lastSeq() {
        return lastSeq;
    }

    private void at(final long eventSeq) {
        if (eventSeq != seq) {
            finish();
            seq = eventSeq;
        }
    }

    @Override
    public void onOrderAccepted(
        final long seq, final long ts, final int symbolId, final long orderId, final long accountId, final String clientOrderId,
        final Side side, final OrderType type, final TimeInForce tif, final long price, final long quantity, final long quoteOrderQty,
        final long stopPrice, final StpMode stpMode) {
        at(seq);
        collector.onOrderAccepted(seq, ts, symbolId, orderId, accountId, clientOrderId, side, type, tif, price, quantity, quoteOrderQty,
            stopPrice, stpMode);
    }

    @Override
    public void onOrderRejected(
        final long seq, final long ts, final int symbolId, final long accountId, final String clientOrderId, final RejectReason reason) {
        at(seq);
        collector.onOrderRejected(seq, ts, symbolId, accountId, clientOrderId, reason);
    }

    @Override
    public void onOrderTriggered(final long seq, final long ts, final int symbolId, final long orderId, final long accountId) {
        at(seq);
        collector.onOrderTriggered(seq, ts, symbolId, orderId, accountId);
    }

    @Override
    public void onTrade(
        final long seq, final long ts, final int symbolId, final long tradeId, final long price, final long quantity, final long quoteQty,
        final Side takerSide, final long takerOrderId, final long takerAccountId, final long takerFee, final long makerOrderId,
        final long makerAccountId, final long makerFee) {
        at(seq);
        collector.onTrade(seq, ts, symbolId, tradeId, price, quantity, quoteQty, takerSide, takerOrderId, takerAccountId, takerFee,
            makerOrderId, makerAccountId, makerFee);
    }

    @Override
    public void onOrderClosed(
        final long seq, final long ts, final int symbolId, final long orderId, final long accountId, final OrderStatus status,
        final long executedQty, final long cumulativeQuoteQty) {
        at(seq);
        collector.onOrderClosed(seq, ts, symbolId, orderId, accountId, status, executedQty, cumulativeQuoteQty);
    }

    @Override
    public void onCancelRejected(
        final long seq, final long ts, final int symbolId, final long accountId, final long orderId, final String clientOrderId,
        final RejectReason reason) {
        at(seq);
        collector.onCancelRejected(seq, ts, symbolId, accountId, orderId, clientOrderId, reason);
    }

    @Override
    public void onBalanceChanged(final long seq, final long ts, final long accountId, final int assetId, final long free, final long locked) {
        at(seq);
        collector.onBalanceChanged(seq, ts, accountId, assetId, free, locked);
    }

    @Override
    public void onBalanceAdjusted(
        final long seq, final long ts, final long accountId, final int assetId, final long amount, final String reference) {
        at(seq);
        collector.onBalanceAdjusted(seq, ts, accountId, assetId, amount, reference);
    }

    @Override
    public void onAdminApplied(final long seq, final long ts, final Command command) {
        at(seq);
        collector.onAdminApplied(seq, ts, command);
    }

    @Override
    public void onCommandRejected(final long seq, final long ts, final Command command, final RejectReason reason) {
        at(seq);
        collector.onCommandRejected(seq, ts, command, reason);
    }
}
