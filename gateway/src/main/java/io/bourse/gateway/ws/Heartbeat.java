package io.bourse.gateway.ws;

import java.util.function.LongSupplier;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

/**
 * Keeps a user-data or WebSocket API connection honest, as Binance does: a ping frame every 20 seconds, and a close
 * (with a reason) when no pong has come back for a minute, or when the client sends a message that is too big. The
 * pings are also what keeps an otherwise quiet connection from the HTTP server's idle timeout.
 */
final class Heartbeat {
    /** How often the server pings. */
    static final long PING_INTERVAL_MILLIS = 20_000;
    /** How long the server waits for a pong before it hangs up. */
    static final long PONG_TIMEOUT_MILLIS = 60_000;
    /** The close code for a message that is too big, or a broken frame. */
    static final short TOO_BIG_CLOSE_CODE = 1009;
    /** The close code for a client that stopped answering pings (going away). */
    static final short NO_PONG_CLOSE_CODE = 1001;

    private Heartbeat() {
    }

    /** Starts pinging {@code socket} from {@code context}; stops by itself when the socket closes. */
    static void start(final Context context, final ServerWebSocket socket, final LongSupplier clockMillis, final Runnable onClose) {
        final long[] lastPong = {clockMillis.getAsLong()};
        socket.pongHandler(payload -> lastPong[0] = clockMillis.getAsLong());
        final long timer = context.owner().setPeriodic(PING_INTERVAL_MILLIS, id -> {
            final long now = clockMillis.getAsLong();
            if (now - lastPong[0] > PONG_TIMEOUT_MILLIS) {
                socket.close(NO_PONG_CLOSE_CODE, "No pong received for " + PONG_TIMEOUT_MILLIS / 1000 + " s");
            } else if (!socket.isClosed()) {
                socket.writePing(Buffer.buffer(Long.toString(now)));
            }
        });
        // Vert.x reports a message over its size limit here (and would go on with a truncated one): hang up, saying why.
        socket.exceptionHandler(e -> {
            if (!socket.isClosed()) {
                socket.close(TOO_BIG_CLOSE_CODE, "Message too big or malformed frame");
            }
        });
        socket.closeHandler(v -> {
            context.owner().cancelTimer(timer);
            onClose.run();
        });
    }
}
