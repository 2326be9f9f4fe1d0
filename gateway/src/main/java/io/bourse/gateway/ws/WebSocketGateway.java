package io.bourse.gateway.ws;

import java.util.function.ToLongFunction;

import io.vertx.core.http.ServerWebSocketHandshake;

/**
 * Routes each WebSocket handshake by its path, as Binance does on one port:
 * <ul>
 *   <li>{@code /ws-api/v3}: the WebSocket API (requests {@code {id, method, params}}, user data subscriptions);</li>
 *   <li>{@code /ws/<listenKey>} or {@code /stream?streams=<listenKey>} with a live listenKey: that account's legacy user
 *       data stream;</li>
 *   <li>{@code /ws}, {@code /ws/<anything else>} and {@code /stream}: market streams (ccxt.pro connects to
 *       {@code /ws/<n>} and then subscribes, so any name is accepted);</li>
 *   <li>anything else: refused with 404.</li>
 * </ul>
 * Each endpoint accepts or rejects the handshake itself (so it can refuse, e.g., too many connections).
 */
public final class WebSocketGateway {
    /** The WebSocket API's path. */
    public static final String WS_API_PATH = "/ws-api/v3";

    /** One kind of WebSocket endpoint. */
    @FunctionalInterface
    public interface Endpoint {
        /** Accepts (or rejects) the handshake and serves the connection. Called on the connection's event loop. */
        void open(ServerWebSocketHandshake handshake);

        /** An endpoint that refuses every handshake with 404. */
        Endpoint NONE = handshake -> handshake.reject(404);
    }

    private final Endpoint market;
    private final Endpoint listenKeyStream;
    private final Endpoint wsApi;
    private final ToLongFunction<String> listenKeyAccount;

    /**
     * @param market           the market streams
     * @param listenKeyStream  the legacy user data stream, for a path whose last part is a live listenKey
     * @param wsApi            the WebSocket API
     * @param listenKeyAccount the account of a live listenKey, or -1
     */
    public WebSocketGateway(final Endpoint market, final Endpoint listenKeyStream, final Endpoint wsApi,
        final ToLongFunction<String> listenKeyAccount) {
        this.market = market;
        this.listenKeyStream = listenKeyStream;
        this.wsApi = wsApi;
        this.listenKeyAccount = listenKeyAccount;
    }

    private boolean isListenKey(final String name) {
        return name != null && listenKeyAccount.applyAsLong(name) >= 0;
    }

    /** Dispatches one handshake. */
    public void handshake(final ServerWebSocketHandshake handshake) {
        final String path = handshake.path();
        if (path == null) {
            handshake.reject(400);
        } else if (path.equals(WS_API_PATH)) {
            wsApi.open(handshake);
        } else if (isListenKey(ListenKeyStreams.listenKeyOf(path, handshake.query()))) {
            listenKeyStream.open(handshake);
        } else if (path.equals("/ws") || path.startsWith("/ws/") || path.equals("/stream")) {
            market.open(handshake);
        } else {
            handshake.reject(404);
        }
    }
}
