package io.bourse.gateway.ws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Binance's "300 connections per attempt every 5 minutes per IP": counts handshake attempts per IP in a sliding
 * 5-minute window, estimated from the current and the previous fixed window (the previous one weighted by how much of
 * it the sliding window still covers). Refused attempts are not counted, so a client that waits gets back in. Bounded:
 * beyond {@link #MAX_TRACKED} IPs, the ones idle for two windows are forgotten (one sweep a second at most).
 *
 * <p>Thread-safe: one lock per IP, taken briefly on each handshake.
 */
final class HandshakeLimiter {
    static final long WINDOW_MILLIS = 5 * 60_000L;
    static final int MAX_TRACKED = 100_000;

    private static final class Window {
        long start;
        long current;
        long previous;
    }

    /** The least time between two sweeps of idle IPs. */
    static final long PURGE_EVERY_MILLIS = 1_000;

    private final int limit;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private volatile long lastPurgeMillis;

    /** At most {@code limit} attempts per IP per window; 0 for no limit. */
    HandshakeLimiter(final int limit) {
        this.limit = limit;
    }

    /** Whether {@code ip} may connect now; counts the attempt if so. */
    boolean tryAcquire(final String ip, final long nowMillis) {
        if (limit == 0) {
            return true;
        }
        if (windows.size() > MAX_TRACKED && nowMillis - lastPurgeMillis >= PURGE_EVERY_MILLIS) {
            lastPurgeMillis = nowMillis;
            windows.values().removeIf(w -> {
                synchronized (w) {
                    return nowMillis - w.start >= 2 * WINDOW_MILLIS;
                }
            });
        }
        final Window w = windows.computeIfAbsent(ip, k -> {
            final Window fresh = new Window();
            fresh.start = nowMillis;
            return fresh;
        });
        synchronized (w) {
            final long elapsed = nowMillis - w.start;
            if (elapsed >= 2 * WINDOW_MILLIS) {
                w.start = nowMillis;
                w.previous = 0;
                w.current = 0;
            } else if (elapsed >= WINDOW_MILLIS) {
                w.start += WINDOW_MILLIS;
                w.previous = w.current;
                w.current = 0;
            }
            final long into = Math.max(0, nowMillis - w.start);
            // previous * (window - into) / window + current, compared to the limit without dividing.
            if (w.previous * (WINDOW_MILLIS - into) + w.current * WINDOW_MILLIS >= limit * WINDOW_MILLIS) {
                return false;
            }
            w.current++;
            return true;
        }
    }
}
