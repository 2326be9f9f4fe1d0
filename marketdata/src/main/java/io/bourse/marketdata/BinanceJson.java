package io.bourse.marketdata;

import java.util.List;

/**
 * Writes market data updates as the payloads of Binance's WebSocket market streams, field for field as
 * {@code web-socket-streams.md} documents them: prices, quantities and amounts as strings with the asset's decimals,
 * ids and times as numbers, times in epoch milliseconds. The combined-stream wrapper
 * ({@code {"stream":..,"data":..}}) is the transport's. Stateless and thread-safe; each method appends to the caller's
 * builder (reuse one per thread to avoid allocating) and returns it.
 */
public final class BinanceJson {
    /** Decimals of {@code priceChangePercent}, as the REST ticker writes it. */
    private static final int PERCENT_SCALE = 3;
    private static final long PERCENT_FACTOR = 100 * 1_000L;

    private BinanceJson() {
    }

    /** Any update, by its kind. */
    public static StringBuilder append(final StringBuilder out, final MarketDataUpdate update, final SymbolFormat f) {
        return switch (update) {
            case DepthDiff u -> depthUpdate(out, u, f);
            case TradeUpdate u -> trade(out, u, f);
            case AggTradeUpdate u -> aggTrade(out, u, f);
            case KlineUpdate u -> kline(out, u, f);
            case TickerUpdate u -> ticker(out, u, f);
            case BookTickerUpdate u -> bookTicker(out, u, f);
        };
    }

    /** Any update as a new string (allocates; for tests and tools). */
    public static String toJson(final MarketDataUpdate update, final SymbolFormat f) {
        return append(new StringBuilder(256), update, f).toString();
    }

    /** {@code <symbol>@depth} and {@code <symbol>@depth@100ms}: {@code {e:"depthUpdate", E, s, U, u, b, a}}. */
    public static StringBuilder depthUpdate(final StringBuilder out, final DepthDiff d, final SymbolFormat f) {
        out.append("{\"e\":\"depthUpdate\",\"E\":").append(d.eventTimeMillis());
        symbol(out, d.symbol());
        out.append(",\"U\":").append(d.firstUpdateId()).append(",\"u\":").append(d.finalUpdateId()).append(",\"b\":");
        levels(out, d.bids(), f);
        out.append(",\"a\":");
        levels(out, d.asks(), f);
        return out.append('}');
    }

    /** {@code <symbol>@depth5|10|20[@100ms]} and the REST depth body: {@code {lastUpdateId, bids, asks}}. */
    public static StringBuilder partialDepth(final StringBuilder out, final DepthSnapshot s, final SymbolFormat f) {
        out.append("{\"lastUpdateId\":").append(s.lastUpdateId()).append(",\"bids\":");
        levels(out, s.bids(), f);
        out.append(",\"asks\":");
        levels(out, s.asks(), f);
        return out.append('}');
    }

    /** {@code <symbol>@trade}: {@code {e:"trade", E, s, t, p, q, T, m, M}}. */
    public static StringBuilder trade(final StringBuilder out, final TradeUpdate t, final SymbolFormat f) {
        out.append("{\"e\":\"trade\",\"E\":").append(t.eventTimeMillis());
        symbol(out, t.symbol());
        out.append(",\"t\":").append(t.tradeId());
        decimal(out, "p", t.price(), f.priceScale());
        decimal(out, "q", t.quantity(), f.quantityScale());
        return out.append(",\"T\":").append(t.tradeTimeMillis()).append(",\"m\":").append(t.buyerIsMaker()).append(",\"M\":true}");
    }

    /** {@code <symbol>@aggTrade}: {@code {e:"aggTrade", E, s, a, p, q, f, l, T, m, M}}. */
    public static StringBuilder aggTrade(final StringBuilder out, final AggTradeUpdate a, final SymbolFormat f) {
        out.append("{\"e\":\"aggTrade\",\"E\":").append(a.eventTimeMillis());
        symbol(out, a.symbol());
        out.append(",\"a\":").append(a.aggTradeId());
        decimal(out, "p", a.price(), f.priceScale());
        decimal(out, "q", a.quantity(), f.quantityScale());
        out.append(",\"f\":").append(a.firstTradeId()).append(",\"l\":").append(a.lastTradeId()).append(",\"T\":").append(a.tradeTimeMillis());
        return out.append(",\"m\":").append(a.buyerIsMaker()).append(",\"M\":true}");
    }

    /** {@code <symbol>@kline_<interval>}: {@code {e:"kline", E, s, k:{t, T, s, i, f, L, o, c, h, l, v, n, x, q, V, Q, B}}}. */
    public static StringBuilder kline(final StringBuilder out, final KlineUpdate k, final SymbolFormat f) {
        final int ps = f.priceScale();
        final int qs = f.quantityScale();
        out.append("{\"e\":\"kline\",\"E\":").append(k.eventTimeMillis());
        symbol(out, k.symbol());
        out.append(",\"k\":{\"t\":").append(k.openTimeMillis()).append(",\"T\":").append(k.closeTimeMillis());
        symbol(out, k.symbol());
        out.append(",\"i\":\"").append(k.interval().code()).append("\",\"f\":").append(k.firstTradeId()).append(",\"L\":").append(k.lastTradeId());
        decimal(out, "o", k.open(), ps);
        decimal(out, "c", k.close(), ps);
        decimal(out, "h", k.high(), ps);
        decimal(out, "l", k.low(), ps);
        decimal(out, "v", k.volume(), qs);
        out.append(",\"n\":").append(k.trades()).append(",\"x\":").append(k.closed());
        decimal(out, "q", k.quoteVolume(), ps);
        decimal(out, "V", k.takerBuyBaseVolume(), qs);
        decimal(out, "Q", k.takerBuyQuoteVolume(), ps);
        return out.append(",\"B\":\"0\"}}");
    }

    /**
     * {@code <symbol>@ticker}: {@code {e:"24hrTicker", E, s, p, P, w, x, c, Q, b, B, a, A, o, h, l, v, q, O, C, F, L, n}}.
     * {@code P} has three decimals and {@code w} (quote volume over base volume) the quote asset's, both rounded half
     * up, as the REST ticker has them.
     */
    public static StringBuilder ticker(final StringBuilder out, final TickerUpdate t, final SymbolFormat f) {
        final int ps = f.priceScale();
        final int qs = f.quantityScale();
        out.append("{\"e\":\"24hrTicker\",\"E\":").append(t.eventTimeMillis());
        symbol(out, t.symbol());
        decimal(out, "p", t.priceChange(), ps);
        out.append(",\"P\":\"");
        DecimalText.append(out, priceChangePercentThousandths(t), PERCENT_SCALE);
        out.append('"');
        decimal(out, "w", weightedAveragePrice(t, qs), ps);
        decimal(out, "x", t.prevClosePrice(), ps);
        decimal(out, "c", t.lastPrice(), ps);
        decimal(out, "Q", t.lastQuantity(), qs);
        decimal(out, "b", t.bestBidPrice(), ps);
        decimal(out, "B", t.bestBidQuantity(), qs);
        decimal(out, "a", t.bestAskPrice(), ps);
        decimal(out, "A", t.bestAskQuantity(), qs);
        decimal(out, "o", t.openPrice(), ps);
        decimal(out, "h", t.highPrice(), ps);
        decimal(out, "l", t.lowPrice(), ps);
        decimal(out, "v", t.volume(), qs);
        decimal(out, "q", t.quoteVolume(), ps);
        out.append(",\"O\":").append(t.openTimeMillis()).append(",\"C\":").append(t.closeTimeMillis()).append(",\"F\":").append(t.firstTradeId())
            .append(",\"L\":").append(t.lastTradeId()).append(",\"n\":").append(t.count());
        return out.append('}');
    }

    /** {@code <symbol>@miniTicker}: {@code {e:"24hrMiniTicker", E, s, c, o, h, l, v, q}}. */
    public static StringBuilder miniTicker(final StringBuilder out, final TickerUpdate t, final SymbolFormat f) {
        final int ps = f.priceScale();
        out.append("{\"e\":\"24hrMiniTicker\",\"E\":").append(t.eventTimeMillis());
        symbol(out, t.symbol());
        decimal(out, "c", t.lastPrice(), ps);
        decimal(out, "o", t.openPrice(), ps);
        decimal(out, "h", t.highPrice(), ps);
        decimal(out, "l", t.lowPrice(), ps);
        decimal(out, "v", t.volume(), f.quantityScale());
        decimal(out, "q", t.quoteVolume(), ps);
        return out.append('}');
    }

    /**
     * {@code !ticker@arr} (or, with {@code mini}, {@code !miniTicker@arr}): the given tickers as an array; {@code formats}
     * gives each one's format, in the same order.
     */
    public static StringBuilder tickerArray(final StringBuilder out, final List<TickerUpdate> tickers, final List<SymbolFormat> formats,
        final boolean mini) {
        out.append('[');
        for (int i = 0; i < tickers.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            if (mini) {
                miniTicker(out, tickers.get(i), formats.get(i));
            } else {
                ticker(out, tickers.get(i), formats.get(i));
            }
        }
        return out.append(']');
    }

    /** {@code <symbol>@bookTicker}: {@code {u, s, b, B, a, A}}. */
    public static StringBuilder bookTicker(final StringBuilder out, final BookTickerUpdate b, final SymbolFormat f) {
        out.append("{\"u\":").append(b.updateId());
        symbol(out, b.symbol());
        decimal(out, "b", b.bidPrice(), f.priceScale());
        decimal(out, "B", b.bidQuantity(), f.quantityScale());
        decimal(out, "a", b.askPrice(), f.priceScale());
        decimal(out, "A", b.askQuantity(), f.quantityScale());
        return out.append('}');
    }

    /** {@code P} in thousandths of a percent: {@code 100 * (last - open) / open}, rounded half up; 0 without an open price. */
    public static long priceChangePercentThousandths(final TickerUpdate t) {
        return t.openPrice() == 0 ? 0 : DecimalText.mulDivHalfUp(t.priceChange(), PERCENT_FACTOR, t.openPrice());
    }

    /** {@code w} in raw price units: quote volume over base volume, rounded half up; 0 without volume. */
    public static long weightedAveragePrice(final TickerUpdate t, final int quantityScale) {
        return t.volume() == 0 ? 0 : DecimalText.mulDivHalfUp(t.quoteVolume(), DecimalText.pow10(quantityScale), t.volume());
    }

    private static void symbol(final StringBuilder out, final String symbol) {
        out.append(",\"s\":");
        quote(out, symbol);
    }

    /** Appends {@code s} as a JSON string: quotes, backslashes and control characters escaped. */
    public static StringBuilder quote(final StringBuilder out, final String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"');
    }

    private static void decimal(final StringBuilder out, final String name, final long units, final int scale) {
        out.append(",\"").append(name).append("\":\"");
        DecimalText.append(out, units, scale);
        out.append('"');
    }

    private static void levels(final StringBuilder out, final PriceLevels levels, final SymbolFormat f) {
        out.append('[');
        for (int i = 0, n = levels.size(); i < n; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append("[\"");
            DecimalText.append(out, levels.price(i), f.priceScale());
            out.append("\",\"");
            DecimalText.append(out, levels.quantity(i), f.quantityScale());
            out.append("\"]");
        }
        out.append(']');
    }
}
