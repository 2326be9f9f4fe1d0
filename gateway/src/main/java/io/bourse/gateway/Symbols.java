package io.bourse.gateway;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads the {@code symbol} and {@code symbols} parameters as Binance does. */
public final class Symbols {
    /** The legal range of a symbol name. */
    public static final String SYMBOL_RANGE = "^[A-Z0-9-_.]{1,20}$";
    /** The most symbols one {@code symbols} list may name. */
    public static final int MAX_SYMBOLS = 1000;

    private Symbols() {
    }

    /** The mandatory {@code symbol}: {@code -1102} missing, {@code -1100} malformed, {@code -1121} unknown. */
    public static Catalog.Market required(final Catalog catalog, final Params params) {
        return lookup(catalog, params.required("symbol"), "symbol");
    }

    /** The optional {@code symbol}, or null. */
    public static Catalog.Market optional(final Catalog catalog, final Params params) {
        final String name = params.optional("symbol");
        return name == null ? null : lookup(catalog, name, "symbol");
    }

    /** A symbol by name, checked. */
    public static Catalog.Market lookup(final Catalog catalog, final String name, final String param) {
        if (!legal(name)) {
            throw ApiError.illegalChars(param, SYMBOL_RANGE).exception();
        }
        final Catalog.Market market = catalog.market(name);
        if (market == null) {
            throw ApiError.invalidSymbol().exception();
        }
        return market;
    }

    /**
     * {@code symbol} or {@code symbols} (a JSON array of names, {@code ["BTCUSDT","ETHUSDT"]}), not both; null when
     * neither is sent (all symbols).
     */
    public static List<Catalog.Market> oneOrList(final Catalog catalog, final Params params) {
        final Catalog.Market one = optional(catalog, params);
        final String list = params.optional("symbols");
        if (one != null && list != null) {
            throw ApiError.badCombination().exception();
        }
        if (one != null) {
            return List.of(one);
        }
        if (list == null) {
            return null;
        }
        final List<Catalog.Market> markets = new ArrayList<>();
        for (final String name : parseList(list)) {
            markets.add(lookup(catalog, name, "symbols"));
        }
        return markets;
    }

    /** Parses {@code ["A","B"]} (whitespace allowed); {@code -1100} when malformed, {@code -1151} on a repeat. */
    static Set<String> parseList(final String text) {
        final String trimmed = text.trim();
        if (trimmed.length() < 2 || trimmed.charAt(0) != '[' || trimmed.charAt(trimmed.length() - 1) != ']') {
            throw ApiError.illegalChars("symbols", SYMBOL_RANGE).exception();
        }
        final String inner = trimmed.substring(1, trimmed.length() - 1).trim();
        if (inner.isEmpty()) {
            throw ApiError.mandatory("symbols").exception();
        }
        final Set<String> names = new LinkedHashSet<>();
        for (final String item : inner.split(",", -1)) {
            final String quoted = item.trim();
            if (quoted.length() < 3 || quoted.charAt(0) != '"' || quoted.charAt(quoted.length() - 1) != '"') {
                throw ApiError.illegalChars("symbols", SYMBOL_RANGE).exception();
            }
            final String name = quoted.substring(1, quoted.length() - 1);
            if (!legal(name)) {
                throw ApiError.illegalChars("symbols", SYMBOL_RANGE).exception();
            }
            if (!names.add(name)) {
                throw ApiError.duplicateSymbols().exception();
            }
            if (names.size() > MAX_SYMBOLS) {
                throw ApiError.tooManyParameters(400).exception();
            }
        }
        return names;
    }

    private static boolean legal(final String name) {
        if (name.isEmpty() || name.length() > 20) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            final char c = name.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')) {
                return false;
            }
        }
        return true;
    }
}
