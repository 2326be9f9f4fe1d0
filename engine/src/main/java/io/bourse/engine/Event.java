package io.bourse.engine;

/** The engine's events as values, one record per {@link EventSink} method; see there for their meaning. */
public sealed interface Event {

    /** Sequence number of the command that caused the event. */
    long seq();

    /** See {@link EventSink#onOrderAccepted}. */
    record OrderAccepted(
        long seq, long timestampNanos, int symbolId, long orderId, long accountId, String clientOrderId, Side side, OrderType type,
        TimeInForce timeInForce, long price, long quantity, long quoteOrderQty, long stopPrice, StpMode stpMode) implements Event {
    }

    /** See {@link EventSink#onOrderRejected}. */
    record OrderRejected(long seq, long timestampNanos, int symbolId, long accountId, String clientOrderId, RejectReason reason)
        implements Event {
    }

    /** See {@link EventSink#onOrderTriggered}. */
    record OrderTriggered(long seq, long timestampNanos, int symbolId, long orderId, long accountId) implements Event {
    }

    /** See {@link EventSink#onTrade}. */
    record Trade(
        long seq, long timestampNanos, int symbolId, long tradeId, long price, long quantity, long quoteQty, Side takerSide,
        long takerOrderId, long takerAccountId, long takerFee, long makerOrderId, long makerAccountId, long makerFee) implements Event {
    }

    /** See {@link EventSink#onOrderClosed}. */
    record OrderClosed(
        long seq, long timestampNanos, int symbolId, long orderId, long accountId, OrderStatus status, long executedQty,
        long cumulativeQuoteQty) implements Event {
    }

    /** See {@link EventSink#onCancelRejected}. */
    record CancelRejected(long seq, long timestampNanos, int symbolId, long accountId, long orderId, String clientOrderId,
        RejectReason reason) implements Event {
    }

    /** See {@link EventSink#onBalanceChanged}. */
    record BalanceChanged(long seq, long timestampNanos, long accountId, int assetId, long free, long locked) implements Event {
    }

    /** See {@link EventSink#onBalanceAdjusted}. */
    record BalanceAdjusted(long seq, long timestampNanos, long accountId, int assetId, long amount, String reference) implements Event {
    }

    /** See {@link EventSink#onAdminApplied}. */
    record AdminApplied(long seq, long timestampNanos, Command command) implements Event {
    }

    /** See {@link EventSink#onCommandRejected}. */
    record CommandRejected(long seq, long timestampNanos, Command command, RejectReason reason) implements Event {
    }
}
