package io.bourse.engine;

/** How long an order stays working: good till canceled, immediate or cancel, fill or kill. */
public enum TimeInForce {
    GTC,
    IOC,
    FOK
}
