package io.bourse.gateway.ws;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.bourse.marketdata.KlineInterval;
import io.bourse.marketdata.SymbolFormat;

/**
 * Every stream topic of one symbol, grouped as the publisher fills them: names that carry the same payload (e.g.
 * {@code @depth} and {@code @depth@1000ms}) share one encoding. Immutable once built; safe on any thread.
 */
final class SymbolTopics {
    /** The partial book sizes, in the order of {@link #partial100} and {@link #partial1000}. */
    static final int[] LEVELS = {5, 10, 20};

    final int symbolId;
    /** As the engine has it, e.g. BTCUSDT. */
    final String symbol;
    final SymbolFormat format;
    final Topic trade;
    final Topic aggTrade;
    final Topic bookTicker;
    final Topic ticker;
    final Topic miniTicker;
    /** {@code @depth@100ms}. */
    final Topic[] diff100;
    /** {@code @depth} and {@code @depth@1000ms}. */
    final Topic[] diff1000;
    /** Per {@link #LEVELS}: {@code @depthN@100ms}. */
    final Topic[][] partial100;
    /** Per {@link #LEVELS}: {@code @depthN} and {@code @depthN@1000ms}. */
    final Topic[][] partial1000;
    /** Per {@link KlineInterval} ordinal. */
    final Topic[] klines;
    final List<Topic> all = new ArrayList<>();

    SymbolTopics(final int symbolId, final String symbol, final SymbolFormat format) {
        this.symbolId = symbolId;
        this.symbol = symbol;
        this.format = format;
        final String s = symbol.toLowerCase(Locale.ROOT);
        trade = topic(s + "@trade");
        aggTrade = topic(s + "@aggTrade");
        bookTicker = topic(s + "@bookTicker");
        ticker = topic(s + "@ticker");
        miniTicker = topic(s + "@miniTicker");
        diff100 = new Topic[] {topic(s + "@depth@100ms")};
        diff1000 = new Topic[] {topic(s + "@depth"), topic(s + "@depth@1000ms")};
        partial100 = new Topic[LEVELS.length][];
        partial1000 = new Topic[LEVELS.length][];
        for (int i = 0; i < LEVELS.length; i++) {
            partial100[i] = new Topic[] {topic(s + "@depth" + LEVELS[i] + "@100ms")};
            partial1000[i] = new Topic[] {topic(s + "@depth" + LEVELS[i]), topic(s + "@depth" + LEVELS[i] + "@1000ms")};
        }
        final KlineInterval[] intervals = KlineInterval.values();
        klines = new Topic[intervals.length];
        for (final KlineInterval interval : intervals) {
            klines[interval.ordinal()] = topic(s + "@kline_" + interval.code());
        }
    }

    private Topic topic(final String name) {
        final StreamName stream = StreamName.parse(name);
        if (stream == null) {
            throw new IllegalStateException("not a stream name: " + name);
        }
        final Topic topic = new Topic(stream, symbolId);
        all.add(topic);
        return topic;
    }

    /** Whether any of these topics has a subscriber. */
    static boolean anySubscriber(final Topic[] topics) {
        for (final Topic t : topics) {
            if (t.subscribers() > 0) {
                return true;
            }
        }
        return false;
    }
}
