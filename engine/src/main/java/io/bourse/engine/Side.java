package io.bourse.engine;

/** The side of an order. */
public enum Side {
    BUY,
    SELL;

    /** The side an order of this side trades against. */
    public Side opposite() {
        return this == BUY ? SELL : BUY;
    }
}
