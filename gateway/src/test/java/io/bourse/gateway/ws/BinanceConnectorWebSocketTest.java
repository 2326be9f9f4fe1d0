package io.bourse.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.binance.connector.client.impl.WebSocketApiClientImpl;
import com.binance.connector.client.impl.WebSocketStreamClientImpl;
import com.binance.connector.client.utils.signaturegenerator.HmacSignatureGenerator;

import io.bourse.gateway.ApiClient;
import io.bourse.gateway.ExchangeNode;
import io.bourse.gateway.Funding;
import io.bourse.gateway.NodeConfig;
import io.vertx.core.json.JsonObject;

/**
 * The real Binance Java connector 3.4.1, unmodified, on the WebSocket side: {@code WebSocketApiClientImpl} (pointed at
 * {@code ws://127.0.0.1:PORT/ws-api/v3}, signing with its {@code HmacSignatureGenerator}) places, queries and cancels
 * orders and starts a listenKey; {@code WebSocketStreamClientImpl.listenUserStream} receives the execution reports.
 */
class BinanceConnectorWebSocketTest {
    @TempDir
    static Path dataDir;

    private static ExchangeNode node;

    @BeforeAll
    static void start() {
        node = ExchangeNode.start(NodeConfig.defaults(dataDir).withPort(0).withFsync(false));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** Messages a connector callback received, awaited with a timeout. */
    private static final class Inbox {
        final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
        final List<JsonObject> skipped = new ArrayList<>();

        JsonObject await(final Predicate<JsonObject> wanted) throws InterruptedException {
            final long deadline = System.nanoTime() + WsClient.TIMEOUT.toNanos();
            while (true) {
                final String text = queue.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (text == null) {
                    throw new AssertionError("no matching message within " + WsClient.TIMEOUT + "; got " + skipped);
                }
                final JsonObject message = new JsonObject(text);
                if (wanted.test(message)) {
                    return message;
                }
                skipped.add(message);
            }
        }

        JsonObject response(final String id) throws InterruptedException {
            final JsonObject r = await(m -> id.equals(m.getValue("id")));
            assertThat(r.getInteger("status")).as(r.encode()).isEqualTo(200);
            return r;
        }
    }

    @Test
    void webSocketApiAndUserStreamWorkWithTheUnmodifiedConnector() throws InterruptedException {
        final Funding.Account alice = Funding.open(node, "alice", "USDT", "10000");
        final Funding.Account bob = Funding.open(node, "bob", "BTC", "1");
        final Inbox api = new Inbox();
        final WebSocketApiClientImpl client = new WebSocketApiClientImpl(alice.apiKey(), new HmacSignatureGenerator(alice.secret()),
            "ws://127.0.0.1:" + node.port() + "/ws-api/v3");
        client.connect(api.queue::add);
        final Inbox stream = new Inbox();
        final WebSocketStreamClientImpl streams = new WebSocketStreamClientImpl("ws://127.0.0.1:" + node.port());
        try {
            client.general().ping(new JSONObject().put("requestId", "ping-1"));
            assertThat(api.response("ping-1").getJsonObject("result")).isEqualTo(new JsonObject());

            client.userDataStream().userDataStreamStart(new JSONObject().put("requestId", "start-1"));
            final String listenKey = api.response("start-1").getJsonObject("result").getString("listenKey");
            final JsonObject[] opened = {null};
            final CountDownLatch open = new CountDownLatch(1);
            streams.listenUserStream(listenKey, response -> open.countDown(), stream.queue::add, (code, reason) -> { }, (code, reason) -> { },
                (error, response) -> opened[0] = new JsonObject().put("error", String.valueOf(error)));
            assertThat(open.await(WsClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("user stream opened").isTrue();
            assertThat(opened[0]).isNull();

            // Place (the quantity as a Java double, the price as an int: the connector signs their text as it sends it).
            client.trade().newOrder("BTCUSDT", "BUY", "LIMIT", new JSONObject().put("requestId", "place-1").put("timeInForce", "GTC")
                .put("quantity", 0.002).put("price", 30000).put("newClientOrderId", "bcj-1"));
            final JsonObject placed = api.response("place-1").getJsonObject("result");
            assertThat(placed.getString("status")).isEqualTo("NEW");
            assertThat(placed.getString("origQty")).isEqualTo("0.00200000");
            final long orderId = placed.getLong("orderId");
            final JsonObject newReport = stream.await(m -> "executionReport".equals(m.getString("e")));
            assertThat(newReport.getString("x")).isEqualTo("NEW");
            assertThat(newReport.getLong("i")).isEqualTo(orderId);
            assertThat(newReport.getString("c")).isEqualTo("bcj-1");

            client.trade().getOrder("BTCUSDT", new JSONObject().put("requestId", "get-1").put("orderId", orderId));
            assertThat(api.response("get-1").getJsonObject("result").getString("clientOrderId")).isEqualTo("bcj-1");
            client.trade().getOpenOrders(new JSONObject().put("requestId", "open-1").put("symbol", "BTCUSDT"));
            assertThat(api.response("open-1").getJsonArray("result")).hasSize(1);
            client.account().accountStatus(new JSONObject().put("requestId", "account-1"));
            assertThat(api.response("account-1").getJsonObject("result").getLong("uid")).isEqualTo(alice.id());

            // Bob fills half of it over REST; the connector's user stream sees the trade.
            final ApiClient bobRest = new ApiClient(node.url(), bob.apiKey(), bob.secret());
            assertThat(bobRest.signed("POST", "/api/v3/order", "symbol=BTCUSDT&side=SELL&type=MARKET&quantity=0.001").status()).isEqualTo(200);
            final JsonObject fill = stream.await(m -> "executionReport".equals(m.getString("e")));
            assertThat(fill.getString("x")).isEqualTo("TRADE");
            assertThat(fill.getString("X")).isEqualTo("PARTIALLY_FILLED");
            assertThat(fill.getString("l")).isEqualTo("0.00100000");
            assertThat(fill.getBoolean("m")).isTrue();

            client.trade().cancelOrder("BTCUSDT", new JSONObject().put("requestId", "cancel-1").put("orderId", orderId));
            final JsonObject canceled = api.response("cancel-1").getJsonObject("result");
            assertThat(canceled.getString("status")).isEqualTo("CANCELED");
            assertThat(canceled.getString("executedQty")).isEqualTo("0.00100000");
            final JsonObject cancelReport = stream.await(m -> "executionReport".equals(m.getString("e")));
            assertThat(cancelReport.getString("X")).isEqualTo("CANCELED");
            assertThat(cancelReport.getString("C")).isEqualTo("bcj-1");
            assertThat(cancelReport.getString("c")).isEqualTo(canceled.getString("clientOrderId"));

            // A refusal arrives as the connector expects errors: status and {code, msg}.
            client.trade().cancelOrder("BTCUSDT", new JSONObject().put("requestId", "cancel-2").put("orderId", orderId));
            final JsonObject refused = api.await(m -> "cancel-2".equals(m.getValue("id")));
            assertThat(refused.getInteger("status")).isEqualTo(400);
            assertThat(refused.getJsonObject("error").getInteger("code")).isEqualTo(-2011);

            client.userDataStream().userDataStreamStop(listenKey, new JSONObject().put("requestId", "stop-1"));
            api.response("stop-1");
            assertThat(stream.await(m -> "listenKeyExpired".equals(m.getString("e"))).getString("listenKey")).isEqualTo(listenKey);
        } finally {
            streams.closeAllConnections();
            client.close();
        }
    }
}
