package io.bourse.engine;

import java.util.List;

/** STUB: being written. */
public final class Engine {
    /** The largest outstanding supply of any asset; keeps every balance sum inside a long. */
    public static final long MAX_ASSET_SUPPLY = 1L << 62;
    /** The system account that collects fees. */
    public static final long FEE_ACCOUNT_ID = 0;

    public Engine() {
        this(spec -> new FastOrderBook());
    }

    public Engine(final BookFactory bookFactory) {
    }

    public void apply(final long seq, final long timestampNanos, final Command command, final EventSink sink) {
        throw new UnsupportedOperationException();
    }

    public List<Event> apply(final long seq, final long timestampNanos, final Command command) {
        final EventCollector collector = new EventCollector();
        apply(seq, timestampNanos, command, collector);
        return collector.events();
    }
}
