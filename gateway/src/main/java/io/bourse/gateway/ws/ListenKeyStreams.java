package io.bourse.gateway.ws;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

import io.bourse.gateway.Json;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;

/**
 * The legacy user data stream: {@code /ws/<listenKey>} delivers the account's events as bare payloads,
 * {@code /stream?streams=<listenKey>} wraps each as {@code {"stream":"<listenKey>","data":...}}. When the key is
 * closed ({@code DELETE userDataStream}) or found expired, each of its connections gets {@code listenKeyExpired} after
 * the events before it, and is closed.
 */
public final class ListenKeyStreams implements WebSocketGateway.Endpoint {
    /** The close code after {@code listenKeyExpired} (normal closure). */
    public static final short EXPIRED_CLOSE_CODE = 1000;
    /** The most connections on one listenKey; more are refused with 429. */
    public static final int MAX_CONNECTIONS_PER_KEY = 64;

    private record Connection(UserDataStreams.Subscriber subscriber) {
    }

    private final UserDataStreams streams;
    private final ToLongFunction<String> accountOf;
    private final LongSupplier clockMillis;
    private final int maxQueued;
    private final Map<String, Set<Connection>> byKey = new ConcurrentHashMap<>();

    /**
     * @param streams     the user data streams
     * @param accountOf   the account of a live listenKey, or -1
     * @param clockMillis the server's clock
     * @param maxQueued   how many messages may wait per connection before it is closed as too slow
     */
    public ListenKeyStreams(final UserDataStreams streams, final ToLongFunction<String> accountOf, final LongSupplier clockMillis,
        final int maxQueued) {
        this.streams = streams;
        this.accountOf = accountOf;
        this.clockMillis = clockMillis;
        this.maxQueued = maxQueued;
    }

    /** The listenKey a handshake names: the last part of {@code /ws/<key>}, or {@code streams=<key>} of {@code /stream}. */
    public static String listenKeyOf(final String path, final String query) {
        if (path.startsWith("/ws/") && path.length() > "/ws/".length()) {
            return path.substring("/ws/".length());
        }
        if ("/stream".equals(path) && query != null) {
            for (final String pair : query.split("&")) {
                if (pair.startsWith("streams=") && pair.indexOf('/', "streams=".length()) < 0) {
                    return pair.substring("streams=".length());
                }
            }
        }
        return null;
    }

    @Override
    public void open(final ServerWebSocketHandshake handshake) {
        final String key = listenKeyOf(handshake.path(), handshake.query());
        final long accountId = key == null ? -1 : accountOf.applyAsLong(key);
        if (accountId < 0) {
            handshake.reject(404);
            return;
        }
        final Set<Connection> existing = byKey.get(key);
        if (existing != null && existing.size() >= MAX_CONNECTIONS_PER_KEY) {
            handshake.reject(429);
            return;
        }
        final Context context = Vertx.currentContext();
        final boolean combined = !handshake.path().startsWith("/ws/");
        handshake.accept().onSuccess(socket -> serve(context, socket, key, accountId, combined));
    }

    private void serve(final Context context, final ServerWebSocket socket, final String key, final long accountId, final boolean combined) {
        final Outbox outbox = new Outbox(context, socket, maxQueued);
        final String prefix = combined ? new Json(96).beginObject().field("stream", key).name("data").toString() : "";
        final UserDataStreams.Subscriber subscriber = streams.subscribe(accountId, outbox, prefix, combined ? "}" : "");
        if (subscriber == null) {
            socket.close((short) 1013, "Too many streams for this account");
            return;
        }
        final Connection connection = new Connection(subscriber);
        byKey.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(connection);
        Heartbeat.start(context, socket, clockMillis, () -> {
            outbox.onClosed();
            streams.unsubscribe(subscriber, null);
            byKey.computeIfPresent(key, (k, set) -> {
                set.remove(connection);
                return set.isEmpty() ? null : set;
            });
        });
        // Incoming text is not a request on this stream; it is read and ignored, as Binance does.
        socket.textMessageHandler(text -> { });
        if (accountOf.applyAsLong(key) < 0) {
            // The key ended while the handshake completed.
            onKeyEnded(key);
        }
    }

    /** Tells every connection of a closed or expired key, and closes them (called by the listenKey registry). */
    public void onKeyEnded(final String key) {
        final Set<Connection> connections = byKey.remove(key);
        if (connections == null) {
            return;
        }
        final String expired = new Json(128).beginObject().field("e", "listenKeyExpired").field("E", clockMillis.getAsLong())
            .field("listenKey", key).endObject().toString();
        for (final Connection connection : connections) {
            final UserDataStreams.Subscriber subscriber = connection.subscriber();
            if (streams.unsubscribe(subscriber, null)) {
                subscriber.outbox().finish(subscriber.wrap(expired), EXPIRED_CLOSE_CODE, "listenKey expired");
            }
        }
    }
}
