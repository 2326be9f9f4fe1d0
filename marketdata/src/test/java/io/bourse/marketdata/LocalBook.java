package io.bourse.marketdata;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A simulated stream subscriber keeping a local order book exactly as Binance documents it ("How to manage a local
 * order book correctly"): buffer the diffs, fetch a snapshot (again if it is older than the first buffered diff), drop
 * diffs with {@code u <= lastUpdateId}, check that the first one applied has {@code U <= lastUpdateId + 1 <= u}, then
 * require every {@code U} to be the previous {@code u + 1}, and apply absolute quantities (0 removes). Any violation
 * is recorded as a failure, with the subscriber's name, for the test to report.
 */
final class LocalBook {
    final String name;
    final int symbolId;
    final boolean conflated;
    final int snapshotLimit;
    final TreeMap<Long, Long> bids = new TreeMap<>(Comparator.reverseOrder());
    final TreeMap<Long, Long> asks = new TreeMap<>();
    private final ArrayList<DepthDiff> buffer = new ArrayList<>();
    boolean joined;
    boolean synced;
    private boolean expectFirst;
    long updateId;
    /** Commands to wait after joining before fetching the snapshot. */
    int snapshotDelay;
    /** A snapshot fetched before subscribing (stale unless nothing changed meanwhile), or null. */
    DepthSnapshot prefetched;
    /** Commands to wait, with a prefetched snapshot, before subscribing. */
    int joinDelay;
    int syncs;
    int refetches;
    long applied;
    String failure;

    LocalBook(final String name, final int symbolId, final boolean conflated, final int snapshotLimit) {
        this.name = name;
        this.symbolId = symbolId;
        this.conflated = conflated;
        this.snapshotLimit = snapshotLimit;
    }

    /** Subscribes: from now on diffs are buffered until the snapshot arrives. */
    void join(final int delay) {
        joined = true;
        synced = false;
        buffer.clear();
        bids.clear();
        asks.clear();
        snapshotDelay = delay;
    }

    /** Unsubscribes (and forgets everything). */
    void leave() {
        joined = false;
        synced = false;
        buffer.clear();
    }

    void onDiff(final DepthDiff diff) {
        if (!joined || diff.symbolId() != symbolId) {
            return;
        }
        if (!synced) {
            buffer.add(diff);
        } else {
            apply(diff);
        }
    }

    /** Whether a diff has been buffered (a snapshot fetched before subscribing can only be judged against one). */
    boolean hasBuffered() {
        return !buffer.isEmpty();
    }

    /** Steps 3 to 7 with a fetched snapshot; returns false when the snapshot is too old and must be fetched again. */
    boolean sync(final DepthSnapshot snapshot) {
        if (!buffer.isEmpty() && snapshot.lastUpdateId() < buffer.get(0).firstUpdateId()) {
            refetches++;
            return false;
        }
        bids.clear();
        asks.clear();
        for (int i = 0; i < snapshot.bids().size(); i++) {
            bids.put(snapshot.bids().price(i), snapshot.bids().quantity(i));
        }
        for (int i = 0; i < snapshot.asks().size(); i++) {
            asks.put(snapshot.asks().price(i), snapshot.asks().quantity(i));
        }
        updateId = snapshot.lastUpdateId();
        synced = true;
        expectFirst = true;
        syncs++;
        for (final DepthDiff diff : buffer) {
            apply(diff);
        }
        buffer.clear();
        return true;
    }

    private void apply(final DepthDiff diff) {
        if (diff.finalUpdateId() <= updateId) {
            if (!expectFirst) {
                fail("diff " + diff.firstUpdateId() + ".." + diff.finalUpdateId() + " is not after " + updateId + " once in sync");
            }
            return;
        }
        if (expectFirst) {
            if (!(diff.firstUpdateId() <= updateId + 1 && updateId + 1 <= diff.finalUpdateId())) {
                fail("first diff " + diff.firstUpdateId() + ".." + diff.finalUpdateId() + " does not contain " + (updateId + 1));
            }
            expectFirst = false;
        } else if (diff.firstUpdateId() != updateId + 1) {
            fail("gap: diff " + diff.firstUpdateId() + ".." + diff.finalUpdateId() + " after " + updateId);
        }
        if (diff.firstUpdateId() > diff.finalUpdateId()) {
            fail("U > u in " + diff);
        }
        put(bids, diff.bids());
        put(asks, diff.asks());
        updateId = diff.finalUpdateId();
        applied++;
    }

    private static void put(final TreeMap<Long, Long> side, final PriceLevels levels) {
        for (int i = 0; i < levels.size(); i++) {
            if (levels.quantity(i) == 0) {
                side.remove(levels.price(i));
            } else {
                side.put(levels.price(i), levels.quantity(i));
            }
        }
    }

    private void fail(final String message) {
        if (failure == null) {
            failure = name + ": " + message;
        }
    }

    /**
     * Compares the book with the engine's side (best first). A subscriber whose snapshot held the whole book must match
     * exactly; one with a smaller snapshot may lack levels it never heard of, but every level it has must be right.
     */
    String compare(final String sideName, final TreeMap<Long, Long> local, final long[][] engine, final boolean exact) {
        if (exact && local.size() != engine[0].length) {
            return name + " " + sideName + ": " + local.size() + " levels, engine " + engine[0].length + " at update id " + updateId;
        }
        int i = 0;
        for (final Map.Entry<Long, Long> level : local.entrySet()) {
            if (exact) {
                if (level.getKey() != engine[0][i] || level.getValue() != engine[1][i]) {
                    return name + " " + sideName + " level " + i + ": " + level + " vs engine " + engine[0][i] + "=" + engine[1][i] + " at "
                        + updateId;
                }
                i++;
            } else {
                while (i < engine[0].length && engine[0][i] != level.getKey()) {
                    i++;
                }
                if (i == engine[0].length || engine[1][i] != level.getValue()) {
                    return name + " " + sideName + ": level " + level + " not in the engine's book at " + updateId;
                }
            }
        }
        return null;
    }
}
