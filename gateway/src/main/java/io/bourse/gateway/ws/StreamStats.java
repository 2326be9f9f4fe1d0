package io.bourse.gateway.ws;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of the market stream connections, for tests, the benchmark and operators. Safe on any thread (each is an
 * atomic counter; together they are not one consistent snapshot).
 */
public final class StreamStats {
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong open = new AtomicLong();
    final AtomicLong refusedPerIp = new AtomicLong();
    final AtomicLong closedSlow = new AtomicLong();
    final AtomicLong closedRate = new AtomicLong();
    final AtomicLong closedNoPong = new AtomicLong();
    final AtomicLong closedBinary = new AtomicLong();
    final AtomicLong closedOverload = new AtomicLong();

    /** Handshakes accepted since start. */
    public long accepted() {
        return accepted.get();
    }

    /** Connections open now. */
    public long open() {
        return open.get();
    }

    /** Handshakes refused by the per-IP limit. */
    public long refusedPerIp() {
        return refusedPerIp.get();
    }

    /** Connections closed because their outbound buffer filled up. */
    public long closedSlow() {
        return closedSlow.get();
    }

    /** Connections closed for sending too many messages. */
    public long closedRate() {
        return closedRate.get();
    }

    /** Connections closed for not answering pings. */
    public long closedNoPong() {
        return closedNoPong.get();
    }

    /** Connections closed for sending binary frames. */
    public long closedBinary() {
        return closedBinary.get();
    }

    /** Connections closed because the publisher or their event loop fell behind (resync). */
    public long closedOverload() {
        return closedOverload.get();
    }
}
