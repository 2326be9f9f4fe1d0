package io.bourse.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bourse.gateway.ApiClient;
import io.bourse.gateway.ApiKey;
import io.bourse.gateway.Auth;
import io.bourse.gateway.ExchangeNode;
import io.bourse.gateway.Funding;
import io.bourse.gateway.NodeConfig;
import io.bourse.gateway.Params;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The WebSocket API at /ws-api/v3: each method's answer and faults, in Binance's request/response format. */
class WebSocketApiTest {
    @TempDir
    static Path dataDir;

    private static ExchangeNode node;
    private static Funding.Account alice;
    private static Funding.Account bob;

    @BeforeAll
    static void start() {
        node = ExchangeNode.start(NodeConfig.defaults(dataDir).withPort(0).withFsync(false));
        alice = Funding.open(node, "alice", "USDT", "100000", "BTC", "1");
        bob = Funding.open(node, "bob", "USDT", "100000", "BTC", "1");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static WsClient connect() {
        return WsClient.connect("ws://127.0.0.1:" + node.port() + "/ws-api/v3");
    }

    private static JsonObject limit(final String symbol, final String side, final String qty, final String price) {
        return new JsonObject().put("symbol", symbol).put("side", side).put("type", "LIMIT").put("timeInForce", "GTC").put("quantity", qty)
            .put("price", price);
    }

    @Test
    void pingAndTimeAnswerWithRateLimits() {
        try (WsClient ws = connect()) {
            final JsonObject ping = ws.call("ping", null);
            assertThat(ping.getInteger("status")).isEqualTo(200);
            assertThat(ping.getJsonObject("result")).isEqualTo(new JsonObject());
            final JsonObject weight = ping.getJsonArray("rateLimits").getJsonObject(0);
            assertThat(weight.fieldNames()).containsExactly("rateLimitType", "interval", "intervalNum", "limit", "count");
            assertThat(weight.getString("rateLimitType")).isEqualTo("REQUEST_WEIGHT");
            assertThat(weight.getString("interval")).isEqualTo("MINUTE");
            assertThat(weight.getInteger("intervalNum")).isEqualTo(1);
            assertThat(weight.getLong("limit")).isEqualTo(6000);
            assertThat(weight.getLong("count")).isPositive();

            final long before = System.currentTimeMillis();
            final JsonObject time = ws.call("time", null);
            assertThat(time.getJsonObject("result").getLong("serverTime")).isBetween(before - 1000, System.currentTimeMillis() + 1000);
            final long count = time.getJsonArray("rateLimits").getJsonObject(0).getLong("count");
            assertThat(count).isGreaterThan(weight.getLong("count"));

            // Integer and null ids are echoed as they came; returnRateLimits=false leaves the counters out.
            ws.send("{\"id\":42,\"method\":\"ping\"}");
            assertThat(ws.response(42).getInteger("status")).isEqualTo(200);
            ws.send("{\"id\":null,\"method\":\"v3/ping\",\"params\":{\"returnRateLimits\":false}}");
            final JsonObject quiet = new JsonObject(ws.next());
            assertThat(quiet.getValue("id")).isNull();
            assertThat(quiet.containsKey("rateLimits")).isFalse();
            assertThat(quiet.fieldNames()).containsExactly("id", "status", "result");
        }
        try (WsClient ws = WsClient.connect("ws://127.0.0.1:" + node.port() + "/ws-api/v3?returnRateLimits=false")) {
            assertThat(ws.call("ping", null).containsKey("rateLimits")).isFalse();
            assertThat(ws.call("ping", new JsonObject().put("returnRateLimits", true)).containsKey("rateLimits")).isTrue();
        }
    }

    @Test
    void badRequestsGetBinanceErrorsAndTheConnectionStays() {
        try (WsClient ws = connect()) {
            ws.send("{not json");
            JsonObject r = new JsonObject(ws.next());
            assertThat(r.getValue("id")).isNull();
            assertThat(r.getInteger("status")).isEqualTo(400);
            assertThat(r.getJsonObject("error").getInteger("code")).isEqualTo(-1135);
            assertThat(r.getJsonObject("error").getString("msg")).isEqualTo("Invalid JSON Request");

            ws.send("{\"id\":\"x1\",\"method\":\"order.fly\"}");
            r = ws.response("x1");
            assertThat(r.getJsonObject("error").getInteger("code")).isEqualTo(-1020);
            assertThat(r.containsKey("rateLimits")).isTrue();

            ws.send("{\"id\":\"x2\",\"method\":\"ping\",\"params\":{\"a\":1,\"a\":2}}");
            assertThat(ws.response("x2").getJsonObject("error").getInteger("code")).isEqualTo(-1101);

            ws.send("{\"id\":{\"nested\":1},\"method\":\"ping\"}");
            assertThat(new JsonObject(ws.next()).getJsonObject("error").getInteger("code")).isEqualTo(-1135);
            ws.send("{\"id\":\"x3\"}");
            assertThat(ws.response("x3").getJsonObject("error").getInteger("code")).isEqualTo(-1135);
            ws.send("[1,2]");
            assertThat(new JsonObject(ws.next()).getJsonObject("error").getInteger("code")).isEqualTo(-1135);

            // Unknown and missing parameters, an unsigned signed method, a bad signature, a stale timestamp.
            assertThat(ws.call("time", new JsonObject().put("foo", "bar")).getJsonObject("error").getInteger("code")).isEqualTo(-1103);
            final JsonObject order = limit("BTCUSDT", "BUY", "0.001", "20000");
            assertThat(ws.call("order.place", order).getJsonObject("error").getInteger("code")).isEqualTo(-1102);
            final JsonObject missingSymbol = WsClient.sign(new JsonObject().put("side", "BUY").put("type", "MARKET").put("quantity", "1"),
                alice.apiKey(), alice.secret());
            r = ws.call("order.place", missingSymbol);
            assertThat(r.getJsonObject("error").getInteger("code")).isEqualTo(-1102);
            assertThat(r.getJsonObject("error").getString("msg")).contains("'symbol'");
            final JsonObject tampered = WsClient.sign(order, alice.apiKey(), alice.secret()).put("price", "20001");
            r = ws.call("order.place", tampered);
            assertThat(r.getInteger("status")).isEqualTo(400);
            assertThat(r.getJsonObject("error")).isEqualTo(new JsonObject().put("code", -1022)
                .put("msg", "Signature for this request is not valid."));
            final JsonObject stale = WsClient.sign(order.copy().put("timestamp", System.currentTimeMillis() - 60_000), alice.apiKey(),
                alice.secret());
            assertThat(ws.call("order.place", stale).getJsonObject("error").getInteger("code")).isEqualTo(-1021);
            final JsonObject unknownKey = WsClient.sign(order, "NoSuchKey123", alice.secret());
            r = ws.call("order.place", unknownKey);
            assertThat(r.getInteger("status")).isEqualTo(401);
            assertThat(r.getJsonObject("error").getInteger("code")).isEqualTo(-2015);
            final JsonObject badSymbol = WsClient.sign(limit("NOPE", "BUY", "1", "1"), alice.apiKey(), alice.secret());
            assertThat(ws.call("order.place", badSymbol).getJsonObject("error").getInteger("code")).isEqualTo(-1121);
            final JsonObject tooPrecise = WsClient.sign(limit("BTCUSDT", "BUY", "0.000000001", "20000"), alice.apiKey(), alice.secret());
            assertThat(ws.call("order.place", tooPrecise).getJsonObject("error").getInteger("code")).isEqualTo(-1111);
            final JsonObject broke = WsClient.sign(limit("BTCUSDT", "BUY", "9", "20000"), alice.apiKey(), alice.secret());
            r = ws.call("order.place", broke);
            assertThat(r.getJsonObject("error")).isEqualTo(new JsonObject().put("code", -2010)
                .put("msg", "Account has insufficient balance for requested action."));

            // Still serving.
            assertThat(ws.call("ping", null).getInteger("status")).isEqualTo(200);
            assertThat(ws.isClosed()).isFalse();
        }
    }

    @Test
    void hostileFramesGetAnErrorOrAClosedConnectionWithAReason() {
        try (WsClient ws = connect()) {
            ws.send("{\"id\":1,\"method\":\"ping\",\"params\":{\"a\":" + "[".repeat(500) + "]".repeat(500) + "}}");
            assertThat(ws.response(1).getJsonObject("error").getInteger("code")).isEqualTo(-1135);
            ws.send("\u0000\u0001garbage");
            assertThat(new JsonObject(ws.next()).getJsonObject("error").getInteger("code")).isEqualTo(-1135);
            assertThat(ws.call("ping", null).getInteger("status")).isEqualTo(200);
        }
        try (WsClient ws = connect()) {
            ws.send("{\"id\":1,\"method\":\"ping\",\"params\":{\"a\":\"" + "x".repeat(2_000_000) + "\"}}");
            final WsClient.Closed closed = ws.awaitClose(Duration.ofSeconds(10));
            System.out.println("huge frame: " + closed);
            assertThat(closed.code()).isEqualTo(1009);
        }
        // The server still serves others.
        try (WsClient ws = connect()) {
            assertThat(ws.call("ping", null).getInteger("status")).isEqualTo(200);
        }
    }

    @Test
    void binanceSignatureExampleVerifies() {
        // The signed request example (HMAC) of Binance's WebSocket API documentation, with recvWindow as a JSON number.
        final String request = "{\"id\":\"4885f793-e5ad-4c3b-8f6c-55d891472b71\",\"method\":\"order.place\",\"params\":{\"symbol\":\"BTCUSDT\","
            + "\"side\":\"SELL\",\"type\":\"LIMIT\",\"timeInForce\":\"GTC\",\"quantity\":\"0.01000000\",\"price\":\"52000.00\",\"recvWindow\":100,"
            + "\"timestamp\":1645423376532,\"apiKey\":\"vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A\","
            + "\"signature\":\"aa1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2db24\"}}";
        final WsRequest parsed = WsRequest.parse(request);
        assertThat(parsed.idJson()).isEqualTo("\"4885f793-e5ad-4c3b-8f6c-55d891472b71\"");
        final Params params = Params.ofWebSocket(parsed.params(), java.util.Set.of("apiKey", "returnRateLimits"));
        assertThat(params.signaturePayload()).isEqualTo("apiKey=vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A&price=52000.00"
            + "&quantity=0.01000000&recvWindow=100&side=SELL&symbol=BTCUSDT&timeInForce=GTC&timestamp=1645423376532&type=LIMIT");
        final ApiKey key = new ApiKey("vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A", 1, "doc",
            "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j", null, true, false);
        assertThat(Auth.verify(key, params.signaturePayload(), params.signature())).isTrue();
        assertThat(Auth.verify(key, params.signaturePayload(), params.signature().toUpperCase(java.util.Locale.ROOT))).isTrue();
        assertThat(params.has("apiKey")).isFalse();
        assertThat(params.raw("recvWindow")).isEqualTo("100");
        // The non-ASCII example: the payload is signed as UTF-8, not percent-encoded.
        final String unicode = "apiKey=vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A&price=0.10000000&quantity=1.00000000"
            + "&recvWindow=5000&side=BUY&symbol=\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16&timeInForce=GTC&timestamp=1645423376532&type=LIMIT";
        assertThat(Auth.hmacHex(key.hmacSecret(), unicode)).isEqualTo("b33892ae8e687c939f4468c6268ddd4c40ac1af18ad19a064864c47bae0752cd");
    }

    @Test
    void ordersPlacedOverWebSocketShowInRestAndBack() {
        final ApiClient rest = new ApiClient(node.url(), alice.apiKey(), alice.secret());
        try (WsClient ws = connect()) {
            final JsonObject placed = ws.signedCall("order.place", limit("BTCUSDT", "BUY", "0.01", "20000").put("newClientOrderId", "ws-1"),
                alice.apiKey(), alice.secret());
            assertThat(placed.getInteger("status")).as(placed.encode()).isEqualTo(200);
            final JsonObject result = placed.getJsonObject("result");
            assertThat(result.getString("clientOrderId")).isEqualTo("ws-1");
            assertThat(result.getString("status")).isEqualTo("NEW");
            assertThat(result.getString("price")).isEqualTo("20000.00000000");
            assertThat(result.getJsonArray("fills")).isEmpty();
            final JsonArray limits = placed.getJsonArray("rateLimits");
            assertThat(limits).hasSize(3);
            assertThat(limits.getJsonObject(0).getString("rateLimitType")).isEqualTo("ORDERS");
            assertThat(limits.getJsonObject(0).getString("interval")).isEqualTo("SECOND");
            assertThat(limits.getJsonObject(0).getInteger("intervalNum")).isEqualTo(10);
            assertThat(limits.getJsonObject(0).getLong("count")).isPositive();
            assertThat(limits.getJsonObject(1).getString("interval")).isEqualTo("DAY");
            assertThat(limits.getJsonObject(2).getString("rateLimitType")).isEqualTo("REQUEST_WEIGHT");
            final long orderId = result.getLong("orderId");

            final ApiClient.Response viaRest = rest.signed("GET", "/api/v3/order", "symbol=BTCUSDT&orderId=" + orderId);
            assertThat(viaRest.json().getString("clientOrderId")).isEqualTo("ws-1");
            assertThat(viaRest.json().getString("status")).isEqualTo("NEW");

            // An order placed over REST, seen over the WebSocket API.
            final ApiClient.Response restOrder = rest.signed("POST", "/api/v3/order",
                "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.02&price=19000&newClientOrderId=rest-1");
            assertThat(restOrder.status()).as(restOrder.toString()).isEqualTo(200);
            final JsonObject status = ws.signedCall("order.status", new JsonObject().put("symbol", "BTCUSDT").put("origClientOrderId", "rest-1"),
                alice.apiKey(), alice.secret());
            assertThat(status.getJsonObject("result").getLong("orderId")).isEqualTo(restOrder.json().getLong("orderId"));
            assertThat(status.getJsonObject("result").getString("origQty")).isEqualTo("0.02000000");
            final JsonObject open = ws.signedCall("openOrders.status", new JsonObject().put("symbol", "BTCUSDT"), alice.apiKey(), alice.secret());
            assertThat(open.getJsonArray("result")).hasSize(2);
            assertThat(open.getJsonArray("rateLimits").getJsonObject(0).getLong("count")).isPositive();

            final JsonObject account = ws.signedCall("account.status", new JsonObject(), alice.apiKey(), alice.secret());
            final JsonObject usdt = balance(account.getJsonObject("result"), "USDT");
            final JsonObject restUsdt = balance(rest.signed("GET", "/api/v3/account", "").json(), "USDT");
            assertThat(usdt).isEqualTo(restUsdt);
            assertThat(account.getJsonObject("result").getString("accountType")).isEqualTo("SPOT");

            // Cancel over the WebSocket API; REST sees it canceled; a second cancel fails as REST's does.
            final JsonObject cancel = ws.signedCall("order.cancel", new JsonObject().put("symbol", "BTCUSDT").put("orderId", orderId)
                .put("newClientOrderId", "ws-cancel-1"), alice.apiKey(), alice.secret());
            assertThat(cancel.getJsonObject("result").getString("status")).isEqualTo("CANCELED");
            assertThat(cancel.getJsonObject("result").getString("origClientOrderId")).isEqualTo("ws-1");
            assertThat(cancel.getJsonObject("result").getString("clientOrderId")).isEqualTo("ws-cancel-1");
            assertThat(rest.signed("GET", "/api/v3/order", "symbol=BTCUSDT&orderId=" + orderId).json().getString("status")).isEqualTo("CANCELED");
            final JsonObject again = ws.signedCall("order.cancel", new JsonObject().put("symbol", "BTCUSDT").put("orderId", orderId),
                alice.apiKey(), alice.secret());
            assertThat(again.getJsonObject("error")).isEqualTo(new JsonObject().put("code", -2011).put("msg", "Unknown order sent."));

            final JsonObject all = ws.signedCall("openOrders.cancelAll", new JsonObject().put("symbol", "BTCUSDT"), alice.apiKey(), alice.secret());
            assertThat(all.getJsonArray("result")).hasSize(1);
            assertThat(rest.signed("GET", "/api/v3/openOrders", "").array()).isEmpty();
        }
    }

    private static JsonObject balance(final JsonObject account, final String asset) {
        for (final Object o : account.getJsonArray("balances")) {
            if (asset.equals(((JsonObject) o).getString("asset"))) {
                return (JsonObject) o;
            }
        }
        throw new AssertionError("no " + asset);
    }

    @Test
    void sessionLogonLetsRequestsGoUnsigned() {
        try (WsClient ws = connect()) {
            final JsonObject status = ws.call("session.status", null).getJsonObject("result");
            assertThat(status.getValue("apiKey")).isNull();
            assertThat(status.getBoolean("userDataStream")).isFalse();
            final JsonObject unsigned = new JsonObject().put("timestamp", System.currentTimeMillis());
            assertThat(ws.call("account.status", unsigned).getJsonObject("error").getInteger("code")).isEqualTo(-1102);

            final JsonObject logon = ws.signedCall("session.logon", new JsonObject(), bob.apiKey(), bob.secret());
            assertThat(logon.getInteger("status")).as(logon.encode()).isEqualTo(200);
            assertThat(logon.getJsonObject("result").getString("apiKey")).isEqualTo(bob.apiKey());
            assertThat(logon.getJsonObject("result").getLong("authorizedSince")).isPositive();

            final JsonObject account = ws.call("account.status", new JsonObject().put("timestamp", System.currentTimeMillis()));
            assertThat(account.getInteger("status")).as(account.encode()).isEqualTo(200);
            assertThat(account.getJsonObject("result").getLong("uid")).isEqualTo(bob.id());
            // The timestamp rules still hold.
            assertThat(ws.call("account.status", new JsonObject().put("timestamp", 1)).getJsonObject("error").getInteger("code")).isEqualTo(-1021);
            // An explicit signature for another key overrides the session's key.
            final JsonObject adHoc = ws.signedCall("account.status", new JsonObject(), alice.apiKey(), alice.secret());
            assertThat(adHoc.getJsonObject("result").getLong("uid")).isEqualTo(alice.id());

            final JsonObject out = ws.call("session.logout", null).getJsonObject("result");
            assertThat(out.getValue("apiKey")).isNull();
            assertThat(ws.call("account.status", new JsonObject().put("timestamp", System.currentTimeMillis())).getJsonObject("error")
                .getInteger("code")).isEqualTo(-1102);
            final JsonObject wrong = ws.signedCall("session.logon", new JsonObject(), bob.apiKey(), alice.secret());
            assertThat(wrong.getJsonObject("error").getInteger("code")).isEqualTo(-1022);
        }
    }

    @Test
    void listenKeysAreManagedOverTheWebSocketApi() {
        try (WsClient ws = connect()) {
            final JsonObject start = ws.call("userDataStream.start", new JsonObject().put("apiKey", bob.apiKey()));
            final String listenKey = start.getJsonObject("result").getString("listenKey");
            assertThat(listenKey).hasSize(60);
            assertThat(ws.call("userDataStream.ping", new JsonObject().put("apiKey", bob.apiKey()).put("listenKey", listenKey)).getInteger("status"))
                .isEqualTo(200);
            assertThat(ws.call("userDataStream.start", new JsonObject()).getJsonObject("error").getInteger("code")).isEqualTo(-1102);
            assertThat(ws.call("userDataStream.ping", new JsonObject().put("apiKey", alice.apiKey()).put("listenKey", listenKey))
                .getJsonObject("error").getInteger("code")).isEqualTo(-1125);
            try (WsClient stream = WsClient.connect("ws://127.0.0.1:" + node.port() + "/ws/" + listenKey)) {
                assertThat(ws.call("userDataStream.stop", new JsonObject().put("apiKey", bob.apiKey()).put("listenKey", listenKey))
                    .getInteger("status")).isEqualTo(200);
                final JsonObject expired = new JsonObject(stream.next());
                assertThat(expired.getString("e")).isEqualTo("listenKeyExpired");
                assertThat(expired.getString("listenKey")).isEqualTo(listenKey);
                assertThat(stream.awaitClose(Duration.ofSeconds(10)).code()).isEqualTo(1000);
            }
        }
    }
}
