package io.bourse.gateway.ws;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.agrona.concurrent.OneToOneConcurrentArrayQueue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.EventExecutor;

/**
 * The market stream connections of one event loop, and the delivery of the publisher's batches to them. The publisher
 * offers each {@link FrameBatch} to a bounded single-producer queue and schedules one drain task on the loop if none is
 * pending, so a busy loop takes many batches per wake-up. Draining, the loop walks each frame's subscriber list for
 * this loop, writes a duplicate of the shared payload to each connection, and flushes each touched connection once per
 * batch: every connection sees its frames in the publisher's order, which is command order.
 *
 * <h2>When the loop falls behind</h2>
 * If the queue is full, the publisher stops offering to this loop (the batches are lost for it) until the loop has
 * drained what came before; the loop then closes every one of its connections with 1013 so that their clients
 * resubscribe and resync. Other loops are not affected, and the publisher never waits.
 *
 * <h2>Pings</h2>
 * One timer per loop pings every connection each interval (the payload is the ping's sequence number) and closes those
 * whose last matching pong is older than the timeout.
 *
 * <h2>Threads</h2>
 * {@link #offer}, {@link #offerControl} and {@link #hasSubscriptions} are called by the publisher (one thread at a
 * time); everything else runs on the loop's thread.
 */
final class LoopFanout {
    /** Batches delivered per task before the loop lets other work in. */
    private static final int BATCHES_PER_TASK = 256;

    final int index;
    final EventExecutor executor;
    private final MarketStreamsConfig config;
    private final StreamRegistry registry;
    private final StreamStats stats;
    private final OneToOneConcurrentArrayQueue<FrameBatch> queue;
    private final WriteBufferWaterMark waterMark;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drain;
    private volatile boolean overrun;
    private volatile FrameBatch pendingControl;
    private volatile int subscriptions;

    // Loop thread only.
    private StreamConnection[] connections = new StreamConnection[16];
    private int connectionCount;
    private final ArrayList<StreamConnection> dirty = new ArrayList<>();
    private final ArrayList<StreamConnection> deferred = new ArrayList<>();
    private boolean delivering;
    private long pingSeq;
    private final long pingWindow;
    private boolean pinging;

    LoopFanout(final int index, final EventExecutor executor, final MarketStreamsConfig config, final StreamRegistry registry,
        final StreamStats stats) {
        this.index = index;
        this.executor = executor;
        this.config = config;
        this.registry = registry;
        this.stats = stats;
        this.queue = new OneToOneConcurrentArrayQueue<>(config.loopQueueCapacity());
        this.waterMark = new WriteBufferWaterMark(config.channelBufferBytes() / 2, config.channelBufferBytes());
        this.pingWindow = config.pongTimeoutMillis() / config.pingIntervalMillis() + 2;
    }

    MarketStreamsConfig config() {
        return config;
    }

    StreamRegistry registry() {
        return registry;
    }

    StreamStats stats() {
        return stats;
    }

    /** The channel buffer of every connection (shared). */
    WriteBufferWaterMark waterMark() {
        return waterMark;
    }

    // ------------------------------------------------------------------------------------------------ publisher side

    boolean hasSubscriptions() {
        return subscriptions > 0;
    }

    /** Hands a batch over; if the queue is full this loop's connections will be closed to resync. Publisher thread. */
    void offer(final FrameBatch batch) {
        if (overrun) {
            return;
        }
        if (!queue.offer(batch)) {
            overrun = true;
        }
        schedule();
    }

    /** Hands a control batch over, after the batches already queued. */
    void offerControl(final FrameBatch control) {
        if (!queue.offer(control)) {
            pendingControl = control;
        }
        schedule();
    }

    private void schedule() {
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(drainTask);
            } catch (final RejectedExecutionException e) {
                // The loop is shutting down: its connections go with it.
                scheduled.set(false);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ loop side

    void countSubscriptions(final int delta) {
        subscriptions += delta;
    }

    private void drain() {
        scheduled.set(false);
        for (int i = 0; i < BATCHES_PER_TASK; i++) {
            final FrameBatch batch = queue.poll();
            if (batch == null) {
                break;
            }
            handle(batch);
        }
        if (!queue.isEmpty()) {
            schedule();
            return;
        }
        final FrameBatch control = pendingControl;
        if (control != null) {
            pendingControl = null;
            handle(control);
        }
        if (overrun) {
            closeAll(StreamConnection.CLOSE_TRY_AGAIN, "market data overloaded: resubscribe and resync", true);
            overrun = false;
        }
    }

    private void handle(final FrameBatch batch) {
        switch (batch.control) {
            case NONE -> deliver(batch);
            case RESYNC -> closeAll(StreamConnection.CLOSE_TRY_AGAIN, "market data overloaded: resubscribe and resync", true);
            case FAILED -> closeAll(StreamConnection.CLOSE_INTERNAL, "market data unavailable", false);
            case SHUTDOWN -> {
                // The event goes right behind what each channel holds (before the close frame), not behind a backlog.
                for (int i = 0; i < connectionCount; i++) {
                    final StreamConnection c = connections[i];
                    if (!c.closing) {
                        c.close(StreamConnection.CLOSE_GOING_AWAY, "server shutting down: reconnect",
                            c.combinedPayloads() ? batch.combined(0) : batch.raw(0));
                    }
                }
            }
            default -> throw new IllegalStateException("unknown control " + batch.control);
        }
    }

    private void deliver(final FrameBatch batch) {
        delivering = true;
        try {
            for (int i = 0, n = batch.size(); i < n; i++) {
                final Topic topic = batch.topic(i);
                final SubscriberList list = topic.existing(index);
                if (list == null || list.size() == 0) {
                    continue;
                }
                final ByteBuf raw = batch.raw(i);
                ByteBuf combined = batch.combined(i);
                for (int j = 0, m = list.size(); j < m; j++) {
                    final StreamConnection c = list.get(j).connection;
                    if (c.closing) {
                        continue;
                    }
                    final ByteBuf payload;
                    if (!c.combinedPayloads()) {
                        payload = raw;
                    } else {
                        if (combined == null) {
                            // Switched to combined after the publisher encoded this frame: wrap it here, once for this loop.
                            combined = Unpooled.wrappedBuffer(MarketStreamsPublisher.wrap(topic, ByteBufUtil.getBytes(raw)));
                        }
                        payload = combined;
                    }
                    if (!c.dirty) {
                        c.dirty = true;
                        dirty.add(c);
                    }
                    c.write(payload);
                }
            }
        } finally {
            delivering = false;
        }
        for (int i = 0, n = dirty.size(); i < n; i++) {
            final StreamConnection c = dirty.get(i);
            c.dirty = false;
            if (!c.closing) {
                c.flush();
            }
        }
        dirty.clear();
        for (int i = 0, n = deferred.size(); i < n; i++) {
            deferred.get(i).unsubscribeAll();
        }
        deferred.clear();
    }

    /** A connection started closing: it leaves every topic now, or after the batch being delivered. */
    void onClosing(final StreamConnection c) {
        if (delivering) {
            deferred.add(c);
        } else {
            c.unsubscribeAll();
        }
    }

    private void closeAll(final int status, final String reason, final boolean overload) {
        for (int i = 0; i < connectionCount; i++) {
            final StreamConnection c = connections[i];
            if (!c.closing) {
                if (overload) {
                    stats.closedOverload.incrementAndGet();
                }
                c.close(status, reason);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ connections

    void add(final StreamConnection c) {
        if (connectionCount == connections.length) {
            connections = Arrays.copyOf(connections, connectionCount * 2);
        }
        c.slot = connectionCount;
        connections[connectionCount++] = c;
        stats.open.incrementAndGet();
        if (!pinging) {
            pinging = true;
            executor.scheduleAtFixedRate(this::onPingTick, config.pingIntervalMillis(), config.pingIntervalMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The connection's channel closed. */
    void remove(final StreamConnection c) {
        if (c.slot < 0) {
            return;
        }
        if (!c.closing) {
            c.closing = true;
            c.unsubscribeAll();
        }
        final int i = c.slot;
        final StreamConnection last = connections[--connectionCount];
        connections[i] = last;
        last.slot = i;
        connections[connectionCount] = null;
        c.slot = -1;
        stats.open.decrementAndGet();
        if (connectionCount < connections.length / 4 && connections.length > 64) {
            connections = Arrays.copyOf(connections, connections.length / 2);
        }
    }

    private void onPingTick() {
        final long now = System.nanoTime();
        final long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(config.pongTimeoutMillis());
        pingSeq++;
        final ByteBuf payload = Unpooled.buffer(Long.BYTES, Long.BYTES).writeLong(pingSeq);
        for (int i = 0; i < connectionCount; i++) {
            final StreamConnection c = connections[i];
            if (c.closing) {
                continue;
            }
            if (now - c.lastPongNanos > timeoutNanos) {
                stats.closedNoPong.incrementAndGet();
                c.close(StreamConnection.CLOSE_POLICY, "no pong within " + config.pongTimeoutMillis() + " ms");
            } else {
                c.ping(payload);
            }
        }
    }

    /** Whether a pong's payload names one of the pings sent within the timeout. */
    boolean answersRecentPing(final long seq) {
        return seq <= pingSeq && seq > pingSeq - pingWindow;
    }
}
