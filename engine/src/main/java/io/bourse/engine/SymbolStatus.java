package io.bourse.engine;

/** Trading status of a symbol: only TRADING accepts new orders; cancels are always accepted. */
public enum SymbolStatus {
    TRADING,
    HALT,
    BREAK
}
