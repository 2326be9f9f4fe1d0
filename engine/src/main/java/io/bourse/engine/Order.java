package io.bourse.engine;

/**
 * An order inside the engine: the working state of one order from acceptance to close. Prices are in ticks and
 * quantities in steps of its symbol (the engine converts at its edges); money is in minor units. Owned by the
 * engine's thread; books link and unlink it but never change its money fields.
 */
public final class Order {
    long orderId;
    long accountId;
    Account account;
    Side side;
    OrderType type;
    TimeInForce timeInForce;
    StpMode stpMode;
    String clientOrderId;
    /** Limit price in ticks (0 for a market order). */
    long price;
    /** Stop price in ticks, for conditional orders. */
    long stopPrice;
    /** Original quantity in steps (0 for a MARKET order by quote quantity). */
    long quantity;
    /** Quantity still to fill, in steps; {@link Long#MAX_VALUE} for a MARKET order by quote quantity. */
    long remaining;
    /** Quote budget still to spend or receive, for MARKET orders by quote quantity, in quote minor units. */
    long quoteRemaining;
    long origQuoteOrderQty;
    long executedQty;
    long cumulativeQuote;
    /** What this order still holds locked: quote minor units for a buy, base minor units for a sell. */
    long locked;
    /** The highest fee rate this order can be charged, fixed when its hold was computed. */
    long maxFeePpm;
    long acceptedTimestamp;

    // Intrusive links, owned by the book the order rests in.
    Order prev;
    Order next;
    Object level;

    /**
     * A plain resting limit order, for driving a book on its own (benchmarks, book tests); the engine builds its
     * orders itself.
     */
    public static Order limit(final long orderId, final long accountId, final Side side, final long price, final long quantity) {
        return new Order().resetLimit(orderId, accountId, side, price, quantity);
    }

    /**
     * Makes this (no longer resting) order a fresh plain limit order, so that a caller driving a book on its own can
     * pool its orders as the engine does.
     */
    public Order resetLimit(final long orderId, final long accountId, final Side side, final long price, final long quantity) {
        clear();
        this.orderId = orderId;
        this.accountId = accountId;
        this.side = side;
        this.type = OrderType.LIMIT;
        this.timeInForce = TimeInForce.GTC;
        this.stpMode = StpMode.NONE;
        this.price = price;
        this.quantity = quantity;
        this.remaining = quantity;
        return this;
    }

    /** The engine-assigned id, unique and increasing per symbol. */
    public long orderId() {
        return orderId;
    }

    /** The owning account. */
    public long accountId() {
        return accountId;
    }

    /** BUY or SELL. */
    public Side side() {
        return side;
    }

    /** Limit price in ticks. */
    public long price() {
        return price;
    }

    /** Quantity still to fill, in steps. */
    public long remaining() {
        return remaining;
    }

    /** The taker's self-trade prevention mode. */
    public StpMode stpMode() {
        return stpMode;
    }

    /** Clears every field so that a pooled order carries nothing over. */
    void clear() {
        orderId = 0;
        accountId = 0;
        account = null;
        side = null;
        type = null;
        timeInForce = null;
        stpMode = null;
        clientOrderId = null;
        price = 0;
        stopPrice = 0;
        quantity = 0;
        remaining = 0;
        quoteRemaining = 0;
        origQuoteOrderQty = 0;
        executedQty = 0;
        cumulativeQuote = 0;
        locked = 0;
        maxFeePpm = 0;
        acceptedTimestamp = 0;
        prev = null;
        next = null;
        level = null;
    }

    @Override
    public String toString() {
        return "Order{id=" + orderId + ", account=" + accountId + ", " + side + " " + type + " " + remaining + "@" + price + "}";
    }
}
