package io.bourse.gateway;

import io.bourse.engine.OpenOrder;
import io.bourse.engine.OrderStatus;
import io.bourse.engine.OrderType;
import io.bourse.engine.Side;
import io.bourse.engine.StpMode;
import io.bourse.engine.TimeInForce;
import io.bourse.history.OrderRecord;

/**
 * An order as the API shows it, whichever source it came from (the engine's open orders, the history, or a command's
 * events), with the writers for Binance's order shapes. Raw units; times in epoch millis.
 *
 * @param market             the symbol
 * @param orderId            engine id
 * @param clientOrderId      client id (may be null)
 * @param price              limit price
 * @param origQty            original quantity
 * @param executedQty        filled quantity
 * @param cumulativeQuoteQty quote traded
 * @param status             status
 * @param timeInForce        null where the type takes none
 * @param type               type
 * @param side               side
 * @param stopPrice          stop price
 * @param timeMillis         acceptance time
 * @param updateTimeMillis   last change
 * @param workingTimeMillis  when it began working, -1 while a conditional order waits
 * @param origQuoteOrderQty  quote quantity of a MARKET order by quote
 * @param stpMode            self-trade prevention mode
 */
public record OrderView(Catalog.Market market, long orderId, String clientOrderId, long price, long origQty, long executedQty,
    long cumulativeQuoteQty, OrderStatus status, TimeInForce timeInForce, OrderType type, Side side, long stopPrice, long timeMillis,
    long updateTimeMillis, long workingTimeMillis, long origQuoteOrderQty, StpMode stpMode) {

    /** From the history. */
    public static OrderView of(final Catalog.Market market, final OrderRecord o) {
        return new OrderView(market, o.orderId(), o.clientOrderId(), o.price(), o.origQty(), o.executedQty(), o.cumulativeQuoteQty(), o.status(),
            o.timeInForce(), o.type(), o.side(), o.stopPrice(), o.timeMillis(), o.updateTimeMillis(), o.workingTimeMillis(), o.origQuoteOrderQty(),
            o.stpMode());
    }

    /** From the engine's open orders and what the gateway remembers of them. */
    public static OrderView of(final Catalog.Market market, final OpenOrder o, final OpenOrderDetails.Details details) {
        final long accepted = o.acceptedNanos() / 1_000_000;
        final long working = details != null ? (details.workingTimeNanos() < 0 ? -1 : details.workingTimeNanos() / 1_000_000)
            : (o.type().isConditional() ? -1 : accepted);
        final StpMode stp = details != null ? details.stpMode() : market.spec().defaultStpMode();
        return new OrderView(market, o.orderId(), o.clientOrderId(), o.price(), o.origQty(), o.executedQty(), o.cumulativeQuoteQty(), o.status(),
            o.timeInForce(), o.type(), o.side(), o.stopPrice(), accepted, accepted, working, 0, stp);
    }

    /** From remembered details and the final figures of a close. */
    public static OrderView of(final Catalog.Market market, final OpenOrderDetails.Details d, final long executedQty, final long cumulativeQuote,
        final OrderStatus status, final long updateMillis) {
        return new OrderView(market, d.orderId(), d.clientOrderId(), d.price(), d.quantity(), executedQty, cumulativeQuote, status, d.timeInForce(),
            d.type(), d.side(), d.stopPrice(), d.timeNanos() / 1_000_000, updateMillis,
            d.workingTimeNanos() < 0 ? -1 : d.workingTimeNanos() / 1_000_000, d.quoteOrderQty(), d.stpMode());
    }

    private int quoteScale() {
        return market.quote().scale();
    }

    private int baseScale() {
        return market.base().scale();
    }

    /** Binance reports GTC for types without a time in force. */
    private String tif() {
        return timeInForce == null ? "GTC" : timeInForce.name();
    }

    /** The shape of GET order, openOrders and allOrders. */
    public Json writeQuery(final Json json) {
        json.beginObject().field("symbol", market.name()).field("orderId", orderId).field("orderListId", -1).field("clientOrderId", clientOrderId)
            .decimal("price", price, quoteScale()).decimal("origQty", origQty, baseScale()).decimal("executedQty", executedQty, baseScale())
            .decimal("cummulativeQuoteQty", cumulativeQuoteQty, quoteScale()).field("status", status.name()).field("timeInForce", tif())
            .field("type", type.name()).field("side", side.name()).decimal("stopPrice", stopPrice, quoteScale())
            .decimal("icebergQty", 0, baseScale()).field("time", timeMillis).field("updateTime", updateTimeMillis)
            .field("isWorking", workingTimeMillis >= 0).field("workingTime", workingTimeMillis)
            .decimal("origQuoteOrderQty", origQuoteOrderQty, quoteScale()).field("selfTradePreventionMode", stpMode.name());
        return json.endObject();
    }

    /** The shape of a canceled order (DELETE order, DELETE openOrders, cancelReplace's cancelResponse). */
    public Json writeCanceled(final Json json, final String cancelClientOrderId, final long transactTime) {
        json.beginObject().field("symbol", market.name()).field("origClientOrderId", clientOrderId).field("orderId", orderId)
            .field("orderListId", -1).field("clientOrderId", cancelClientOrderId).field("transactTime", transactTime)
            .decimal("price", price, quoteScale()).decimal("origQty", origQty, baseScale()).decimal("executedQty", executedQty, baseScale())
            .decimal("origQuoteOrderQty", origQuoteOrderQty, quoteScale()).decimal("cummulativeQuoteQty", cumulativeQuoteQty, quoteScale())
            .field("status", status.name()).field("timeInForce", tif()).field("type", type.name()).field("side", side.name());
        if (type.isConditional()) {
            json.decimal("stopPrice", stopPrice, quoteScale());
        }
        return json.field("selfTradePreventionMode", stpMode.name()).endObject();
    }

    /** The ACK fields of a new order, without closing the object. */
    public Json writeAckFields(final Json json, final long transactTime) {
        return json.field("symbol", market.name()).field("orderId", orderId).field("orderListId", -1).field("clientOrderId", clientOrderId)
            .field("transactTime", transactTime);
    }

    /** The RESULT fields of a new order (after the ACK fields), without closing the object. */
    public Json writeResultFields(final Json json) {
        json.decimal("price", price, quoteScale()).decimal("origQty", origQty, baseScale()).decimal("executedQty", executedQty, baseScale())
            .decimal("origQuoteOrderQty", origQuoteOrderQty, quoteScale()).decimal("cummulativeQuoteQty", cumulativeQuoteQty, quoteScale())
            .field("status", status.name()).field("timeInForce", tif()).field("type", type.name()).field("side", side.name());
        if (type.isConditional()) {
            json.decimal("stopPrice", stopPrice, quoteScale());
        }
        return json.field("workingTime", workingTimeMillis).field("selfTradePreventionMode", stpMode.name());
    }
}
