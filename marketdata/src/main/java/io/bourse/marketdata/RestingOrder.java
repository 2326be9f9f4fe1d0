package io.bourse.marketdata;

/**
 * What the projector knows of one order that rests or may rest: its side, price and remaining quantity. Pooled and
 * reused; owned by the projector's thread.
 */
final class RestingOrder {
    /** A conditional limit order (STOP_LOSS_LIMIT or TAKE_PROFIT_LIMIT, GTC) waiting for its trigger: not in the book. */
    static final byte CONDITIONAL = 0;
    /** Accepted or triggered in the current command: it joins the book at the end of the command unless it closes. */
    static final byte PENDING = 1;
    /** In the book: its remaining quantity is part of its level. */
    static final byte RESTING = 2;
    /** Closed while pending; dropped at the end of the command. */
    static final byte CLOSED = 3;

    long orderId;
    boolean bid;
    long price;
    long remaining;
    byte state;

    RestingOrder set(final long orderId, final boolean bid, final long price, final long remaining, final byte state) {
        this.orderId = orderId;
        this.bid = bid;
        this.price = price;
        this.remaining = remaining;
        this.state = state;
        return this;
    }
}
