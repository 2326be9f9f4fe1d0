package io.bourse.gateway.ws;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A client's local order book kept exactly as Binance's "How to manage a local order book correctly" says: buffer the
 * diffs, take a REST snapshot, drop the diffs with {@code u <= lastUpdateId}, check that the first one left has
 * {@code U <= lastUpdateId + 1 <= u}, then apply every diff in order. Stricter than a client needs to be, it records
 * as a {@link #problems() problem} any diff whose {@code U} is not the previous {@code u + 1}. Thread-safe (the diffs
 * come on a reader thread, the snapshot and the checks on the test's).
 */
final class LocalBook {
    /** A REST depth snapshot. */
    record Snapshot(long lastUpdateId, NavigableMap<BigDecimal, BigDecimal> bids, NavigableMap<BigDecimal, BigDecimal> asks) {
        static Snapshot of(final JsonObject depth) {
            final TreeMap<BigDecimal, BigDecimal> bids = new TreeMap<>(Comparator.reverseOrder());
            final TreeMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
            put(bids, depth.getJsonArray("bids"));
            put(asks, depth.getJsonArray("asks"));
            return new Snapshot(depth.getLong("lastUpdateId"), bids, asks);
        }

        private static void put(final TreeMap<BigDecimal, BigDecimal> side, final JsonArray levels) {
            for (int i = 0; i < levels.size(); i++) {
                final JsonArray level = levels.getJsonArray(i);
                side.put(new BigDecimal(level.getString(0)), new BigDecimal(level.getString(1)));
            }
        }
    }

    private final String name;
    private final List<JsonObject> buffered = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final TreeMap<BigDecimal, BigDecimal> bids = new TreeMap<>(Comparator.reverseOrder());
    private final TreeMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
    private boolean synced;
    private boolean expectFirst;
    private long updateId;
    private long diffs;

    LocalBook(final String name) {
        this.name = name;
    }

    /** A {@code depthUpdate} payload. */
    synchronized void onDiff(final JsonObject diff) {
        if (!"depthUpdate".equals(diff.getString("e"))) {
            problems.add(name + ": not a depthUpdate: " + diff);
            return;
        }
        diffs++;
        if (synced) {
            apply(diff);
        } else {
            buffered.add(diff);
        }
    }

    /** Whether a diff arrived yet (the snapshot must come after the first buffered diff, or at least after subscribing). */
    synchronized long diffs() {
        return diffs;
    }

    /**
     * Starts the book from a snapshot; false (and nothing changes) if the snapshot is older than the first buffered diff
     * (fetch another, as Binance says).
     */
    synchronized boolean sync(final Snapshot snapshot) {
        if (!buffered.isEmpty() && snapshot.lastUpdateId() < buffered.get(0).getLong("U") - 1) {
            return false;
        }
        bids.clear();
        asks.clear();
        bids.putAll(snapshot.bids());
        asks.putAll(snapshot.asks());
        updateId = snapshot.lastUpdateId();
        synced = true;
        expectFirst = true;
        for (final JsonObject diff : buffered) {
            apply(diff);
        }
        buffered.clear();
        return true;
    }

    /**
     * Applies a diff: one that ends at or before the book is ignored; the first one applied after the snapshot must
     * have {@code U <= lastUpdateId + 1 <= u}, every later one {@code U == previous u + 1}.
     */
    private void apply(final JsonObject diff) {
        final long first = diff.getLong("U");
        final long last = diff.getLong("u");
        if (last <= updateId) {
            return;
        }
        if (expectFirst ? first > updateId + 1 : first != updateId + 1) {
            problems.add(name + ": diff " + first + ".." + last + " does not follow " + updateId);
        }
        expectFirst = false;
        applyLevels(diff);
        updateId = last;
    }

    private void applyLevels(final JsonObject diff) {
        apply(bids, diff.getJsonArray("b"));
        apply(asks, diff.getJsonArray("a"));
    }

    private static void apply(final TreeMap<BigDecimal, BigDecimal> side, final JsonArray levels) {
        for (int i = 0; i < levels.size(); i++) {
            final JsonArray level = levels.getJsonArray(i);
            final BigDecimal price = new BigDecimal(level.getString(0));
            final BigDecimal quantity = new BigDecimal(level.getString(1));
            if (quantity.signum() == 0) {
                side.remove(price);
            } else {
                side.put(price, quantity);
            }
        }
    }

    synchronized boolean synced() {
        return synced;
    }

    synchronized long updateId() {
        return updateId;
    }

    /** Null if the book equals the snapshot (same update id, same levels), else what differs. */
    synchronized String differenceFrom(final Snapshot snapshot) {
        if (updateId != snapshot.lastUpdateId()) {
            return name + ": at " + updateId + ", the snapshot at " + snapshot.lastUpdateId();
        }
        if (!bids.equals(snapshot.bids())) {
            return name + ": bids differ at " + updateId + ": local " + bids + " rest " + snapshot.bids();
        }
        if (!asks.equals(snapshot.asks())) {
            return name + ": asks differ at " + updateId + ": local " + asks + " rest " + snapshot.asks();
        }
        return null;
    }

    synchronized List<String> problems() {
        return new ArrayList<>(problems);
    }
}
