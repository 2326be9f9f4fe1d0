package io.bourse.bench.engine;

import io.bourse.engine.Command;
import io.bourse.engine.EventSink;
import io.bourse.engine.OrderStatus;
import io.bourse.engine.OrderType;
import io.bourse.engine.RejectReason;
import io.bourse.engine.Side;
import io.bourse.engine.StpMode;
import io.bourse.engine.TimeInForce;

/**
 * The cheapest useful sink for the benchmark: it counts what the engine reports (so the JIT cannot drop the work, and
 * so the run can be checked against the generator's model) and keeps nothing else.
 */
public final class CountingSink implements EventSink {
    long accepted;
    long rejected;
    long trades;
    long tradedBase;
    long closed;
    long cancelRejected;
    long balanceChanges;
    long adminApplied;
    long commandRejected;
    long lastAcceptedId;

    /** Forgets every count. */
    public void reset() {
        accepted = 0;
        rejected = 0;
        trades = 0;
        tradedBase = 0;
        closed = 0;
        cancelRejected = 0;
        balanceChanges = 0;
        adminApplied = 0;
        commandRejected = 0;
        lastAcceptedId = 0;
    }

    public long trades() {
        return trades;
    }

    /** Traded quantity in base minor units. */
    public long tradedBase() {
        return tradedBase;
    }

    public long accepted() {
        return accepted;
    }

    /** Orders, cancels and admin commands refused. */
    public long refusals() {
        return rejected + cancelRejected + commandRejected;
    }

    @Override
    public void onOrderAccepted(
        final long seq, final long ts, final int symbolId, final long orderId, final long accountId, final String clientOrderId,
        final Side side, final OrderType type, final TimeInForce tif, final long price, final long quantity, final long quoteOrderQty,
        final long stopPrice, final StpMode stpMode) {
        accepted++;
        lastAcceptedId = orderId;
    }

    @Override
    public void onOrderRejected(
        final long seq, final long ts, final int symbolId, final long accountId, final String clientOrderId, final RejectReason reason) {
        rejected++;
    }

    @Override
    public void onOrderTriggered(final long seq, final long ts, final int symbolId, final long orderId, final long accountId) {
    }

    @Override
    public void onTrade(
        final long seq, final long ts, final int symbolId, final long tradeId, final long price, final long quantity, final long quoteQty,
        final Side takerSide, final long takerOrderId, final long takerAccountId, final long takerFee, final long makerOrderId,
        final long makerAccountId, final long makerFee) {
        trades++;
        tradedBase += quantity;
    }

    @Override
    public void onOrderClosed(
        final long seq, final long ts, final int symbolId, final long orderId, final long accountId, final OrderStatus status,
        final long executedQty, final long cumulativeQuoteQty) {
        closed++;
    }

    @Override
    public void onCancelRejected(
        final long seq, final long ts, final int symbolId, final long accountId, final long orderId, final String clientOrderId,
        final RejectReason reason) {
        cancelRejected++;
    }

    @Override
    public void onBalanceChanged(final long seq, final long ts, final long accountId, final int assetId, final long free, final long locked) {
        balanceChanges++;
    }

    @Override
    public void onBalanceAdjusted(final long seq, final long ts, final long accountId, final int assetId, final long amount,
                                  final String reference) {
    }

    @Override
    public void onAdminApplied(final long seq, final long ts, final Command command) {
        adminApplied++;
    }

    @Override
    public void onCommandRejected(final long seq, final long ts, final Command command, final RejectReason reason) {
        commandRejected++;
    }
}
