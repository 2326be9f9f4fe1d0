package io.bourse.engine;

/** Makes the order book of a new symbol; lets tests run the engine on the reference book. */
@FunctionalInterface
public interface BookFactory {

    /** A new, empty book for the symbol. */
    OrderBook create(SymbolSpec spec);
}
