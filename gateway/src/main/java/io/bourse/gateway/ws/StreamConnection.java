package io.bourse.gateway.ws;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;

/**
 * One market stream connection: its subscriptions, its {@code combined} property, its incoming message rate and its
 * last pong. Frames are written straight to the Netty channel of the WebSocket (below Vert.x's write queue, with a void
 * promise: no allocation per write beyond the frame), and flushed once per batch.
 *
 * <h2>Outbound buffer</h2>
 * Two parts. The channel's own buffer is small ({@link MarketStreamsConfig#channelBufferBytes}, its high water mark);
 * when it is full, further messages wait in the connection's {@link FrameBacklog} (references to the shared payloads,
 * bounded by {@link MarketStreamsConfig#outboundBufferBytes}), and are written from there, in order, as the channel
 * drains. A client that lets the backlog overflow is too slow: the backlog is dropped (those messages are never sent)
 * and the close frame (1008, with a reason) is written right behind the channel's small buffer, so a client that reads
 * again gets every message up to a point, in order and without a gap, then the close frame, and can resync. The TCP
 * connection is cut when the close frame is out, or when the grace period ends: a closing connection holds at most
 * the channel's buffer meanwhile. Nothing is ever skipped silently.
 *
 * <h2>Threads</h2>
 * Everything runs on the connection's event loop (the one of its {@link LoopFanout}); nothing here is thread-safe.
 * Idle connections hold no buffers: a few fields and their subscriptions.
 */
final class StreamConnection implements StreamRequests.Session {
    static final int CLOSE_GOING_AWAY = 1001;
    static final int CLOSE_UNSUPPORTED = 1003;
    static final int CLOSE_POLICY = 1008;
    static final int CLOSE_INTERNAL = 1011;
    static final int CLOSE_TRY_AGAIN = 1013;
    private static final long SECOND_NANOS = 1_000_000_000L;
    private static final Subscription[] NONE = new Subscription[0];
    private static final String BACKLOG_HANDLER = "marketStreamBacklog";
    static final String SLOW_REASON = "outbound buffer full: too slow, resubscribe and resync";

    private final LoopFanout loop;
    private final ChannelHandlerContext chctx;
    private final Channel channel;
    /** Index in the loop's connection array. */
    int slot = -1;
    private boolean combined;
    boolean closing;
    /** In the loop's list of connections to flush after the current batch. */
    boolean dirty;
    long lastPongNanos;
    private long rateWindowStart;
    private int rateCount;
    private Subscription[] subscriptions = NONE;
    private int subscriptionCount;
    /** Created on the first stall. */
    private FrameBacklog backlog;

    StreamConnection(final LoopFanout loop, final ChannelHandlerContext chctx, final boolean combined, final long nowNanos) {
        this.loop = loop;
        this.chctx = chctx;
        this.channel = chctx.channel();
        this.combined = combined;
        this.lastPongNanos = nowNanos;
        this.rateWindowStart = nowNanos;
        channel.config().setWriteBufferWaterMark(loop.waterMark());
    }

    boolean combinedPayloads() {
        return combined;
    }

    // ------------------------------------------------------------------------------------------------ outbound

    /**
     * Writes one data frame (a duplicate of a shared payload), or queues it behind others in the backlog; false if the
     * connection is closing, or if that overflowed the backlog (the connection is then closing).
     */
    boolean write(final ByteBuf payload) {
        if (closing) {
            return false;
        }
        if ((backlog == null || backlog.isEmpty()) && channel.isWritable()) {
            writeNow(payload);
            return true;
        }
        if (backlog == null) {
            backlog = new FrameBacklog(this, loop.config().outboundBufferBytes());
            chctx.pipeline().addBefore(chctx.name(), BACKLOG_HANDLER, backlog);
        }
        if (backlog.offer(payload)) {
            return true;
        }
        loop.stats().closedSlow.incrementAndGet();
        close(CLOSE_POLICY, SLOW_REASON);
        return false;
    }

    private void writeNow(final ByteBuf payload) {
        chctx.write(new TextWebSocketFrame(payload.retainedDuplicate()), chctx.voidPromise());
    }

    /** The channel became writable: writes what waits while it stays so, then flushes. */
    void writeBacklog() {
        if (closing || backlog == null) {
            return;
        }
        boolean wrote = false;
        while (channel.isWritable()) {
            final ByteBuf payload = backlog.poll();
            if (payload == null) {
                break;
            }
            writeNow(payload);
            wrote = true;
        }
        if (wrote) {
            chctx.flush();
        }
    }

    /** Messages waiting in the backlog (0 without one). */
    int backlogSize() {
        return backlog == null ? 0 : backlog.size();
    }

    void flush() {
        chctx.flush();
    }

    /** Sends one text message now (a response); may close the connection if its buffer is full. */
    void send(final String text) {
        if (closing) {
            return;
        }
        if (write(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)))) {
            chctx.flush();
        }
    }

    void ping(final ByteBuf payload) {
        chctx.writeAndFlush(new PingWebSocketFrame(payload.retainedDuplicate()), chctx.voidPromise());
    }

    /**
     * Closes with a status and a reason (at most 123 bytes): drops every subscription and what waits in the backlog,
     * writes the close frame after what the channel holds, and cuts the TCP connection once it is written or after the
     * grace period. Idempotent.
     */
    void close(final int status, final String reason) {
        close(status, reason, null);
    }

    /** As {@link #close(int, String)}, with one last message (a shared payload, or null) just before the close frame. */
    void close(final int status, final String reason, final ByteBuf lastMessage) {
        if (closing) {
            return;
        }
        closing = true;
        unsubscribeAll();
        if (backlog != null) {
            backlog.clear();
        }
        if (lastMessage != null) {
            writeNow(lastMessage);
        }
        // Closed from this context, below Vert.x's handler: Vert.x would otherwise start its own closing handshake (a
        // second close frame, then a wait for the peer's) instead of cutting the connection.
        final ScheduledFuture<?> cut = chctx.executor().schedule(() -> {
            chctx.close();
        }, loop.config().closeGraceMillis(), TimeUnit.MILLISECONDS);
        // Written, or failed because the channel closed: either way the timer has nothing left to do.
        chctx.writeAndFlush(new CloseWebSocketFrame(status, reason)).addListener(written -> {
            cut.cancel(false);
            chctx.close();
        });
    }

    // ------------------------------------------------------------------------------------------------ inbound

    /**
     * Every incoming frame: refuses binary ones, and counts pings and pongs as messages (Binance counts text messages,
     * pings and pongs; text messages are counted whole, in {@link #onText}, which Vert.x calls before this).
     */
    void onFrame(final WebSocketFrame frame, final long nowNanos) {
        if (closing) {
            return;
        }
        switch (frame.type()) {
            case BINARY -> {
                loop.stats().closedBinary.incrementAndGet();
                close(CLOSE_UNSUPPORTED, "binary frames are not accepted: send JSON text");
            }
            case PING, PONG -> countMessage(nowNanos);
            default -> {
            }
        }
    }

    /** Counts one incoming message; false if it was one too many (the connection is then closing). */
    private boolean countMessage(final long nowNanos) {
        if (nowNanos - rateWindowStart >= SECOND_NANOS) {
            rateWindowStart = nowNanos;
            rateCount = 0;
        }
        if (++rateCount > loop.config().maxIncomingPerSecond()) {
            loop.stats().closedRate.incrementAndGet();
            close(CLOSE_POLICY, "too many messages: more than " + loop.config().maxIncomingPerSecond() + " per second");
            return false;
        }
        return true;
    }

    void onText(final String text, final long nowNanos) {
        if (!closing && countMessage(nowNanos)) {
            send(StreamRequests.handle(text, this));
        }
    }

    void onPong(final Buffer payload, final long nowNanos) {
        if (payload.length() == Long.BYTES && loop.answersRecentPing(payload.getLong(0))) {
            lastPongNanos = nowNanos;
        }
    }

    // ------------------------------------------------------------------------------------------------ subscriptions

    @Override
    public String subscribe(final List<StreamName> streams) {
        final List<StreamName> fresh = new ArrayList<>(streams.size());
        for (final StreamName stream : streams) {
            if (find(stream.name()) < 0 && fresh.stream().noneMatch(s -> s.name().equals(stream.name()))) {
                fresh.add(stream);
            }
        }
        final int max = loop.config().maxStreamsPerConnection();
        if (subscriptionCount + fresh.size() > max) {
            return "Invalid request: too many streams: a connection can listen to at most " + max;
        }
        for (final StreamName stream : fresh) {
            add(new Subscription(this, stream.name(), loop.registry().topic(stream)));
        }
        return null;
    }

    private void add(final Subscription s) {
        if (subscriptionCount == subscriptions.length) {
            subscriptions = Arrays.copyOf(subscriptions, Math.max(2, subscriptionCount * 2));
        }
        subscriptions[subscriptionCount++] = s;
        if (s.topic != null) {
            s.topic.list(loop.index).add(s);
            s.topic.countSubscriber(1, combined);
            loop.countSubscriptions(1);
        }
    }

    private int find(final String name) {
        for (int i = 0; i < subscriptionCount; i++) {
            if (subscriptions[i].name.equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void unsubscribe(final List<String> names) {
        for (final String name : names) {
            final int i = find(name);
            if (i >= 0) {
                final Subscription s = subscriptions[i];
                System.arraycopy(subscriptions, i + 1, subscriptions, i, subscriptionCount - i - 1);
                subscriptions[--subscriptionCount] = null;
                detach(s);
            }
        }
    }

    private void detach(final Subscription s) {
        if (s.topic != null) {
            loop.leave(s);
            s.topic.countSubscriber(-1, combined);
            loop.countSubscriptions(-1);
        }
    }

    /** Drops every subscription (when closing). */
    void unsubscribeAll() {
        for (int i = 0; i < subscriptionCount; i++) {
            detach(subscriptions[i]);
            subscriptions[i] = null;
        }
        subscriptionCount = 0;
        subscriptions = NONE;
    }

    @Override
    public List<String> subscriptions() {
        final List<String> names = new ArrayList<>(subscriptionCount);
        for (int i = 0; i < subscriptionCount; i++) {
            names.add(subscriptions[i].name);
        }
        return names;
    }

    @Override
    public boolean combined() {
        return combined;
    }

    @Override
    public void combined(final boolean value) {
        if (value == combined) {
            return;
        }
        combined = value;
        for (int i = 0; i < subscriptionCount; i++) {
            if (subscriptions[i].topic != null) {
                subscriptions[i].topic.countCombined(value ? 1 : -1);
            }
        }
    }
}
