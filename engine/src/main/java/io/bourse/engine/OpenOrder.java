package io.bourse.engine;

/**
 * A read-only copy of an open order, in raw units (prices in quote minor units per whole base unit, quantities in
 * base minor units), for queries, tools and the gateway.
 *
 * @param symbolId           the symbol
 * @param orderId            the engine's id
 * @param accountId          the owner
 * @param clientOrderId      the client's id, or null
 * @param side               BUY or SELL
 * @param type               the order type
 * @param timeInForce        null where the type takes none
 * @param price              limit price, 0 for market types
 * @param stopPrice          stop price, 0 unless conditional
 * @param origQty            original quantity
 * @param executedQty        filled so far
 * @param cumulativeQuoteQty quote traded so far
 * @param locked             what the order holds (quote for a buy, base for a sell)
 * @param status             NEW or PARTIALLY_FILLED
 * @param acceptedNanos      command time at acceptance
 * @param stpMode            the order's self-trade prevention mode
 * @param working            false while a conditional order waits for its trigger, true once it rests in the book
 */
public record OpenOrder(
    int symbolId, long orderId, long accountId, String clientOrderId, Side side, OrderType type, TimeInForce timeInForce, long price,
    long stopPrice, long origQty, long executedQty, long cumulativeQuoteQty, long locked, OrderStatus status, long acceptedNanos,
    StpMode stpMode, boolean working) {
}
