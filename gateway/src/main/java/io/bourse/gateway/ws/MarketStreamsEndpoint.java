package io.bourse.gateway.ws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.core.net.SocketAddress;

/**
 * Accepts market stream connections, as Binance's stream servers do:
 * <ul>
 *   <li>{@code /ws/<stream>}: raw payloads of one stream; {@code /ws/<a>/<b>} of several;</li>
 *   <li>{@code /ws} and {@code /ws/<any other name>}: a connection with no stream yet (ccxt.pro connects to
 *       {@code /ws/<id>} and subscribes), names that are not stream names being ignored;</li>
 *   <li>{@code /stream?streams=<a>/<b>}: payloads wrapped as {@code {"stream":..,"data":..}}; here every name must be a
 *       valid stream name, or the handshake is refused with 400 (Binance's answer is not documented).</li>
 * </ul>
 * More than {@code maxStreamsPerConnection} names, or a {@code timeUnit} other than milliseconds (microseconds are not
 * supported), get 400; an IP over its handshake limit gets 429; while market data is down, 503.
 *
 * <h2>Threads</h2>
 * {@link #open} runs on the event loop of the new connection; the connection then lives on that loop, in its
 * {@link LoopFanout} (created the first time a loop accepts one). Thread-safe.
 */
final class MarketStreamsEndpoint implements WebSocketGateway.Endpoint {
    private static final Logger LOG = Logger.getLogger(MarketStreamsEndpoint.class.getName());

    private final MarketStreamsConfig config;
    private final StreamRegistry registry;
    private final MarketStreamsPublisher publisher;
    private final StreamStats stats;
    private final HandshakeLimiter limiter;
    private final Map<EventExecutor, LoopFanout> loops = new ConcurrentHashMap<>();
    private final AtomicInteger nextLoop = new AtomicInteger();
    private volatile boolean accepting = true;

    MarketStreamsEndpoint(final MarketStreamsConfig config, final StreamRegistry registry, final MarketStreamsPublisher publisher,
        final StreamStats stats) {
        this.config = config;
        this.registry = registry;
        this.publisher = publisher;
        this.stats = stats;
        this.limiter = new HandshakeLimiter(config.connectionsPerIpPer5Minutes());
    }

    /** Refuses every later handshake with 503 (shutdown, or market data failed). */
    void stopAccepting() {
        accepting = false;
    }

    @Override
    public void open(final ServerWebSocketHandshake handshake) {
        if (!accepting) {
            handshake.reject(503);
            return;
        }
        final SocketAddress remote = handshake.remoteAddress();
        final String ip = remote == null ? "" : remote.hostAddress();
        if (!limiter.tryAcquire(ip, System.currentTimeMillis())) {
            stats.refusedPerIp.incrementAndGet();
            handshake.reject(429);
            return;
        }
        final QueryStringDecoder uri = new QueryStringDecoder(handshake.uri());
        final List<String> timeUnit = uri.parameters().get("timeUnit");
        if (timeUnit != null && (timeUnit.size() != 1 || !timeUnit.get(0).equalsIgnoreCase("MILLISECOND"))) {
            handshake.reject(400);
            return;
        }
        final boolean combined = handshake.path().equals("/stream");
        final List<StreamName> streams = new ArrayList<>();
        if (combined) {
            final List<String> values = uri.parameters().get("streams");
            if (values != null) {
                for (final String value : values) {
                    for (final String name : value.split("/")) {
                        if (name.isEmpty()) {
                            continue;
                        }
                        final StreamName stream = StreamName.parse(name);
                        if (stream == null) {
                            handshake.reject(400);
                            return;
                        }
                        streams.add(stream);
                    }
                }
            }
        } else {
            final String path = handshake.path();
            final String rest = path.length() > "/ws/".length() ? path.substring("/ws/".length()) : "";
            for (final String segment : rest.split("/")) {
                final StreamName stream = StreamName.parse(QueryStringDecoder.decodeComponent(segment));
                if (stream != null) {
                    streams.add(stream);
                }
            }
        }
        if (streams.size() > config.maxStreamsPerConnection()) {
            handshake.reject(400);
            return;
        }
        handshake.accept().onComplete(ws -> onOpen(ws, streams, combined), error -> LOG.log(Level.FINE, "handshake failed", error));
    }

    private void onOpen(final ServerWebSocket ws, final List<StreamName> streams, final boolean combined) {
        final ChannelHandlerContext chctx = ((WebSocketInternal) ws).channelHandlerContext();
        final Channel channel = chctx.channel();
        if (config.socketSendBufferBytes() > 0) {
            channel.config().setOption(ChannelOption.SO_SNDBUF, config.socketSendBufferBytes());
        }
        final LoopFanout loop = loops.computeIfAbsent(chctx.executor(), executor -> {
            final LoopFanout created = new LoopFanout(nextLoop.getAndIncrement(), executor, config, registry, stats);
            publisher.addLoop(created);
            return created;
        });
        final StreamConnection c = new StreamConnection(loop, chctx, combined, System.nanoTime());
        loop.add(c);
        stats.accepted.incrementAndGet();
        ws.frameHandler(frame -> c.onFrame(frame, System.nanoTime()));
        ws.textMessageHandler(text -> c.onText(text, System.nanoTime()));
        ws.pongHandler(payload -> c.onPong(payload, System.nanoTime()));
        ws.exceptionHandler(error -> LOG.log(Level.FINE, "market stream connection failed", error));
        ws.closeHandler(v -> loop.remove(c));
        c.subscribe(streams);
        if (ws.isClosed() || !channel.isActive()) {
            loop.remove(c);
        }
    }
}
