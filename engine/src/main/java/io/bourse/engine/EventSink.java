package io.bourse.engine;

/**
 * Receives the engine's events, in the order the engine produces them, synchronously on the engine's thread. The
 * engine allocates nothing to emit an event; an implementation copies what it keeps (into a buffer, a journal, a
 * projection). Every event names the sequence number and timestamp of the command that caused it. {@link Event}
 * has one record per method, for tests and for code off the hot path.
 */
public interface EventSink {

    /** An order passed every check and got its id; it is NEW (resting, conditional, or about to match). */
    void onOrderAccepted(
        long seq, long timestampNanos, int symbolId, long orderId, long accountId, String clientOrderId, Side side, OrderType type,
        TimeInForce timeInForce, long price, long quantity, long quoteOrderQty, long stopPrice, StpMode stpMode);

    /** A new order was refused; nothing changed. */
    void onOrderRejected(long seq, long timestampNanos, int symbolId, long accountId, String clientOrderId, RejectReason reason);

    /** A conditional order's stop price was reached by the last trade price; it now works as its non-conditional type. */
    void onOrderTriggered(long seq, long timestampNanos, int symbolId, long orderId, long accountId);

    /**
     * A trade between a taker and a resting maker at the maker's price. Fees are in quote-asset minor units: the buyer
     * pays {@code quoteQty + buyer's fee}, the seller receives {@code quoteQty - seller's fee}.
     */
    void onTrade(
        long seq, long timestampNanos, int symbolId, long tradeId, long price, long quantity, long quoteQty, Side takerSide,
        long takerOrderId, long takerAccountId, long takerFee, long makerOrderId, long makerAccountId, long makerFee);

    /** An order left the book (or never entered it) for good: FILLED, CANCELED, EXPIRED or EXPIRED_IN_MATCH. */
    void onOrderClosed(
        long seq, long timestampNanos, int symbolId, long orderId, long accountId, OrderStatus status, long executedQty,
        long cumulativeQuoteQty);

    /** A cancel found nothing to cancel, or was refused. */
    void onCancelRejected(
        long seq, long timestampNanos, int symbolId, long accountId, long orderId, String clientOrderId, RejectReason reason);

    /** An account's balance of one asset changed; the new values. */
    void onBalanceChanged(long seq, long timestampNanos, long accountId, int assetId, long free, long locked);

    /** A deposit was credited ({@code amount} &gt; 0) or a withdrawal debited ({@code amount} &lt; 0). */
    void onBalanceAdjusted(long seq, long timestampNanos, long accountId, int assetId, long amount, String reference);

    /** An administrative command (asset, symbol, fee tier, account, freeze, status) took effect. */
    void onAdminApplied(long seq, long timestampNanos, Command command);

    /** An administrative or balance command was refused; nothing changed. */
    void onCommandRejected(long seq, long timestampNanos, Command command, RejectReason reason);
}
