package io.bourse.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.bourse.engine.Command;
import io.bourse.engine.Event;
import io.bourse.gateway.Catalog;
import io.bourse.gateway.ListenKeys;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;

/**
 * The user data streams' delivery on real sockets, with the test acting as the sequencer: a subscriber that stops
 * reading is closed with a reason once its outbox overflows, while another subscriber of the same account gets every
 * event in order; and an expired listenKey ends its streams with {@code listenKeyExpired}.
 */
class SlowSubscriberTest {
    private static final int MAX_QUEUED = 100;
    private static final long ACCOUNT = 7;

    private Vertx vertx;
    private ListenKeys listenKeys;
    private UserDataStreams streams;
    private int port;
    private long seq;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        final Catalog catalog = Catalog.empty();
        catalog.apply(List.of(new Event.AdminApplied(1, 0, new Command.AddAsset(0, "USDT", 8))));
        streams = new UserDataStreams(catalog);
        listenKeys = new ListenKeys();
        final ListenKeyStreams endpoint = new ListenKeyStreams(streams, key -> listenKeys.accountOf(key, System.currentTimeMillis()),
            System::currentTimeMillis, MAX_QUEUED);
        listenKeys.onEnded(endpoint::onKeyEnded);
        final WebSocketGateway gateway = new WebSocketGateway(WebSocketGateway.Endpoint.NONE, endpoint, WebSocketGateway.Endpoint.NONE,
            key -> listenKeys.accountOf(key, System.currentTimeMillis()));
        final HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
            .requestHandler(r -> r.response().setStatusCode(404).end()).webSocketHandshakeHandler(gateway::handshake);
        port = server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** One command's events for the account, as the sequencer hands them over: a deposit of {@code n} units. */
    private void deposit(final long n) {
        seq++;
        streams.onResult(seq, seq, seq * 1_000_000, List.of(new Event.BalanceAdjusted(seq, seq * 1_000_000, ACCOUNT, 0, n, "ref"),
            new Event.BalanceChanged(seq, seq * 1_000_000, ACCOUNT, 0, n, 0)), null);
    }

    private static void await(final BooleanSupplier condition, final String what) {
        final long deadline = System.nanoTime() + WsClient.TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    @Test
    void aSubscriberThatStopsReadingIsClosedWithAReasonAndTheOtherGetsEverything() {
        final String key = listenKeys.start(ACCOUNT, System.currentTimeMillis());
        final String url = "ws://127.0.0.1:" + port + "/ws/" + key;
        try (WsClient slow = WsClient.connectAsleep(url); WsClient fast = WsClient.connect(url)) {
            await(() -> streams.subscribers(ACCOUNT) == 2, "two subscribers");
            long n = 0;
            // Each command is read by the fast subscriber before the next: only the sleeping one falls behind.
            while (streams.subscribers(ACCOUNT) == 2) {
                n++;
                assertThat(n).as("the slow subscriber should have been dropped by now").isLessThan(1_000_000);
                deposit(n);
                final JsonObject update = new JsonObject(fast.next());
                assertThat(update.getString("e")).isEqualTo("balanceUpdate");
                assertThat(update.getString("d")).isEqualTo(String.format("0.%08d", n));
                assertThat(new JsonObject(fast.next()).getString("e")).isEqualTo("outboundAccountPosition");
            }
            System.out.println("slow subscriber dropped after " + n + " commands");
            // The other one goes on.
            deposit(n + 1);
            assertThat(new JsonObject(fast.next()).getString("d")).isEqualTo(String.format("0.%08d", n + 1));
            assertThat(new JsonObject(fast.next()).getString("e")).isEqualTo("outboundAccountPosition");

            // The sleeper wakes up: a prefix of the events, in order, then the close with its reason.
            slow.startReading();
            long expected = 1;
            for (String message = slow.nextOrClose(); message != null; message = slow.nextOrClose()) {
                final JsonObject event = new JsonObject(message);
                if ("balanceUpdate".equals(event.getString("e"))) {
                    assertThat(event.getString("d")).isEqualTo(String.format("0.%08d", expected));
                    expected++;
                }
            }
            assertThat(expected).isLessThan(n);
            final WsClient.Closed closed = slow.awaitClose(Duration.ofSeconds(15));
            assertThat(closed.code()).isEqualTo(Outbox.SLOW_CLOSE_CODE);
            assertThat(closed.reason()).startsWith("Too slow: more than " + MAX_QUEUED + " messages waiting");
        }
    }

    @Test
    void anExpiredListenKeyEndsItsStreams() {
        final String key = listenKeys.start(ACCOUNT, System.currentTimeMillis());
        try (WsClient ws = WsClient.connect("ws://127.0.0.1:" + port + "/ws/" + key);
            WsClient combined = WsClient.connect("ws://127.0.0.1:" + port + "/stream?streams=" + key)) {
            await(() -> streams.subscribers(ACCOUNT) == 2, "two subscribers");
            deposit(5);
            assertThat(new JsonObject(ws.next()).getString("e")).isEqualTo("balanceUpdate");
            final JsonObject wrapped = new JsonObject(combined.next());
            assertThat(wrapped.fieldNames()).containsExactly("stream", "data");
            assertThat(wrapped.getString("stream")).isEqualTo(key);
            assertThat(wrapped.getJsonObject("data").getString("e")).isEqualTo("balanceUpdate");
            assertThat(new JsonObject(ws.next()).getString("e")).isEqualTo("outboundAccountPosition");
            assertThat(new JsonObject(combined.next()).getJsonObject("data").getString("e")).isEqualTo("outboundAccountPosition");

            // An hour and a bit later, nobody kept it alive: the purge finds it expired.
            listenKeys.purge(System.currentTimeMillis() + ListenKeys.VALIDITY_MILLIS + 1);
            final JsonObject expired = new JsonObject(ws.next());
            assertThat(expired.getString("e")).isEqualTo("listenKeyExpired");
            assertThat(expired.getString("listenKey")).isEqualTo(key);
            assertThat(new JsonObject(combined.next()).getJsonObject("data").getString("e")).isEqualTo("listenKeyExpired");
            assertThat(ws.awaitClose(WsClient.TIMEOUT)).isEqualTo(new WsClient.Closed(1000, "listenKey expired"));
            assertThat(combined.awaitClose(WsClient.TIMEOUT).code()).isEqualTo(1000);
            await(() -> streams.subscribers(ACCOUNT) == 0, "no subscribers");
            deposit(6);
            assertThat(ws.hasMessage()).isFalse();
        }
        // The key is gone: its path is not a user data stream any more.
        assertThat(listenKeys.accountOf(key, System.currentTimeMillis())).isEqualTo(-1);
    }
}
