package io.bourse.history;

import io.bourse.engine.OrderStatus;
import io.bourse.engine.OrderType;
import io.bourse.engine.Side;
import io.bourse.engine.StpMode;
import io.bourse.engine.TimeInForce;

/**
 * An order as the history knows it, in raw units, with Binance's fields.
 *
 * @param symbolId           symbol
 * @param orderId            engine id
 * @param accountId          owner
 * @param clientOrderId      client id (may be null)
 * @param side               side
 * @param type               type
 * @param timeInForce        null where the type takes none
 * @param price              limit price (0 for market types)
 * @param origQty            original quantity (0 for a quote-quantity market order)
 * @param executedQty        filled quantity
 * @param cumulativeQuoteQty quote traded
 * @param status             current status
 * @param stopPrice          stop price (0 unless conditional)
 * @param origQuoteOrderQty  the quote quantity of a MARKET order by quote (else 0)
 * @param timeMillis         acceptance time
 * @param updateTimeMillis   last change
 * @param workingTimeMillis  when it began working (acceptance, or trigger for conditional orders; -1 while waiting)
 * @param stpMode            self-trade prevention mode
 */
public record OrderRecord(
    int symbolId, long orderId, long accountId, String clientOrderId, Side side, OrderType type, TimeInForce timeInForce, long price,
    long origQty, long executedQty, long cumulativeQuoteQty, OrderStatus status, long stopPrice, long origQuoteOrderQty,
    long timeMillis, long updateTimeMillis, long workingTimeMillis, StpMode stpMode) {
}
