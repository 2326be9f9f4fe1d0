package io.bourse.gateway.ws;

import io.bourse.marketdata.KlineInterval;

/**
 * A parsed market stream name, as Binance names them: {@code <symbol>@trade}, {@code @aggTrade}, {@code @bookTicker},
 * {@code @ticker}, {@code @miniTicker}, {@code @kline_<interval>}, {@code @depth} / {@code @depth@100ms} /
 * {@code @depth@1000ms} (diff depth), {@code @depth5|10|20} with the same speeds (partial book), and the all-market
 * {@code !ticker@arr} and {@code !miniTicker@arr}. The stream part is case-sensitive as Binance's ({@code aggTrade},
 * {@code kline_1M} is a month and {@code kline_1m} a minute). Immutable.
 *
 * <h2>Unknown and invalid names (what Binance does)</h2>
 * A name that does not have one of these shapes is <em>invalid</em>: a live {@code SUBSCRIBE} to it is refused with
 * {@code {"error":{"code":2,"msg":"Invalid request: invalid stream"}}}, as Binance answers. A well-formed name whose
 * symbol is not listed (or is not in lowercase: Binance's stream symbols are lowercase, and an uppercase one matches
 * nothing) is accepted and stays silent, as Binance accepts and never feeds {@code xrpxrp@miniTicker}.
 *
 * @param name       the name as the client wrote it
 * @param kind       what it streams
 * @param symbol     the symbol part as written (null for the all-market streams)
 * @param levels     5, 10 or 20 for a partial book, else 0
 * @param speedMillis 100 or 1000 for depth streams, else 0
 * @param interval   the kline interval, else null
 */
public record StreamName(String name, Kind kind, String symbol, int levels, int speedMillis, KlineInterval interval) {
    /** The longest symbol part accepted. */
    public static final int MAX_SYMBOL_LENGTH = 32;

    /** The kinds of market stream. */
    public enum Kind {
        TRADE,
        AGG_TRADE,
        DEPTH_DIFF,
        PARTIAL_DEPTH,
        BOOK_TICKER,
        KLINE,
        TICKER,
        MINI_TICKER,
        ALL_TICKERS,
        ALL_MINI_TICKERS
    }

    /** The all-market ticker array's name. */
    public static final String ALL_TICKERS = "!ticker@arr";
    /** The all-market mini ticker array's name. */
    public static final String ALL_MINI_TICKERS = "!miniTicker@arr";

    /** The stream a name stands for, or null if the name is invalid. */
    public static StreamName parse(final String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_SYMBOL_LENGTH + 24) {
            return null;
        }
        if (name.equals(ALL_TICKERS)) {
            return new StreamName(name, Kind.ALL_TICKERS, null, 0, 0, null);
        }
        if (name.equals(ALL_MINI_TICKERS)) {
            return new StreamName(name, Kind.ALL_MINI_TICKERS, null, 0, 0, null);
        }
        final int at = name.indexOf('@');
        if (at <= 0 || at > MAX_SYMBOL_LENGTH || !alphanumeric(name, at)) {
            return null;
        }
        final String symbol = name.substring(0, at);
        final String stream = name.substring(at + 1);
        switch (stream) {
            case "trade":
                return new StreamName(name, Kind.TRADE, symbol, 0, 0, null);
            case "aggTrade":
                return new StreamName(name, Kind.AGG_TRADE, symbol, 0, 0, null);
            case "bookTicker":
                return new StreamName(name, Kind.BOOK_TICKER, symbol, 0, 0, null);
            case "ticker":
                return new StreamName(name, Kind.TICKER, symbol, 0, 0, null);
            case "miniTicker":
                return new StreamName(name, Kind.MINI_TICKER, symbol, 0, 0, null);
            default:
                break;
        }
        if (stream.startsWith("kline_")) {
            final KlineInterval interval = KlineInterval.of(stream.substring("kline_".length()));
            return interval == null ? null : new StreamName(name, Kind.KLINE, symbol, 0, 0, interval);
        }
        if (!stream.startsWith("depth")) {
            return null;
        }
        String rest = stream.substring("depth".length());
        int speed = 1000;
        if (rest.endsWith("@100ms")) {
            speed = 100;
            rest = rest.substring(0, rest.length() - "@100ms".length());
        } else if (rest.endsWith("@1000ms")) {
            rest = rest.substring(0, rest.length() - "@1000ms".length());
        }
        return switch (rest) {
            case "" -> new StreamName(name, Kind.DEPTH_DIFF, symbol, 0, speed, null);
            case "5", "10", "20" -> new StreamName(name, Kind.PARTIAL_DEPTH, symbol, Integer.parseInt(rest), speed, null);
            default -> null;
        };
    }

    private static boolean alphanumeric(final String text, final int end) {
        for (int i = 0; i < end; i++) {
            final char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    /** Whether this is an all-market stream. */
    public boolean allMarket() {
        return symbol == null;
    }
}
