package io.bourse.gateway.ws;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.IntFunction;

import io.bourse.marketdata.SymbolFormat;

/**
 * Every stream topic, by name and by symbol. A symbol's topics are built the first time anyone asks for them (a
 * subscription on an event loop, or an update on the publisher), from the symbol's name and format as {@code markets}
 * tells them; names of unlisted symbols never get a topic, so a client cannot make the registry grow.
 *
 * <h2>Threads</h2>
 * Safe on any thread: lookups read a concurrent map or a copy-on-write array; building a symbol's topics is
 * synchronized and happens once per symbol.
 */
final class StreamRegistry {
    /**
     * What the registry needs to know of a listed symbol.
     *
     * @param symbolId the engine's id
     * @param symbol   the engine's name, e.g. BTCUSDT
     * @param format   how its numbers are written
     */
    record Market(int symbolId, String symbol, SymbolFormat format) {
    }

    /** Listed symbols by name and id. */
    interface Markets {
        /** The market of a symbol as the engine names it, or null. */
        Market byName(String symbol);

        /** The market of a symbol id, or null. */
        Market byId(int symbolId);
    }

    private final Markets markets;
    private final Map<String, Topic> byName = new ConcurrentHashMap<>();
    private volatile SymbolTopics[] bySymbol = new SymbolTopics[0];
    final Topic allTickers = new Topic(StreamName.parse(StreamName.ALL_TICKERS), -1);
    final Topic allMiniTickers = new Topic(StreamName.parse(StreamName.ALL_MINI_TICKERS), -1);

    StreamRegistry(final Markets markets) {
        this.markets = markets;
        byName.put(allTickers.name(), allTickers);
        byName.put(allMiniTickers.name(), allMiniTickers);
    }

    /** Markets from functions (for tests and wiring). */
    static Markets markets(final Function<String, Market> byName, final IntFunction<Market> byId) {
        return new Markets() {
            @Override
            public Market byName(final String symbol) {
                return byName.apply(symbol);
            }

            @Override
            public Market byId(final int symbolId) {
                return byId.apply(symbolId);
            }
        };
    }

    /** The topic of a valid stream name, or null when its symbol is not listed (or not written in lowercase). */
    Topic topic(final StreamName stream) {
        final Topic known = byName.get(stream.name());
        if (known != null || stream.allMarket()) {
            return known;
        }
        final String symbol = stream.symbol();
        if (!symbol.equals(symbol.toLowerCase(Locale.ROOT))) {
            return null;
        }
        final Market market = markets.byName(symbol.toUpperCase(Locale.ROOT));
        if (market == null || symbols(market.symbolId()) == null) {
            return null;
        }
        return byName.get(stream.name());
    }

    /** A listed symbol's topics (built on first use), or null if the symbol is not listed. */
    SymbolTopics symbols(final int symbolId) {
        final SymbolTopics[] known = bySymbol;
        if (symbolId >= 0 && symbolId < known.length && known[symbolId] != null) {
            return known[symbolId];
        }
        return build(symbolId);
    }

    private synchronized SymbolTopics build(final int symbolId) {
        SymbolTopics[] known = bySymbol;
        if (symbolId >= 0 && symbolId < known.length && known[symbolId] != null) {
            return known[symbolId];
        }
        final Market market = markets.byId(symbolId);
        if (market == null) {
            return null;
        }
        final SymbolTopics topics = new SymbolTopics(symbolId, market.symbol(), market.format());
        for (final Topic topic : topics.all) {
            byName.put(topic.name(), topic);
        }
        known = Arrays.copyOf(known, Math.max(known.length, symbolId + 1));
        known[symbolId] = topics;
        bySymbol = known;
        return topics;
    }

    /** The symbols whose topics exist, indexed by symbol id (entries may be null); do not modify. */
    SymbolTopics[] built() {
        return bySymbol;
    }
}
