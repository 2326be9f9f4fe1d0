package io.bourse.engine;

/** An {@link EventSink} that ignores every event: for replays whose events were already delivered. */
public final class DiscardingEventSink implements EventSink {
    /** The one instance; it has no state. */
    public static final DiscardingEventSink INSTANCE = new DiscardingEventSink();

    private DiscardingEventSink() {
    }

    @Override
    public void onOrderAccepted(
        final long seq, final long ts, final int symbolId, final long orderId, final long accountId, final String clientOrderId,
        final Side side, final OrderType type, final TimeInForce tif, final long price, final long quantity, final long quoteOrderQty,
        final long stopPrice, final StpMode stpMode) {
    }

    @Override
    public void onOrderRejected(
        final long seq, final long ts, final int symbolId, final long accountId, final String clientOrderId, final RejectReason reason) {
    }

    @Override
    public void onOrderTriggered(final long seq, final long ts, final int symbolId, final long orderId, final long accountId) {
    }

    @Override
    public void onTrade(
        final long seq, final long ts, final int symbolId, final long tradeId, final long price, final long quantity, final long quoteQty,
        final Side takerSide, final long takerOrderId, final long takerAccountId, final long takerFee, final long makerOrderId,
        final long makerAccountId, final long makerFee) {
    }

    @Override
    public void onOrderClosed(
        final long seq, final long ts, final int symbolId, final long orderId, final long accountId, final OrderStatus status,
        final long executedQty, final long cumulativeQuoteQty) {
    }

    @Override
    public void onCancelRejected(
        final long seq, final long ts, final int symbolId, final long accountId, final long orderId, final String clientOrderId,
        final RejectReason reason) {
    }

    @Override
    public void onBalanceChanged(final long seq, final long ts, final long accountId, final int assetId, final long free, final long locked) {
    }

    @Override
    public void onBalanceAdjusted(
        final long seq, final long ts, final long accountId, final int assetId, final long amount, final String reference) {
    }

    @Override
    public void onAdminApplied(final long seq, final long ts, final Command command) {
    }

    @Override
    public void onCommandRejected(final long seq, final long ts, final Command command, final RejectReason reason) {
    }
}
