package io.bourse.gateway.ws;

import java.util.Arrays;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The messages of one market stream connection that wait for its channel: while the Netty channel's own (small) buffer
 * is full, frames queue here in order, as references to the payloads the publisher encoded once for every connection
 * (nothing is copied or retained: those heap buffers belong to the garbage collector, see {@link FrameBatch}), bounded
 * in bytes. When the channel becomes writable again, the connection writes from here until it is full again.
 *
 * <p>A connection gets its backlog on its first stall, so idle and keeping-up connections have none; the backlog then
 * joins the channel's pipeline (just before Vert.x's handler, which does not pass the event on) to hear the channel's
 * writability change, and stays there. Its ring grows by doubling and shrinks back once emptied.
 *
 * <p>Loop thread only.
 */
final class FrameBacklog extends ChannelInboundHandlerAdapter implements Runnable {
    /** Bytes counted per message beyond its payload: its frame header and its reference here. */
    static final int ENTRY_OVERHEAD_BYTES = 8;
    private static final int INITIAL_CAPACITY = 64;
    /** An emptied ring larger than this goes back to the initial size. */
    private static final int KEPT_CAPACITY = 1024;

    private final StreamConnection connection;
    private final long maxBytes;
    private ByteBuf[] ring = new ByteBuf[INITIAL_CAPACITY];
    private int head;
    private int size;
    private long bytes;
    private boolean drainScheduled;

    FrameBacklog(final StreamConnection connection, final long maxBytes) {
        this.connection = connection;
        this.maxBytes = maxBytes;
    }

    /** Queues a payload; false (and nothing queued) if it would take the backlog over its bound. */
    boolean offer(final ByteBuf payload) {
        final long cost = payload.readableBytes() + ENTRY_OVERHEAD_BYTES;
        if (bytes + cost > maxBytes) {
            return false;
        }
        if (size == ring.length) {
            final ByteBuf[] grown = new ByteBuf[ring.length * 2];
            for (int i = 0; i < size; i++) {
                grown[i] = ring[(head + i) & (ring.length - 1)];
            }
            ring = grown;
            head = 0;
        }
        ring[(head + size) & (ring.length - 1)] = payload;
        size++;
        bytes += cost;
        return true;
    }

    /** The oldest payload, or null if none waits. */
    ByteBuf poll() {
        if (size == 0) {
            return null;
        }
        final ByteBuf payload = ring[head];
        ring[head] = null;
        head = (head + 1) & (ring.length - 1);
        size--;
        bytes -= payload.readableBytes() + ENTRY_OVERHEAD_BYTES;
        if (size == 0) {
            head = 0;
            if (ring.length > KEPT_CAPACITY) {
                ring = new ByteBuf[INITIAL_CAPACITY];
            }
        }
        return payload;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Messages waiting. */
    int size() {
        return size;
    }

    /** Bytes waiting, as counted against the bound. */
    long bytes() {
        return bytes;
    }

    /** Forgets every waiting message (they will not be sent). */
    void clear() {
        if (ring.length > KEPT_CAPACITY) {
            ring = new ByteBuf[INITIAL_CAPACITY];
        } else {
            Arrays.fill(ring, null);
        }
        head = 0;
        size = 0;
        bytes = 0;
    }

    @Override
    public void channelWritabilityChanged(final ChannelHandlerContext ctx) {
        // Netty reports the change from inside its flush (writing here would nest in it): write from a task, after it.
        if (ctx.channel().isWritable() && !drainScheduled) {
            drainScheduled = true;
            ctx.executor().execute(this);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void run() {
        drainScheduled = false;
        connection.writeBacklog();
    }
}
