package io.bourse.engine;

/** Self-trade prevention, decided by the taker's mode when it meets a maker of the same account. */
public enum StpMode {
    NONE,
    EXPIRE_TAKER,
    EXPIRE_MAKER,
    EXPIRE_BOTH
}
