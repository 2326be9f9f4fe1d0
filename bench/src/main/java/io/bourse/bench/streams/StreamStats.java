package io.bourse.bench.streams;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * What the subscribers of one stream received during a row's window, over all of them: latencies (HdrHistogram),
 * counts and the results of the ordering checks. One per stream per selector thread (no sharing), added together
 * when the row ends.
 */
final class StreamStats {
    /** The longest latency a histogram records; longer ones are recorded as this. */
    static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    /** Receipt (wall clock, microseconds) minus the payload's {@code E} (milliseconds, so up to 1 ms over). */
    final Histogram fromEventMicros = new Histogram(HIGHEST_MICROS, 3);
    /** Receipt minus a trade's {@code T} (trades only). */
    final Histogram fromTradeTimeMicros = new Histogram(HIGHEST_MICROS, 3);
    /** Receipt minus the first subscriber's receipt of the same event, nanoseconds (see {@link FanOut}). */
    final Histogram fanOutNanos = new Histogram(TimeUnit.MICROSECONDS.toNanos(HIGHEST_MICROS), 3);
    /** Messages received (each subscriber's copy counts). */
    long messages;
    /** Their payload bytes (the JSON text, without WebSocket framing). */
    long payloadBytes;
    /** Diffs whose {@code U} was above the last {@code u + 1}, trades whose {@code t} skipped ids. */
    long gaps;
    /** Ids skipped in all (trades: the missing trade ids; diffs: the missing update ids). */
    long missedIds;
    /** Events that came again or went backwards ({@code U <= } the last {@code u}, {@code t <=} the last). */
    long outOfOrder;
    /** Receipts earlier than the event time (clock or payload trouble; recorded as 0). */
    long beforeEventTime;
    /** The lowest and highest event ids received in the window ({@code U} and {@code u} of diffs, {@code t} of trades). */
    long lowestId = Long.MAX_VALUE;
    long highestId = Long.MIN_VALUE;

    void ids(final long first, final long last) {
        lowestId = Math.min(lowestId, first);
        highestId = Math.max(highestId, last);
    }

    void recordLatency(final Histogram histogram, final long micros) {
        if (micros < 0) {
            beforeEventTime++;
        }
        histogram.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, micros)));
    }

    void add(final StreamStats other) {
        fromEventMicros.add(other.fromEventMicros);
        fromTradeTimeMicros.add(other.fromTradeTimeMicros);
        fanOutNanos.add(other.fanOutNanos);
        messages += other.messages;
        payloadBytes += other.payloadBytes;
        gaps += other.gaps;
        missedIds += other.missedIds;
        outOfOrder += other.outOfOrder;
        beforeEventTime += other.beforeEventTime;
        lowestId = Math.min(lowestId, other.lowestId);
        highestId = Math.max(highestId, other.highestId);
    }
}
