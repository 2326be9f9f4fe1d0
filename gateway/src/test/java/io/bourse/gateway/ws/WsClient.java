package io.bourse.gateway.ws;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.bourse.gateway.Auth;
import io.vertx.core.json.JsonObject;

/**
 * A WebSocket client for tests, on the JDK's {@link WebSocket}: text messages land in a queue that the test awaits
 * with a timeout; for the WebSocket API, responses ({@code id}) and events ({@code event}) are kept apart. With
 * {@code reading=false} it reads nothing until {@link #startReading()}: a client that fell asleep.
 */
public final class WsClient implements AutoCloseable {
    /** How long a test waits for one message. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    /**
     * How the server closed the connection.
     *
     * @param code   the close code
     * @param reason the reason
     */
    public record Closed(int code, String reason) {
    }

    private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final List<JsonObject> pendingResponses = new ArrayList<>();
    private final List<JsonObject> pendingEvents = new ArrayList<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final AtomicLong nextId = new AtomicLong();
    private final WebSocket socket;
    private volatile boolean reading;

    private WsClient(final String url, final boolean reading) {
        this.reading = reading;
        final StringBuilder partial = new StringBuilder();
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(URI.create(url), new WebSocket.Listener() {
            @Override
            public void onOpen(final WebSocket webSocket) {
                if (WsClient.this.reading) {
                    webSocket.request(1);
                }
            }

            @Override
            public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last) {
                partial.append(data);
                if (last) {
                    messages.add(partial.toString());
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(final WebSocket webSocket, final ByteBuffer data, final boolean last) {
                messages.add("<binary>");
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason) {
                closed.complete(new Closed(statusCode, reason));
                return null;
            }

            @Override
            public void onError(final WebSocket webSocket, final Throwable error) {
                closed.complete(new Closed(-1, String.valueOf(error)));
            }
        }).join();
    }

    /** Connects to {@code url}, reading. */
    public static WsClient connect(final String url) {
        return new WsClient(url, true);
    }

    /** Connects to {@code url} without reading anything until {@link #startReading()}. */
    public static WsClient connectAsleep(final String url) {
        return new WsClient(url, false);
    }

    /** Starts reading (after {@link #connectAsleep}). */
    public void startReading() {
        reading = true;
        socket.request(1);
    }

    /** Sends a text frame. */
    public void send(final String text) {
        socket.sendText(text, true).join();
    }

    /** The next message, waited for at most {@link #TIMEOUT}. */
    public String next() {
        try {
            final String message = messages.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("no message within " + TIMEOUT);
            }
            return message;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next message, or null once the connection has closed and every message before the close has been taken. */
    public String nextOrClose() {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            while (true) {
                final String message = messages.poll(20, TimeUnit.MILLISECONDS);
                if (message != null) {
                    return message;
                }
                if (closed.isDone() && messages.isEmpty()) {
                    return null;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("neither a message nor a close within " + TIMEOUT);
                }
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next message that is not a response, as JSON. */
    public JsonObject nextEvent() {
        if (!pendingEvents.isEmpty()) {
            return pendingEvents.remove(0);
        }
        while (true) {
            final JsonObject message = new JsonObject(next());
            if (message.containsKey("status") && message.containsKey("id")) {
                pendingResponses.add(message);
            } else {
                return message;
            }
        }
    }

    /** Whether a message is already waiting (no wait). */
    public boolean hasMessage() {
        return !messages.isEmpty() || !pendingEvents.isEmpty();
    }

    /** Sends a WebSocket API request and waits for its response (events that come meanwhile are kept for {@link #nextEvent}). */
    public JsonObject call(final String method, final JsonObject params) {
        final String id = "r" + nextId.incrementAndGet();
        final JsonObject request = new JsonObject().put("id", id).put("method", method);
        if (params != null) {
            request.put("params", params);
        }
        send(request.encode());
        return response(id);
    }

    /** The response with this id. */
    public JsonObject response(final Object id) {
        for (int i = 0; i < pendingResponses.size(); i++) {
            if (id.equals(pendingResponses.get(i).getValue("id"))) {
                return pendingResponses.remove(i);
            }
        }
        while (true) {
            final JsonObject message = new JsonObject(next());
            if (message.containsKey("status") && id.equals(message.getValue("id"))) {
                return message;
            }
            if (message.containsKey("status")) {
                pendingResponses.add(message);
            } else {
                pendingEvents.add(message);
            }
        }
    }

    /** Sends a signed request: {@code apiKey} and {@code timestamp} added, HMAC signature over the sorted parameters. */
    public JsonObject signedCall(final String method, final JsonObject params, final String apiKey, final String secret) {
        return call(method, sign(params, apiKey, secret));
    }

    /** {@code params} with {@code apiKey}, {@code timestamp} and the WebSocket API signature (HMAC-SHA256) added. */
    public static JsonObject sign(final JsonObject params, final String apiKey, final String secret) {
        final JsonObject signed = params.copy().put("apiKey", apiKey);
        if (!signed.containsKey("timestamp")) {
            signed.put("timestamp", System.currentTimeMillis());
        }
        return signed.put("signature", Auth.hmacHex(secret, payload(signed)));
    }

    /** The signature payload: every parameter but {@code signature}, sorted by name, {@code name=value} joined by {@code &}. */
    public static String payload(final JsonObject params) {
        final StringBuilder out = new StringBuilder();
        for (final Map.Entry<String, Object> e : new TreeMap<>(params.getMap()).entrySet()) {
            if (!"signature".equals(e.getKey())) {
                out.append(out.isEmpty() ? "" : "&").append(e.getKey()).append('=').append(e.getValue());
            }
        }
        return out.toString();
    }

    /** How the server closed the connection, waited for at most {@code timeout}. */
    public Closed awaitClose(final Duration timeout) {
        return closed.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    /** Whether the connection has closed. */
    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.abort();
        }
    }
}
