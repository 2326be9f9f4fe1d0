package io.bourse.gateway.ws;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;

/**
 * The bounded outbound buffer of one WebSocket connection. Any thread may {@link #offer} a text frame (the sequencer
 * thread its user data events, the event loop its responses); the connection's event loop writes them out, in order,
 * as fast as the socket takes them. When the socket's own write queue is full (the client does not read), frames wait
 * here; when more than {@link #maxQueued} wait, the client has fallen too far behind: what waits is dropped and the
 * connection is closed with {@link #SLOW_CLOSE_CODE} and a reason saying so, never silently thinned out.
 */
public final class Outbox {
    /** How many frames may wait per connection by default. */
    public static final int DEFAULT_MAX_QUEUED = 10_000;
    /** The close code for a client that fell behind (policy violation). */
    public static final short SLOW_CLOSE_CODE = 1008;
    /** The most frames written in one turn of the event loop before it lets other connections have theirs. */
    private static final int MAX_FRAMES_PER_TURN = 512;

    private final Context context;
    private final ServerWebSocket socket;
    private final int maxQueued;
    private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean closed;
    private volatile short closeCode;
    private volatile String closeReason;

    /** The outbox of {@code socket}, served on {@code context} (the socket's event loop). */
    public Outbox(final Context context, final ServerWebSocket socket, final int maxQueued) {
        this.context = context;
        this.socket = socket;
        this.maxQueued = maxQueued;
    }

    /**
     * Queues a frame; returns false when the connection is closing or closed, or when the frame overflowed the buffer
     * (which closes the connection).
     */
    public boolean offer(final String frame) {
        if (closed || closeReason != null) {
            return false;
        }
        if (size.incrementAndGet() > maxQueued) {
            size.decrementAndGet();
            overflow();
            return false;
        }
        queue.offer(frame);
        schedule();
        return true;
    }

    /**
     * Queues a last frame (which may exceed the bound) and closes the connection once everything before it and it
     * have been written: the orderly end of a stream, e.g. after {@code listenKeyExpired}.
     */
    public void finish(final String lastFrame, final short code, final String reason) {
        if (closed || closeReason != null) {
            return;
        }
        if (lastFrame != null) {
            size.incrementAndGet();
            queue.offer(lastFrame);
        }
        closeCode = code;
        closeReason = reason;
        schedule();
    }

    /** Whether the connection is closed or closing. */
    public boolean closed() {
        return closed || closeReason != null;
    }

    /** How many frames wait. */
    public int queued() {
        return size.get();
    }

    /** Marks the outbox closed (the connection closed): nothing more is queued or written. */
    public void onClosed() {
        closed = true;
        queue.clear();
        size.set(0);
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> drain());
        }
    }

    private void overflow() {
        if (closed) {
            return;
        }
        closed = true;
        final String reason = "Too slow: more than " + maxQueued + " messages waiting; reconnect and resync";
        context.runOnContext(v -> {
            queue.clear();
            size.set(0);
            socket.close(SLOW_CLOSE_CODE, reason);
        });
    }

    /** Writes what waits, on the event loop, while the socket takes it. */
    private void drain() {
        int written = 0;
        while (true) {
            if (closed) {
                return;
            }
            if (socket.writeQueueFull()) {
                // Stay scheduled: the drain handler resumes when the socket has room again.
                socket.drainHandler(v -> drain());
                return;
            }
            if (written == MAX_FRAMES_PER_TURN) {
                context.runOnContext(v -> drain());
                return;
            }
            final String frame = queue.poll();
            if (frame == null) {
                if (closeReason != null) {
                    closed = true;
                    socket.close(closeCode, closeReason);
                    return;
                }
                scheduled.set(false);
                // A frame (or a finish) that came between the poll and the reset found the flag still set and did not
                // schedule a drain: look again.
                if ((queue.isEmpty() && closeReason == null) || !scheduled.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            size.decrementAndGet();
            socket.writeTextMessage(frame);
            written++;
        }
    }
}
