package io.bourse.gateway.ws;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
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
 * pending. Draining, the loop walks each frame's subscriber list for this loop and writes a duplicate of the shared
 * payload to each connection; every connection sees its frames in the publisher's order, which is command order.
 *
 * <h2>Rounds: one flush per connection</h2>
 * A flush is a system call per connection, the dearest part of delivery, so the loop writes the batches that wait in
 * its queue (up to {@value #MAX_BATCHES_PER_ROUND}, or until {@value #MAX_WRITES_PER_ROUND} writes) before it flushes
 * each connection they touched, once: when the loop keeps up a round is one batch, flushed as soon as it is written;
 * when it falls behind, more batches share each flush, so that the cost per batch falls as the load rises (never more
 * than one flush per connection per batch).
 *
 * <h2>Sharing the loop</h2>
 * The same loop serves HTTP requests and their responses, so delivery is cooperative. A drain works for at most
 * {@link MarketStreamsConfig#fanoutSliceMicros} (checked after every flush and every {@value #WRITES_PER_CHECK}
 * writes), then remembers where it stands in its round (batch, frame, subscriber, or connection to flush) and submits
 * its continuation, so that the tasks queued meanwhile (responses, such as order acknowledgements) run first. Netty
 * reads its sockets only once its task queue is empty, so after {@value #SLICES_PER_IO_PASS} slices in a row the
 * continuation is a timer due at once instead, which runs after a pass over the sockets: a request waits for the
 * fan-out at most that long. Socket passes are kept that rare because each one delays the subscribers not yet
 * served (measured with {@code bench streams}: a pass every 2 ms doubled the fan-out lag; a usual batch takes a loop
 * a few milliseconds). While more than an eighth of its queue waits, the loop is falling behind and reads its
 * sockets {@value #BEHIND_FACTOR} times less often: overrunning the queue would close every connection, which is
 * worse than slower HTTP answers. While a round is under way, subscriptions that end are only marked
 * ({@link Subscription#leaving}) and leave their lists when it is done, so that no list moves under the walk (a new
 * subscription is appended, which the walk may see: the client just joined).
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
 * {@link #offer}, {@link #offerControl}, {@link #hasSubscriptions} and {@link #awaitShutdown} are called by other
 * threads (the first three by the publisher, one thread at a time); everything else runs on the loop's thread.
 */
final class LoopFanout {
    /** Writes between two looks at the clock. */
    static final int WRITES_PER_CHECK = 32;
    /** Batches written, when they wait in the queue, before their connections are flushed. */
    static final int MAX_BATCHES_PER_ROUND = 64;
    /**
     * Writes after which a round takes no further batch: bounds what a connection holds unflushed (far below the channel
     * buffer for the busiest subscriber), and how long the first connections wait for their flush.
     */
    static final int MAX_WRITES_PER_ROUND = 2048;
    /**
     * Slices in a row (without the loop going idle) after which a drain lets the loop read its sockets too, not only run
     * the tasks queued meanwhile: with the default slice, a request waits at most about 5 ms for the fan-out.
     */
    static final int SLICES_PER_IO_PASS = 20;
    /** How many times longer a drain keeps the sockets waiting while its loop falls behind (an eighth of the queue waits). */
    static final int BEHIND_FACTOR = 5;

    final int index;
    final EventExecutor executor;
    private final MarketStreamsConfig config;
    private final StreamRegistry registry;
    private final StreamStats stats;
    private final OneToOneConcurrentArrayQueue<FrameBatch> queue;
    private final WriteBufferWaterMark waterMark;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drain;
    private final long sliceNanos;
    private final int behindBatches;
    /** Slices since the drain last let the loop read its sockets. */
    private int slicesSinceIo;
    private final CountDownLatch shutdown = new CountDownLatch(1);
    private volatile boolean overrun;
    private volatile FrameBatch pendingControl;
    private volatile int subscriptions;

    // Loop thread only.
    private StreamConnection[] connections = new StreamConnection[16];
    private int connectionCount;
    private final ArrayList<StreamConnection> dirty = new ArrayList<>();
    private final ArrayList<Subscription> leaving = new ArrayList<>();
    /** The round under way: batches and writes so far, and whether its connections are being flushed. */
    private int roundBatches;
    private int roundWrites;
    private boolean flushing;
    /** The batch being written, and where writing stands in it (frame, then subscriber). */
    private FrameBatch current;
    private int frame;
    private int subscriber;
    /** The current frame wrapped for combined connections on this loop (when the publisher did not). */
    private ByteBuf lateCombined;
    /** Connections of the round flushed so far. */
    private int flushed;
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
        this.sliceNanos = TimeUnit.MICROSECONDS.toNanos(config.fanoutSliceMicros());
        this.behindBatches = config.loopQueueCapacity() / 8;
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
                shutdown.countDown();
            }
        }
    }

    /** Whether a drain is scheduled or under way (it may be waiting to continue a batch). */
    boolean draining() {
        return scheduled.get();
    }

    /** Waits until this loop has told its connections that the server is shutting down (or is gone); false on timeout. */
    boolean awaitShutdown(final long timeoutNanos) throws InterruptedException {
        return shutdown.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    // ------------------------------------------------------------------------------------------------ loop side

    void countSubscriptions(final int delta) {
        subscriptions += delta;
    }

    private void drain() {
        final long deadline = System.nanoTime() + sliceNanos;
        boolean roundDone = false;
        while (true) {
            if (current == null && !flushing) {
                final FrameBatch next = queue.peek();
                if (roundBatches > 0 && (next == null || next.control != FrameBatch.Control.NONE || roundBatches == MAX_BATCHES_PER_ROUND
                    || roundWrites >= MAX_WRITES_PER_ROUND)) {
                    flushing = true;
                } else if (next == null) {
                    break;
                } else if (roundDone && System.nanoTime() - deadline >= 0) {
                    // A round is done and the slice used up: the tasks queued meanwhile run before the next.
                    resumeLater();
                    return;
                } else {
                    queue.poll();
                    if (next.control != FrameBatch.Control.NONE) {
                        handle(next);
                        continue;
                    }
                    current = next;
                    roundBatches++;
                }
            }
            if ((current != null && !write(deadline)) || (flushing && !flush(deadline))) {
                resumeLater();
                return;
            }
            roundDone |= roundBatches == 0;
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
        slicesSinceIo = 0;
        scheduled.set(false);
        // A batch offered between the last poll and the reset found the flag set and did not schedule: look again.
        if (!queue.isEmpty() || pendingControl != null || overrun) {
            schedule();
        }
    }

    /**
     * Continues after the tasks queued meanwhile (responses), and every {@value #SLICES_PER_IO_PASS} slices in a row after
     * the loop's next pass over its sockets (requests) as well; the drain stays scheduled meanwhile. A loop that falls
     * behind reads its sockets {@value #BEHIND_FACTOR} times less often.
     */
    private void resumeLater() {
        final int ioEvery = queue.size() > behindBatches ? BEHIND_FACTOR * SLICES_PER_IO_PASS : SLICES_PER_IO_PASS;
        try {
            if (++slicesSinceIo < ioEvery) {
                executor.execute(drainTask);
            } else {
                // A timer due at once runs after the next pass over the sockets; a task would run in the current one.
                slicesSinceIo = 0;
                executor.schedule(drainTask, 1, TimeUnit.NANOSECONDS);
            }
        } catch (final RejectedExecutionException e) {
            scheduled.set(false);
            shutdown.countDown();
        }
    }

    /** A control batch, handled whole. */
    private void handle(final FrameBatch batch) {
        switch (batch.control) {
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
                shutdown.countDown();
            }
            default -> throw new IllegalStateException("unknown control " + batch.control);
        }
    }

    /** Writes {@link #current} from where it stands; true when it is all written, false if the slice ended first. */
    private boolean write(final long deadline) {
        final FrameBatch batch = current;
        int writes = 0;
        while (frame < batch.size()) {
            final Topic topic = batch.topic(frame);
            final SubscriberList list = topic.existing(index);
            // The size is read again at each step: a subscription made during a pause is appended.
            while (list != null && subscriber < list.size()) {
                final Subscription s = list.get(subscriber++);
                final StreamConnection c = s.connection;
                if (s.leaving || c.closing) {
                    continue;
                }
                final ByteBuf payload;
                if (!c.combinedPayloads()) {
                    payload = batch.raw(frame);
                } else if (batch.combined(frame) != null) {
                    payload = batch.combined(frame);
                } else {
                    if (lateCombined == null) {
                        // Switched to combined after the publisher encoded this frame: wrap it here, once for this loop.
                        lateCombined = Unpooled.wrappedBuffer(MarketStreamsPublisher.wrap(topic, ByteBufUtil.getBytes(batch.raw(frame))));
                    }
                    payload = lateCombined;
                }
                if (!c.dirty) {
                    c.dirty = true;
                    dirty.add(c);
                }
                c.write(payload);
                roundWrites++;
                if (++writes % WRITES_PER_CHECK == 0 && System.nanoTime() - deadline >= 0) {
                    return false;
                }
            }
            frame++;
            subscriber = 0;
            lateCombined = null;
        }
        frame = 0;
        current = null;
        return true;
    }

    /** Flushes the round's connections from where it stands; true when the round is done, false if the slice ended first. */
    private boolean flush(final long deadline) {
        while (flushed < dirty.size()) {
            final StreamConnection c = dirty.get(flushed++);
            c.dirty = false;
            if (!c.closing) {
                c.flush();
                if (flushed < dirty.size() && System.nanoTime() - deadline >= 0) {
                    return false;
                }
            }
        }
        dirty.clear();
        flushed = 0;
        flushing = false;
        roundBatches = 0;
        roundWrites = 0;
        for (int i = 0, n = leaving.size(); i < n; i++) {
            final Subscription s = leaving.get(i);
            s.topic.existing(index).remove(s);
        }
        leaving.clear();
        return true;
    }

    /** Takes a subscription out of its topic's list for this loop: now, or once the round in progress is done. */
    void leave(final Subscription s) {
        if (roundBatches > 0) {
            s.leaving = true;
            leaving.add(s);
        } else {
            s.topic.existing(index).remove(s);
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
