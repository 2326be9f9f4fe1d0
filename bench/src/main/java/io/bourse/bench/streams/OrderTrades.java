package io.bourse.bench.streams;

import java.util.Arrays;

import io.bourse.bench.api.LoadGenerator;

import org.HdrHistogram.Histogram;

/**
 * The finer end-to-end measure: when the load generator sent the order that made each trade (the FULL answer names the
 * trade ids of its fills), joined after the window with when the first subscriber received that trade on the stream
 * ({@link FanOut#firstReceipt}). Both are {@link System#nanoTime()} of this process, so the difference has no
 * millisecond rounding and needs no clock shared with the server; it bounds the engine-to-subscriber latency from
 * above, since it also holds the order's way in (HTTP, the sequencer, the journal). Used by the generator's thread
 * only (which also runs the join, after the window).
 */
final class OrderTrades implements LoadGenerator.FillListener {
    private static final int SLOTS = 1 << 20;

    private final long[] ids = new long[SLOTS];
    private final long[] sentNanos = new long[SLOTS];
    private final long[] answeredNanos = new long[SLOTS];
    private long startNanos = Long.MAX_VALUE;
    private long endNanos = Long.MAX_VALUE;
    private long lowestId = Long.MAX_VALUE;
    private long highestId = Long.MIN_VALUE;

    OrderTrades() {
        Arrays.fill(ids, -1);
    }

    /** Watches the trades of orders sent from {@code startNanos} to {@code endNanos}. */
    void window(final long startNanos, final long endNanos) {
        this.startNanos = startNanos;
        this.endNanos = endNanos;
        lowestId = Long.MAX_VALUE;
        highestId = Long.MIN_VALUE;
    }

    @Override
    public void onTrade(final long tradeId, final long sent, final long answered) {
        final int slot = (int) (tradeId & (SLOTS - 1));
        ids[slot] = tradeId;
        sentNanos[slot] = sent;
        answeredNanos[slot] = answered;
        if (sent >= startNanos && sent < endNanos) {
            lowestId = Math.min(lowestId, tradeId);
            highestId = Math.max(highestId, tradeId);
        }
    }

    /**
     * What the join found.
     *
     * @param micros       from the order's send to the first receipt of each of its trades, microseconds
     * @param answerMicros from the send of the same orders to their answers (one value per trade), microseconds
     * @param trades       trades of orders sent in the window
     * @param notReceived  of those, received by no subscriber (or forgotten)
     * @param beforeAnswer of those, received by a subscriber before the order's answer reached the generator
     */
    record Joined(Histogram micros, Histogram answerMicros, long trades, long notReceived, long beforeAnswer) {
    }

    /** Joins the window's trades with their first receipts on the stream whose {@link FanOut} is given. */
    Joined join(final FanOut fanOut) {
        final Histogram micros = new Histogram(StreamStats.HIGHEST_MICROS, 3);
        final Histogram answerMicros = new Histogram(StreamStats.HIGHEST_MICROS, 3);
        long trades = 0;
        long missing = 0;
        long beforeAnswer = 0;
        for (long id = lowestId; id <= highestId && highestId - lowestId < SLOTS; id++) {
            final int slot = (int) (id & (SLOTS - 1));
            if (ids[slot] != id || sentNanos[slot] < startNanos || sentNanos[slot] >= endNanos) {
                continue;
            }
            trades++;
            final long first = fanOut.firstReceipt(id);
            if (first == FanOut.NONE) {
                missing++;
            } else {
                micros.recordValue(Math.min(StreamStats.HIGHEST_MICROS, Math.max(0, (first - sentNanos[slot]) / 1_000)));
                beforeAnswer += first < answeredNanos[slot] ? 1 : 0;
            }
            answerMicros.recordValue(Math.min(StreamStats.HIGHEST_MICROS, Math.max(0, (answeredNanos[slot] - sentNanos[slot]) / 1_000)));
        }
        return new Joined(micros, answerMicros, trades, missing, beforeAnswer);
    }
}
