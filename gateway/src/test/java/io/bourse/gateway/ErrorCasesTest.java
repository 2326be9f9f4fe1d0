package io.bourse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonObject;

/** Refusals with Binance's exact codes, messages and HTTP statuses; none of them changes the state. */
class ErrorCasesTest {
    @TempDir
    static Path dataDir;

    private static ExchangeNode node;
    private static ApiClient anonymous;
    private static ApiClient demo;
    private static ApiKey demoKey;

    @BeforeAll
    static void start() {
        node = ExchangeNode.start(NodeConfig.defaults(dataDir).withPort(0).withRateLimits(RateLimiter.Limits.binance().off()));
        anonymous = new ApiClient(node.url(), null, null);
        demoKey = node.demoKeys().get(0);
        demo = new ApiClient(node.url(), demoKey.apiKey(), demoKey.hmacSecret());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static void assertError(final ApiClient.Response r, final int status, final int code, final String msg) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.json().getInteger("code")).as(r.toString()).isEqualTo(code);
        if (msg != null) {
            assertThat(r.json().getString("msg")).isEqualTo(msg);
        }
    }

    private static final String LIMIT_BUY = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC";

    @Test
    void publicEndpointErrors() {
        assertThat(anonymous.get("/api/v3/nothing", "").status()).isEqualTo(404);
        assertThat(anonymous.raw("POST", "/api/v3/ping", null, null, false).status()).isEqualTo(405);
        assertError(anonymous.get("/api/v3/depth", "symbol=FOOBAR"), 400, -1121, "Invalid symbol.");
        assertError(anonymous.get("/api/v3/depth", "symbol=btcusdt"), 400, -1100,
            "Illegal characters found in parameter 'symbol'; legal range is '^[A-Z0-9-_.]{1,20}$'.");
        assertError(anonymous.get("/api/v3/depth", ""), 400, -1102,
            "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
        assertError(anonymous.get("/api/v3/depth", "symbol=BTCUSDT&symbol=ETHUSDT"), 400, -1101, "Duplicate values for a parameter detected.");
        assertError(anonymous.get("/api/v3/depth", "symbol=BTCUSDT&foo=1"), 400, -1103, "An unknown parameter was sent.");
        assertError(anonymous.get("/api/v3/depth", "symbol=BTCUSDT&limit=abc"), 400, -1100, null);
        assertError(anonymous.get("/api/v3/depth", "symbol=BTCUSDT&limit="), 400, -1105, "Parameter 'limit' was empty.");
        assertError(anonymous.get("/api/v3/klines", "symbol=BTCUSDT&interval=7m"), 400, -1120, "Invalid interval.");
        assertError(anonymous.get("/api/v3/ticker/price", "symbols=%5B%22BTCUSDT%22,%22BTCUSDT%22%5D"), 400, -1151, null);
        assertError(anonymous.get("/api/v3/ticker/price", "symbols=%5B%22NOPE%22%5D"), 400, -1121, null);
        assertThat(anonymous.get("/api/v3/depth", "symbol=BTCUSDT&limit=9999").status()).isEqualTo(200);
        assertThat(anonymous.get("/api/v3/exchangeInfo", "symbols=%5B%22BTCUSDT%22,%22ETHUSDT%22%5D").json().getJsonArray("symbols")).hasSize(2);
    }

    @Test
    void authenticationErrors() {
        assertError(new ApiClient(node.url(), null, "secret").signed("GET", "/api/v3/account", ""), 401, -2014, "API-key format invalid.");
        assertError(new ApiClient(node.url(), "bad key!", "secret").signed("GET", "/api/v3/account", ""), 401, -2014, null);
        final ApiClient stranger = new ApiClient(node.url(), "A".repeat(64), "secret");
        assertError(stranger.signed("GET", "/api/v3/account", ""), 401, -2015, "Invalid API-key, IP, or permissions for action.");
        final ApiClient wrongSecret = new ApiClient(node.url(), demoKey.apiKey(), "not-the-secret");
        assertError(wrongSecret.signed("GET", "/api/v3/account", ""), 400, -1022, "Signature for this request is not valid.");
        assertError(demo.withKey("GET", "/api/v3/account", ""), 400, -1102,
            "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
        final String stale = "timestamp=" + (System.currentTimeMillis() - 10_000);
        assertError(demo.withKey("GET", "/api/v3/account", stale + "&signature=" + Auth.hmacHex(demoKey.hmacSecret(), stale)), 400, -1021,
            "Timestamp for this request is outside of the recvWindow.");
        final String ahead = "timestamp=" + (System.currentTimeMillis() + 5_000);
        assertError(demo.withKey("GET", "/api/v3/account", ahead + "&signature=" + Auth.hmacHex(demoKey.hmacSecret(), ahead)), 400, -1021,
            "Timestamp for this request was 1000ms ahead of the server's time.");
        assertError(demo.signed("GET", "/api/v3/account", "recvWindow=70000"), 400, -1102,
            "'recvWindow' contains unexpected value. Cannot be greater than 60000.");
        // A 16-digit timestamp is microseconds; recvWindow takes three decimals.
        final String micros = "recvWindow=6000.346&timestamp=" + System.currentTimeMillis() * 1000;
        assertThat(demo.withKey("GET", "/api/v3/account", micros + "&signature=" + Auth.hmacHex(demoKey.hmacSecret(), micros)).status())
            .isEqualTo(200);
        // The signature is case-insensitive hex.
        final String upper = "timestamp=" + System.currentTimeMillis();
        assertThat(demo.withKey("GET", "/api/v3/account", upper + "&signature=" + Auth.hmacHex(demoKey.hmacSecret(), upper).toUpperCase())
            .status()).isEqualTo(200);
    }

    @Test
    void orderParameterErrors() {
        assertError(demo.signed("POST", "/api/v3/order", LIMIT_BUY + "&quantity=0.000000001&price=30000"), 400, -1111,
            "Parameter 'quantity' has too much precision.");
        assertError(demo.signed("POST", "/api/v3/order", LIMIT_BUY + "&quantity=0.001&price=30000.000000001"), 400, -1111,
            "Parameter 'price' has too much precision.");
        assertError(demo.signed("POST", "/api/v3/order", LIMIT_BUY + "&quantity=-1&price=30000"), 400, -1100, null);
        assertError(demo.signed("POST", "/api/v3/order", LIMIT_BUY + "&quantity=1e3&price=30000"), 400, -1100, null);
        assertError(demo.signed("POST", "/api/v3/order", LIMIT_BUY + "&quantity=99999999999999999999&price=30000"), 400, -1108, null);
        assertError(demo.signed("POST", "/api/v3/order", LIMIT_BUY + "&quantity=0.000001&price=30000"), 400, -1013,
            "Filter failure: LOT_SIZE");
        assertError(demo.signed("POST", "/api/v3/order", LIMIT_BUY + "&quantity=0.001&price=30000.001"), 400, -1013,
            "Filter failure: PRICE_FILTER");
        assertError(demo.signed("POST", "/api/v3/order", LIMIT_BUY + "&quantity=0.0001&price=30000"), 400, -1013, "Filter failure: NOTIONAL");
        assertError(demo.signed("POST", "/api/v3/order", LIMIT_BUY + "&quantity=5&price=30000"), 400, -2010,
            "Account has insufficient balance for requested action.");
        assertError(demo.signed("POST", "/api/v3/order", "symbol=BTCUSDT&side=HOLD&type=LIMIT&timeInForce=GTC&quantity=1&price=1"), 400,
            -1117, "Invalid side.");
        assertError(demo.signed("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=LIMITED&quantity=1&price=1"), 400, -1116,
            "Invalid orderType.");
        assertError(demo.signed("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTX&quantity=1&price=1"), 400,
            -1115, "Invalid timeInForce.");
        assertError(demo.signed("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&timeInForce=GTC&quantity=1"), 400, -1114,
            "TimeInForce parameter sent when not required.");
        assertError(demo.signed("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET"), 400, -1102,
            "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!");
        assertError(demo.signed("POST", "/api/v3/order", LIMIT_BUY + "&quantity=0.001"), 400, -1102,
            "Mandatory parameter 'price' was not sent, was empty/null, or malformed.");
        assertError(demo.signed("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001&price=1"), 400, -1106,
            "Parameter 'price' sent when not required.");
        assertError(demo.signed("POST", "/api/v3/order", LIMIT_BUY + "&quantity=0.001&price=30000&newClientOrderId="), 400, -1118,
            "New client order ID was empty.");
        assertError(demo.signed("POST", "/api/v3/order", LIMIT_BUY + "&quantity=0.001&price=30000&newClientOrderId=" + "x".repeat(37)),
            400, -1100, null);
        assertError(demo.signed("POST", "/api/v3/order", LIMIT_BUY + "&quantity=0.001&price=30000&bogus=1"), 400, -1103, null);
        assertError(demo.signed("POST", "/api/v3/order", LIMIT_BUY + "&quantity=0.001&price=30000&newOrderRespType=ALL"), 400, -1100, null);
        assertError(demo.signed("POST", "/api/v3/order", "symbol=NOPE&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=1"), 400, -1121,
            "Invalid symbol.");
        assertError(demo.signed("DELETE", "/api/v3/order", "symbol=BTCUSDT&orderId=424242"), 400, -2011, "Unknown order sent.");
        assertError(demo.signed("DELETE", "/api/v3/order", "symbol=BTCUSDT"), 400, -1102,
            "Param 'orderId' or 'origClientOrderId' must be sent, but both were empty/null!");
        assertError(demo.signed("GET", "/api/v3/order", "symbol=BTCUSDT&orderId=424242"), 400, -2013, "Order does not exist.");
        assertError(demo.signed("DELETE", "/api/v3/openOrders", "symbol=ETHUSDT"), 400, -2011, "Unknown order sent.");
        assertError(demo.signed("GET", "/api/v3/allOrders", "symbol=BTCUSDT&startTime=0&endTime=100000000"), 400, -1127, null);
    }

    private static long journalPosition() {
        return anonymous.admin("GET", "/admin/v1/health", node.adminToken(), null).json().getLong("journalPosition");
    }

    @Test
    void ordersFailingStatelessFiltersNeverReachTheJournal() {
        final long before = journalPosition();
        // Refused by the gateway with the engine's own answer (Engine.checkStateless), nothing sequenced.
        assertError(demo.signed("POST", "/api/v3/order", LIMIT_BUY + "&quantity=0.000001&price=30000"), 400, -1013, "Filter failure: LOT_SIZE");
        assertError(demo.signed("POST", "/api/v3/order", LIMIT_BUY + "&quantity=0.001&price=30000.001"), 400, -1013,
            "Filter failure: PRICE_FILTER");
        assertError(demo.signed("POST", "/api/v3/order", LIMIT_BUY + "&quantity=0.0001&price=30000"), 400, -1013, "Filter failure: NOTIONAL");
        assertError(demo.signed("POST", "/api/v3/order", "symbol=BTCUSDT&side=SELL&type=MARKET&quantity=0.000001"), 400, -1013,
            "Filter failure: LOT_SIZE");
        // order/test validates the filters as well, as Binance's does.
        assertError(demo.signed("POST", "/api/v3/order/test", LIMIT_BUY + "&quantity=0.000001&price=30000"), 400, -1013,
            "Filter failure: LOT_SIZE");
        assertError(demo.signed("POST", "/api/v3/order/test", LIMIT_BUY + "&quantity=0.0001&price=30000"), 400, -1013,
            "Filter failure: NOTIONAL");
        assertThat(journalPosition()).isEqualTo(before);
        // Control: an order the engine itself refuses (balance) is sequenced, so the position above could have moved.
        assertError(demo.signed("POST", "/api/v3/order", LIMIT_BUY + "&quantity=5&price=30000"), 400, -2010, null);
        assertThat(journalPosition()).isEqualTo(before + 1);
    }

    @Test
    void cancelReplaceFailures() {
        final ApiClient.Response failed = demo.signed("POST", "/api/v3/order/cancelReplace",
            LIMIT_BUY + "&quantity=0.001&price=20000&cancelReplaceMode=STOP_ON_FAILURE&cancelOrderId=999999");
        assertThat(failed.status()).as(failed.toString()).isEqualTo(400);
        final JsonObject body = failed.json();
        assertThat(body.getInteger("code")).isEqualTo(-2022);
        assertThat(body.getString("msg")).isEqualTo("Order cancel-replace failed.");
        assertThat(body.getJsonObject("data").getString("cancelResult")).isEqualTo("FAILURE");
        assertThat(body.getJsonObject("data").getString("newOrderResult")).isEqualTo("NOT_ATTEMPTED");
        assertThat(body.getJsonObject("data").getJsonObject("cancelResponse").getInteger("code")).isEqualTo(-2011);
        assertThat(body.getJsonObject("data").getValue("newOrderResponse")).isNull();

        final ApiClient.Response partial = demo.signed("POST", "/api/v3/order/cancelReplace",
            LIMIT_BUY + "&quantity=0.001&price=20000&cancelReplaceMode=ALLOW_FAILURE&cancelOrderId=999999&newClientOrderId=cr-new");
        assertThat(partial.status()).as(partial.toString()).isEqualTo(409);
        assertThat(partial.json().getInteger("code")).isEqualTo(-2021);
        assertThat(partial.json().getJsonObject("data").getString("newOrderResult")).isEqualTo("SUCCESS");

        final ApiClient.Response replaced = demo.signed("POST", "/api/v3/order/cancelReplace",
            LIMIT_BUY + "&quantity=0.002&price=20001&cancelReplaceMode=STOP_ON_FAILURE&cancelOrigClientOrderId=cr-new");
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        assertThat(replaced.json().getString("cancelResult")).isEqualTo("SUCCESS");
        assertThat(replaced.json().getJsonObject("cancelResponse").getString("status")).isEqualTo("CANCELED");
        assertThat(replaced.json().getJsonObject("cancelResponse").getString("origClientOrderId")).isEqualTo("cr-new");
        assertThat(replaced.json().getJsonObject("newOrderResponse").getString("status")).isEqualTo("NEW");
        final ApiClient.Response canceled = demo.signed("DELETE", "/api/v3/openOrders", "symbol=BTCUSDT");
        assertThat(canceled.status()).isEqualTo(200);
        assertThat(canceled.array()).isNotEmpty();
    }

    @Test
    void bodiesAndContentTypes() {
        final String query = LIMIT_BUY + "&quantity=0.001&price=20000&newOrderRespType=ACK&timestamp=" + System.currentTimeMillis();
        final String signed = query + "&signature=" + Auth.hmacHex(demoKey.hmacSecret(), query);
        // binance-connector-java: everything in the query, an empty application/json body.
        final ApiClient.Response connector = demo.raw("POST", "/api/v3/order?" + signed, "", "application/json; charset=utf-8", true);
        assertThat(connector.status()).as(connector.toString()).isEqualTo(200);
        assertThat(connector.json().getLong("orderId")).isPositive();
        assertThat(connector.json().containsKey("status")).isFalse();
        assertError(demo.raw("POST", "/api/v3/order?" + signed, "{\"a\":1}", "application/json", true), 400, -1135, null);
        assertError(demo.raw("POST", "/api/v3/order", signed, "text/plain", true), 415, -1020, null);
        assertError(demo.raw("POST", "/api/v3/order", "a=" + "x".repeat(70_000), "application/x-www-form-urlencoded", true), 413, -1101, null);
        // Query and body split; the query wins on a duplicate (the signature covers both as sent).
        final String q = "symbol=BTCUSDT&side=BUY";
        final String b = "type=LIMIT&timeInForce=GTC&quantity=0.001&price=20000&side=SELL&timestamp=" + System.currentTimeMillis();
        final ApiClient.Response split = demo.raw("POST", "/api/v3/order?" + q, b + "&signature=" + Auth.hmacHex(demoKey.hmacSecret(), q + b),
            "application/x-www-form-urlencoded", true);
        assertThat(split.status()).as(split.toString()).isEqualTo(200);
        assertThat(split.json().getString("side")).isEqualTo("BUY");
        demo.signed("DELETE", "/api/v3/openOrders", "symbol=BTCUSDT");
    }

    @Test
    void adminNeedsTheTokenAndChangesNothingWithout() {
        final String before = node.stateDigest();
        assertError(anonymous.admin("POST", "/admin/v1/accounts", null, "{\"name\":\"x\",\"country\":\"DE\",\"kycTier\":1}"), 401, -1002, null);
        assertError(anonymous.admin("POST", "/admin/v1/deposits", "wrong", "{\"accountId\":1,\"asset\":\"BTC\",\"amount\":\"1\"}"), 401, -1002,
            null);
        assertError(anonymous.admin("POST", "/admin/v1/symbols/BTCUSDT/halt", "wrong", null), 401, -1002, null);
        assertThat(node.stateDigest()).isEqualTo(before);
        assertError(anonymous.admin("POST", "/admin/v1/deposits", node.adminToken(),
            "{\"accountId\":1,\"asset\":\"BTC\",\"amount\":\"1.000000001\"}"), 400, -1111, null);
        assertError(anonymous.admin("POST", "/admin/v1/deposits", node.adminToken(), "{nope"), 400, -1135, null);
        assertError(anonymous.admin("POST", "/admin/v1/withdrawals", node.adminToken(), "{\"accountId\":1,\"asset\":\"BTC\",\"amount\":\"1000\"}"),
            400, -2010, "Account has insufficient balance for requested action.");
        final JsonObject health = anonymous.admin("GET", "/admin/v1/health", node.adminToken(), null).json();
        assertThat(health.getString("stateDigest")).isEqualTo(node.stateDigest());
        assertThat(health.getLong("sequence")).isEqualTo(health.getLong("journalPosition"));
    }

    @Test
    void haltFreezeAndPermissions() {
        final ApiClient.Response created = anonymous.admin("POST", "/admin/v1/accounts", node.adminToken(),
            "{\"name\":\"viewer\",\"country\":\"FR\",\"kycTier\":0,\"canTrade\":false}");
        final ApiClient viewer = new ApiClient(node.url(), created.json().getString("apiKey"), created.json().getString("secretKey"));
        assertThat(viewer.signed("GET", "/api/v3/account", "").json().getBoolean("canTrade")).isFalse();
        assertError(viewer.signed("POST", "/api/v3/order", LIMIT_BUY + "&quantity=0.001&price=20000"), 401, -2015, null);

        assertThat(anonymous.admin("POST", "/admin/v1/symbols/ETHUSDT/halt", node.adminToken(), null).status()).isEqualTo(200);
        assertError(demo.signed("POST", "/api/v3/order", "symbol=ETHUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=100"), 400, -2010,
            "Market is closed.");
        assertThat(anonymous.get("/api/v3/exchangeInfo", "symbol=ETHUSDT").json().getJsonArray("symbols").getJsonObject(0).getString("status"))
            .isEqualTo("HALT");
        assertThat(anonymous.admin("POST", "/admin/v1/symbols/ETHUSDT/resume", node.adminToken(), null).status()).isEqualTo(200);

        final ApiKey second = node.demoKeys().get(1);
        final ApiClient other = new ApiClient(node.url(), second.apiKey(), second.hmacSecret());
        assertThat(other.signed("POST", "/api/v3/order", "symbol=ETHUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=100").status())
            .isEqualTo(200);
        final ApiClient.Response frozen = anonymous.admin("POST", "/admin/v1/accounts/" + second.accountId() + "/freeze", node.adminToken(), null);
        assertThat(frozen.json().getInteger("canceledOrders")).isEqualTo(1);
        assertError(other.signed("POST", "/api/v3/order", "symbol=ETHUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=100"), 400, -2010,
            "This account may not place or cancel orders.");
        assertThat(anonymous.admin("POST", "/admin/v1/accounts/" + second.accountId() + "/unfreeze", node.adminToken(), null).status())
            .isEqualTo(200);
    }

    @Test
    void ed25519KeysSignWithTheirPrivateHalf() throws Exception {
        final KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        final String publicKey = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        final ApiClient.Response created = anonymous.admin("POST", "/admin/v1/accounts", node.adminToken(),
            "{\"name\":\"ed\",\"country\":\"DE\",\"kycTier\":1,\"ed25519PublicKey\":\"" + publicKey + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.json().getValue("secretKey")).isNull();
        final String apiKey = created.json().getString("apiKey");
        final ApiClient ed = new ApiClient(node.url(), apiKey, null);
        final String payload = "omitZeroBalances=true&timestamp=" + System.currentTimeMillis();
        final Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(pair.getPrivate());
        signer.update(payload.getBytes(StandardCharsets.UTF_8));
        final String signature = URLEncoder.encode(Base64.getEncoder().encodeToString(signer.sign()), StandardCharsets.UTF_8);
        final ApiClient.Response account = ed.withKey("GET", "/api/v3/account", payload + "&signature=" + signature);
        assertThat(account.status()).as(account.toString()).isEqualTo(200);
        assertThat(account.json().getJsonArray("balances")).isEmpty();
        assertError(ed.withKey("GET", "/api/v3/account", payload + "1&signature=" + signature), 400, -1022, null);
    }

    @Test
    void listenKeys() {
        final ApiClient.Response started = demo.withKey("POST", "/api/v3/userDataStream", "");
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        final String key = started.json().getString("listenKey");
        assertThat(key).hasSize(60);
        assertThat(demo.withKey("POST", "/api/v3/userDataStream", "").json().getString("listenKey")).isEqualTo(key);
        assertThat(demo.withKey("PUT", "/api/v3/userDataStream", "listenKey=" + key).body()).isEqualTo("{}");
        assertError(demo.withKey("PUT", "/api/v3/userDataStream", "listenKey=nope"), 400, -1125, "This listenKey does not exist.");
        assertError(anonymous.withKey("POST", "/api/v3/userDataStream", ""), 401, -2014, null);
        assertThat(demo.withKey("DELETE", "/api/v3/userDataStream", "listenKey=" + key).body()).isEqualTo("{}");
        assertError(demo.withKey("PUT", "/api/v3/userDataStream", "listenKey=" + key), 400, -1125, null);
    }
}
