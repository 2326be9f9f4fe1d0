package io.bourse.bench.streams;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * One selector thread's measurements over one window ({@link System#nanoTime()} from {@code startNanos} to
 * {@code endNanos}): per stream {@link StreamStats}, and what is not per stream. Owned by the selector thread while
 * it is current; handed to the main thread (through the loop's task queue) when the window ends, then added up.
 */
final class WindowStats {
    final long startNanos;
    final long endNanos;
    final StreamStats[] streams;
    /** Bytes read from the sockets (frames and their headers). */
    long wireBytes;
    /** Text messages that were not events of a subscribed stream (answers to requests, errors). */
    long otherMessages;
    /**
     * How long each pass of the selector loop took, from {@code select} returning to the next call: the longest a
     * message that arrived during a pass waited in this process before it was read, so this client's own share of
     * the latencies.
     */
    final Histogram passNanos = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    /** Connections that ended during the window, by how (the server's close code and reason, or EOF, or reset). */
    final Map<String, Long> closes = new TreeMap<>();

    WindowStats(final int streamCount, final long startNanos, final long endNanos) {
        this.startNanos = startNanos;
        this.endNanos = endNanos;
        this.streams = new StreamStats[streamCount];
        for (int i = 0; i < streamCount; i++) {
            streams[i] = new StreamStats();
        }
    }

    boolean covers(final long nanos) {
        return nanos >= startNanos && nanos < endNanos;
    }

    void add(final WindowStats other) {
        for (int i = 0; i < streams.length; i++) {
            streams[i].add(other.streams[i]);
        }
        passNanos.add(other.passNanos);
        wireBytes += other.wireBytes;
        otherMessages += other.otherMessages;
        other.closes.forEach((how, count) -> closes.merge(how, count, Long::sum));
    }

    long closeCount() {
        long total = 0;
        for (final long count : closes.values()) {
            total += count;
        }
        return total;
    }
}
