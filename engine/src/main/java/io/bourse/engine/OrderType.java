package io.bourse.engine;

/** Order types, named as Binance names them. */
public enum OrderType {
    LIMIT,
    MARKET,
    STOP_LOSS,
    STOP_LOSS_LIMIT,
    TAKE_PROFIT,
    TAKE_PROFIT_LIMIT,
    LIMIT_MAKER;

    /** Whether the order carries a limit price. */
    public boolean hasPrice() {
        return this == LIMIT || this == STOP_LOSS_LIMIT || this == TAKE_PROFIT_LIMIT || this == LIMIT_MAKER;
    }

    /** Whether the order waits for a trigger on the last trade price before it works. */
    public boolean isConditional() {
        return this == STOP_LOSS || this == STOP_LOSS_LIMIT || this == TAKE_PROFIT || this == TAKE_PROFIT_LIMIT;
    }

    /** Whether the order takes time in force (the limit types other than LIMIT_MAKER). */
    public boolean takesTimeInForce() {
        return this == LIMIT || this == STOP_LOSS_LIMIT || this == TAKE_PROFIT_LIMIT;
    }
}
