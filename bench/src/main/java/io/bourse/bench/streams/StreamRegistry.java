package io.bourse.bench.streams;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every stream name the subscribers listen to, numbered, with what the client checks on it and the {@link FanOut} of
 * its events. Built before the subscribers connect and never changed after, so the selector threads read it freely.
 */
final class StreamRegistry {
    /** What a stream's events are, for the checks the client makes on them. */
    enum Kind {
        /** {@code <symbol>@depth} or {@code <symbol>@depth@100ms}: diffs whose {@code U} follows the last {@code u}. */
        DIFF_DEPTH,
        /** {@code <symbol>@trade}: trades whose ids follow each other. */
        TRADE,
        /** Anything else: counted, not checked. */
        OTHER
    }

    private final Map<String, Integer> indexes = new LinkedHashMap<>();
    private final List<String> names = new ArrayList<>();
    private final List<byte[]> nameBytes = new ArrayList<>();
    private final List<Kind> kinds = new ArrayList<>();
    private final List<FanOut> fanOuts = new ArrayList<>();

    StreamRegistry(final List<List<Endpoint>> mixes) {
        for (final List<Endpoint> mix : mixes) {
            for (final Endpoint endpoint : mix) {
                for (final String name : endpoint.streams()) {
                    indexes.computeIfAbsent(name, n -> {
                        names.add(n);
                        nameBytes.add(n.getBytes(StandardCharsets.US_ASCII));
                        kinds.add(kindOf(n));
                        // Trades: 2^20 ids, over four minutes at a few thousand a second (the order-to-trade join looks a whole
                        // window back); diffs: 2^16 final update ids, one event per 100 ms or per second.
                        fanOuts.add(new FanOut(kindOf(n) == Kind.TRADE ? 1 << 20 : 1 << 16));
                        return names.size() - 1;
                    });
                }
            }
        }
    }

    static Kind kindOf(final String name) {
        if (name.endsWith("@trade")) {
            return Kind.TRADE;
        }
        if (name.endsWith("@depth") || name.endsWith("@depth@100ms")) {
            return Kind.DIFF_DEPTH;
        }
        return Kind.OTHER;
    }

    int size() {
        return names.size();
    }

    /** The index of stream {@code name}, or -1 if no subscriber listens to it. */
    int indexOrNone(final String name) {
        final Integer index = indexes.get(name);
        return index == null ? -1 : index;
    }

    int index(final String name) {
        final Integer index = indexes.get(name);
        if (index == null) {
            throw new IllegalArgumentException("unregistered stream " + name);
        }
        return index;
    }

    String name(final int index) {
        return names.get(index);
    }

    byte[] nameBytes(final int index) {
        return nameBytes.get(index);
    }

    Kind kind(final int index) {
        return kinds.get(index);
    }

    FanOut fanOut(final int index) {
        return fanOuts.get(index);
    }
}
