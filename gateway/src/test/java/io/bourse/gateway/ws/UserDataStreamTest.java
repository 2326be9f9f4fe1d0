package io.bourse.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bourse.gateway.ApiClient;
import io.bourse.gateway.ExchangeNode;
import io.bourse.gateway.Funding;
import io.bourse.gateway.NodeConfig;
import io.vertx.core.json.JsonObject;

/**
 * User data streams end to end: one account followed on a legacy listenKey stream and on a WebSocket API subscription,
 * another on a WebSocket API subscription, through resting, partial and full fills, a cancel, self-trade prevention
 * (maker and taker expired), an IOC that expires, a market order, a deposit and a withdrawal. Each subscriber gets
 * exactly the expected events, in order; both transports carry identical events; the balances they report add up.
 */
class UserDataStreamTest {
    @TempDir
    Path dataDir;

    private ExchangeNode node;
    private Funding.Account alice;
    private Funding.Account bob;
    private ApiClient aliceRest;
    private ApiClient bobRest;

    @BeforeEach
    void start() {
        node = ExchangeNode.start(NodeConfig.defaults(dataDir).withPort(0).withFsync(false));
        alice = Funding.open(node, "alice");
        bob = Funding.open(node, "bob", "BTC", "1");
        aliceRest = new ApiClient(node.url(), alice.apiKey(), alice.secret());
        bobRest = new ApiClient(node.url(), bob.apiKey(), bob.secret());
    }

    @AfterEach
    void stop() {
        node.close();
    }

    /** A subscriber and the events it has been checked against so far. */
    private static final class Follower {
        final WsClient client;
        final boolean wrapped;
        final int subscriptionId;
        final List<JsonObject> seen = new ArrayList<>();

        Follower(final WsClient client, final boolean wrapped, final int subscriptionId) {
            this.client = client;
            this.wrapped = wrapped;
            this.subscriptionId = subscriptionId;
        }

        /** The next user data event, unwrapped. */
        JsonObject next() {
            final JsonObject message = client.nextEvent();
            final JsonObject event;
            if (wrapped) {
                assertThat(message.fieldNames()).containsExactly("subscriptionId", "event");
                assertThat(message.getInteger("subscriptionId")).isEqualTo(subscriptionId);
                event = message.getJsonObject("event");
            } else {
                event = message;
            }
            seen.add(event);
            return event;
        }
    }

    private Follower subscribeOverWsApi(final Funding.Account account) {
        final WsClient ws = WsClient.connect("ws://127.0.0.1:" + node.port() + "/ws-api/v3");
        final JsonObject r = ws.signedCall("userDataStream.subscribe.signature", new JsonObject(), account.apiKey(), account.secret());
        assertThat(r.getInteger("status")).as(r.encode()).isEqualTo(200);
        assertThat(r.getJsonObject("result").fieldNames()).containsExactly("subscriptionId");
        return new Follower(ws, true, r.getJsonObject("result").getInteger("subscriptionId"));
    }

    private static ApiClient.Response ok(final ApiClient.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r;
    }

    private static JsonObject report(final Follower f, final String execution, final String status, final long orderId) {
        final JsonObject e = f.next();
        assertThat(e.getString("e")).as(e.encode()).isEqualTo("executionReport");
        assertThat(e.getString("x")).as(e.encode()).isEqualTo(execution);
        assertThat(e.getString("X")).as(e.encode()).isEqualTo(status);
        if (orderId >= 0) {
            assertThat(e.getLong("i")).as(e.encode()).isEqualTo(orderId);
        }
        return e;
    }

    /** The next event is an outboundAccountPosition listing exactly these assets, with the balances REST reports now. */
    private static void position(final Follower f, final ApiClient rest, final String... assets) {
        final JsonObject e = f.next();
        assertThat(e.getString("e")).as(e.encode()).isEqualTo("outboundAccountPosition");
        assertThat(e.fieldNames()).containsExactly("e", "E", "u", "B");
        final Map<String, JsonObject> restBalances = new HashMap<>();
        for (final Object o : ok(rest.signed("GET", "/api/v3/account", "")).json().getJsonArray("balances")) {
            restBalances.put(((JsonObject) o).getString("asset"), (JsonObject) o);
        }
        final List<String> listed = new ArrayList<>();
        for (final Object o : e.getJsonArray("B")) {
            final JsonObject b = (JsonObject) o;
            assertThat(b.fieldNames()).containsExactly("a", "f", "l");
            listed.add(b.getString("a"));
            assertThat(b.getString("f")).as(b.getString("a") + " free").isEqualTo(restBalances.get(b.getString("a")).getString("free"));
            assertThat(b.getString("l")).as(b.getString("a") + " locked").isEqualTo(restBalances.get(b.getString("a")).getString("locked"));
        }
        assertThat(listed).containsExactlyInAnyOrder(assets);
    }

    private static void balanceUpdate(final Follower f, final String asset, final String delta) {
        final JsonObject e = f.next();
        assertThat(e.getString("e")).as(e.encode()).isEqualTo("balanceUpdate");
        assertThat(e.fieldNames()).containsExactly("e", "E", "a", "d", "T");
        assertThat(e.getString("a")).isEqualTo(asset);
        assertThat(e.getString("d")).isEqualTo(delta);
    }

    @Test
    void everySubscriberSeesExactlyItsAccountsEventsInOrder() {
        final String listenKey = ok(aliceRest.withKey("POST", "/api/v3/userDataStream", "")).json().getString("listenKey");
        final Follower aliceKey = new Follower(WsClient.connect("ws://127.0.0.1:" + node.port() + "/ws/" + listenKey), false, -1);
        final Follower aliceApi = subscribeOverWsApi(alice);
        final Follower bobApi = subscribeOverWsApi(bob);
        final List<Follower> alices = List.of(aliceKey, aliceApi);

        // A deposit: balanceUpdate, then the position.
        Funding.deposit(node, alice.id(), "USDT", "1000");
        for (final Follower f : alices) {
            balanceUpdate(f, "USDT", "1000.00000000");
            position(f, aliceRest, "USDT");
        }

        // Alice rests a bid.
        final JsonObject bid = ok(aliceRest.signed("POST", "/api/v3/order",
            "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=30000&newClientOrderId=a-1")).json();
        final long bidId = bid.getLong("orderId");
        for (final Follower f : alices) {
            final JsonObject e = report(f, "NEW", "NEW", bidId);
            assertThat(e.fieldNames()).containsExactly("e", "E", "s", "c", "S", "o", "f", "q", "p", "P", "F", "g", "C", "x", "X", "r", "i", "l",
                "z", "L", "n", "N", "T", "t", "I", "w", "m", "M", "O", "Z", "Y", "Q", "W", "V");
            assertThat(e.getString("s")).isEqualTo("BTCUSDT");
            assertThat(e.getString("c")).isEqualTo("a-1");
            assertThat(e.getString("S")).isEqualTo("BUY");
            assertThat(e.getString("o")).isEqualTo("LIMIT");
            assertThat(e.getString("f")).isEqualTo("GTC");
            assertThat(e.getString("q")).isEqualTo("0.01000000");
            assertThat(e.getString("p")).isEqualTo("30000.00000000");
            assertThat(e.getString("P")).isEqualTo("0.00000000");
            assertThat(e.getString("F")).isEqualTo("0.00000000");
            assertThat(e.getLong("g")).isEqualTo(-1);
            assertThat(e.getString("C")).isEmpty();
            assertThat(e.getString("r")).isEqualTo("NONE");
            assertThat(e.getString("l")).isEqualTo("0.00000000");
            assertThat(e.getString("z")).isEqualTo("0.00000000");
            assertThat(e.getString("L")).isEqualTo("0.00000000");
            assertThat(e.getString("n")).isEqualTo("0");
            assertThat(e.getValue("N")).isNull();
            assertThat(e.getLong("T")).isEqualTo(bid.getLong("transactTime"));
            assertThat(e.getLong("E")).isEqualTo(bid.getLong("transactTime"));
            assertThat(e.getLong("t")).isEqualTo(-1);
            assertThat(e.getBoolean("w")).isTrue();
            assertThat(e.getBoolean("m")).isFalse();
            assertThat(e.getBoolean("M")).isFalse();
            assertThat(e.getLong("O")).isEqualTo(bid.getLong("transactTime"));
            assertThat(e.getLong("W")).isEqualTo(bid.getLong("workingTime"));
            assertThat(e.getString("Z")).isEqualTo("0.00000000");
            assertThat(e.getString("Y")).isEqualTo("0.00000000");
            assertThat(e.getString("Q")).isEqualTo("0.00000000");
            assertThat(e.getString("V")).isEqualTo("EXPIRE_MAKER");
            position(f, aliceRest, "USDT");
        }

        // Bob sells 0.004 into it: Bob's order fills at once, Alice's partly.
        final JsonObject sell1 = ok(bobRest.signed("POST", "/api/v3/order",
            "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.004&price=30000&newClientOrderId=b-1")).json();
        final long tradeId1 = sell1.getJsonArray("fills").getJsonObject(0).getLong("tradeId");
        report(bobApi, "NEW", "NEW", sell1.getLong("orderId"));
        final JsonObject bobTrade = report(bobApi, "TRADE", "FILLED", sell1.getLong("orderId"));
        assertThat(bobTrade.getString("c")).isEqualTo("b-1");
        assertThat(bobTrade.getString("l")).isEqualTo("0.00400000");
        assertThat(bobTrade.getString("z")).isEqualTo("0.00400000");
        assertThat(bobTrade.getString("L")).isEqualTo("30000.00000000");
        assertThat(bobTrade.getString("Y")).isEqualTo("120.00000000");
        assertThat(bobTrade.getString("Z")).isEqualTo("120.00000000");
        assertThat(bobTrade.getString("n")).isEqualTo("0.12000000");
        assertThat(bobTrade.getString("N")).isEqualTo("USDT");
        assertThat(bobTrade.getLong("t")).isEqualTo(tradeId1);
        assertThat(bobTrade.getBoolean("m")).isFalse();
        assertThat(bobTrade.getBoolean("w")).isFalse();
        position(bobApi, bobRest, "BTC", "USDT");
        for (final Follower f : alices) {
            final JsonObject e = report(f, "TRADE", "PARTIALLY_FILLED", bidId);
            assertThat(e.getString("c")).isEqualTo("a-1");
            assertThat(e.getString("l")).isEqualTo("0.00400000");
            assertThat(e.getString("z")).isEqualTo("0.00400000");
            assertThat(e.getString("n")).isEqualTo("0.12000000");
            assertThat(e.getLong("t")).isEqualTo(tradeId1);
            assertThat(e.getBoolean("m")).isTrue();
            assertThat(e.getBoolean("w")).isTrue();
            position(f, aliceRest, "BTC", "USDT");
        }

        // Bob sells 0.006 below: it fills the rest of Alice's bid at her price.
        final JsonObject sell2 = ok(bobRest.signed("POST", "/api/v3/order",
            "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.006&price=29000")).json();
        report(bobApi, "NEW", "NEW", sell2.getLong("orderId"));
        assertThat(report(bobApi, "TRADE", "FILLED", sell2.getLong("orderId")).getString("L")).isEqualTo("30000.00000000");
        position(bobApi, bobRest, "BTC", "USDT");
        for (final Follower f : alices) {
            final JsonObject e = report(f, "TRADE", "FILLED", bidId);
            assertThat(e.getString("z")).isEqualTo("0.01000000");
            assertThat(e.getString("Z")).isEqualTo("300.00000000");
            assertThat(e.getBoolean("w")).isFalse();
            position(f, aliceRest, "BTC", "USDT");
        }

        // Alice rests an ask and cancels it: the cancel's client id is c, the order's own is C.
        final long askId = ok(aliceRest.signed("POST", "/api/v3/order",
            "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.005&price=40000&newClientOrderId=a-2")).json().getLong("orderId");
        for (final Follower f : alices) {
            report(f, "NEW", "NEW", askId);
            position(f, aliceRest, "BTC");
        }
        ok(aliceRest.signed("DELETE", "/api/v3/order", "symbol=BTCUSDT&orderId=" + askId + "&newClientOrderId=a-2-cancel"));
        for (final Follower f : alices) {
            final JsonObject e = report(f, "CANCELED", "CANCELED", askId);
            assertThat(e.getString("c")).isEqualTo("a-2-cancel");
            assertThat(e.getString("C")).isEqualTo("a-2");
            assertThat(e.getBoolean("w")).isFalse();
            position(f, aliceRest, "BTC");
        }

        // Self-trade prevention, EXPIRE_MAKER: Alice's resting bid is expired by her own crossing ask, which rests.
        final long stpBid = ok(aliceRest.signed("POST", "/api/v3/order",
            "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.002&price=25000")).json().getLong("orderId");
        for (final Follower f : alices) {
            report(f, "NEW", "NEW", stpBid);
            position(f, aliceRest, "USDT");
        }
        final long stpAsk = ok(aliceRest.signed("POST", "/api/v3/order",
            "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.002&price=25000&selfTradePreventionMode=EXPIRE_MAKER"))
            .json().getLong("orderId");
        for (final Follower f : alices) {
            report(f, "NEW", "NEW", stpAsk);
            final JsonObject e = report(f, "TRADE_PREVENTION", "EXPIRED_IN_MATCH", stpBid);
            assertThat(e.getString("A")).isEqualTo("0.00200000");
            assertThat(e.getString("B")).isEqualTo("0.00200000");
            assertThat(e.getLong("U")).isEqualTo(stpAsk);
            assertThat(e.getString("Cs")).isEqualTo("BTCUSDT");
            assertThat(e.getLong("t")).isEqualTo(-1);
            position(f, aliceRest, "BTC", "USDT");
        }
        // EXPIRE_TAKER: her crossing bid expires instead, the ask stays.
        final long takerBid = ok(aliceRest.signed("POST", "/api/v3/order",
            "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=26000&selfTradePreventionMode=EXPIRE_TAKER"))
            .json().getLong("orderId");
        for (final Follower f : alices) {
            report(f, "NEW", "NEW", takerBid);
            final JsonObject e = report(f, "TRADE_PREVENTION", "EXPIRED_IN_MATCH", takerBid);
            assertThat(e.getString("V")).isEqualTo("EXPIRE_TAKER");
            assertThat(e.getString("A")).isEqualTo("0.00100000");
            position(f, aliceRest, "USDT");
        }

        // Bob: an IOC that finds nothing expires; a market buy takes half of Alice's ask.
        final long ioc = ok(bobRest.signed("POST", "/api/v3/order",
            "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=IOC&quantity=0.001&price=20000")).json().getLong("orderId");
        report(bobApi, "NEW", "NEW", ioc);
        final JsonObject expired = report(bobApi, "EXPIRED", "EXPIRED", ioc);
        assertThat(expired.getString("eR")).isEqualTo("UNFILLED_IOC_QUANTITY_EXPIRED");
        assertThat(expired.getString("f")).isEqualTo("IOC");
        position(bobApi, bobRest, "USDT");
        final JsonObject market = ok(bobRest.signed("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001")).json();
        report(bobApi, "NEW", "NEW", market.getLong("orderId"));
        final JsonObject marketFill = report(bobApi, "TRADE", "FILLED", market.getLong("orderId"));
        assertThat(marketFill.getString("o")).isEqualTo("MARKET");
        assertThat(marketFill.getString("p")).isEqualTo("0.00000000");
        assertThat(marketFill.getString("L")).isEqualTo("25000.00000000");
        position(bobApi, bobRest, "BTC", "USDT");
        for (final Follower f : alices) {
            assertThat(report(f, "TRADE", "PARTIALLY_FILLED", stpAsk).getBoolean("m")).isTrue();
            position(f, aliceRest, "BTC", "USDT");
        }

        // A withdrawal.
        Funding.withdraw(node, alice.id(), "USDT", "100");
        for (final Follower f : alices) {
            balanceUpdate(f, "USDT", "-100.00000000");
            position(f, aliceRest, "USDT");
        }

        // Nothing else came: the next events are those of a last deposit to each.
        Funding.deposit(node, alice.id(), "ETH", "1");
        Funding.deposit(node, bob.id(), "ETH", "1");
        for (final Follower f : alices) {
            balanceUpdate(f, "ETH", "1.00000000");
            position(f, aliceRest, "ETH");
        }
        balanceUpdate(bobApi, "ETH", "1.00000000");
        position(bobApi, bobRest, "ETH");

        // Both transports carried the same events; execution ids are unique.
        assertThat(aliceKey.seen).isEqualTo(aliceApi.seen);
        final Set<Long> executionIds = new HashSet<>();
        for (final Follower f : List.of(aliceApi, bobApi)) {
            for (final JsonObject e : f.seen) {
                if ("executionReport".equals(e.getString("e"))) {
                    assertThat(executionIds.add(e.getLong("I"))).as(e.encode()).isTrue();
                }
            }
        }

        // Conservation in what the streams said: deposits - withdrawals = balances + commissions paid.
        final BigDecimal usdtIn = new BigDecimal("1000").subtract(new BigDecimal("100"));
        final BigDecimal btcIn = new BigDecimal("1");
        final BigDecimal fees = commissions(aliceApi.seen).add(commissions(bobApi.seen));
        final Map<String, BigDecimal> aliceHeld = lastPositions(aliceApi.seen);
        final Map<String, BigDecimal> bobHeld = lastPositions(bobApi.seen);
        assertThat(aliceHeld.get("USDT").add(bobHeld.get("USDT")).add(fees)).isEqualByComparingTo(usdtIn);
        assertThat(aliceHeld.get("BTC").add(bobHeld.get("BTC"))).isEqualByComparingTo(btcIn);

        // Deleting the listenKey ends its stream with listenKeyExpired; the WebSocket API subscription goes on until unsubscribed.
        ok(aliceRest.withKey("DELETE", "/api/v3/userDataStream", "listenKey=" + listenKey));
        final JsonObject end = aliceKey.client.nextEvent();
        assertThat(end.fieldNames()).containsExactly("e", "E", "listenKey");
        assertThat(end.getString("e")).isEqualTo("listenKeyExpired");
        assertThat(end.getString("listenKey")).isEqualTo(listenKey);
        assertThat(aliceKey.client.awaitClose(Duration.ofSeconds(10))).isEqualTo(new WsClient.Closed(1000, "listenKey expired"));
        Funding.deposit(node, alice.id(), "ETH", "2");
        balanceUpdate(aliceApi, "ETH", "2.00000000");
        position(aliceApi, aliceRest, "ETH");
        final JsonObject unsubscribed = aliceApi.client.call("userDataStream.unsubscribe", new JsonObject().put("subscriptionId", 0));
        assertThat(unsubscribed.getJsonObject("result")).isEqualTo(new JsonObject());
        final JsonObject terminated = aliceApi.next();
        assertThat(terminated.getString("e")).isEqualTo("eventStreamTerminated");
        assertThat(aliceApi.client.call("userDataStream.unsubscribe", new JsonObject().put("subscriptionId", 0)).getJsonObject("error")
            .getInteger("code")).isEqualTo(-2036);
        Funding.deposit(node, alice.id(), "ETH", "3");
        assertThat(aliceApi.client.call("session.status", null).getJsonObject("result").getBoolean("userDataStream")).isFalse();
        assertThat(aliceApi.client.hasMessage()).isFalse();
        aliceApi.client.close();
        bobApi.client.close();
    }

    private static BigDecimal commissions(final List<JsonObject> events) {
        BigDecimal sum = BigDecimal.ZERO;
        for (final JsonObject e : events) {
            if ("executionReport".equals(e.getString("e")) && "TRADE".equals(e.getString("x"))) {
                assertThat(e.getString("N")).isEqualTo("USDT");
                sum = sum.add(new BigDecimal(e.getString("n")));
            }
        }
        return sum;
    }

    private static Map<String, BigDecimal> lastPositions(final List<JsonObject> events) {
        final Map<String, BigDecimal> held = new HashMap<>();
        for (final JsonObject e : events) {
            if ("outboundAccountPosition".equals(e.getString("e"))) {
                for (final Object o : e.getJsonArray("B")) {
                    final JsonObject b = (JsonObject) o;
                    held.put(b.getString("a"), new BigDecimal(b.getString("f")).add(new BigDecimal(b.getString("l"))));
                }
            }
        }
        return held;
    }

    @Test
    void cancelReplaceOverTheWebSocketApiReportsTheCancelThenTheNewOrder() {
        final Follower bobApi = subscribeOverWsApi(bob);
        final JsonObject placed = bobApi.client.signedCall("order.place", new JsonObject().put("symbol", "BTCUSDT").put("side", "SELL")
            .put("type", "LIMIT").put("timeInForce", "GTC").put("quantity", "0.01").put("price", "35000").put("newClientOrderId", "b-old"),
            bob.apiKey(), bob.secret());
        final long oldId = placed.getJsonObject("result").getLong("orderId");
        report(bobApi, "NEW", "NEW", oldId);
        position(bobApi, bobRest, "BTC");
        final JsonObject replaced = bobApi.client.signedCall("order.cancelReplace", new JsonObject().put("symbol", "BTCUSDT").put("side", "SELL")
            .put("type", "LIMIT").put("timeInForce", "GTC").put("quantity", "0.02").put("price", "36000").put("newClientOrderId", "b-new")
            .put("cancelReplaceMode", "STOP_ON_FAILURE").put("cancelOrderId", oldId).put("cancelNewClientOrderId", "b-cancel"),
            bob.apiKey(), bob.secret());
        assertThat(replaced.getInteger("status")).as(replaced.encode()).isEqualTo(200);
        assertThat(replaced.getJsonObject("result").getString("cancelResult")).isEqualTo("SUCCESS");
        final long newId = replaced.getJsonObject("result").getJsonObject("newOrderResponse").getLong("orderId");
        final JsonObject canceled = report(bobApi, "CANCELED", "CANCELED", oldId);
        assertThat(canceled.getString("c")).isEqualTo("b-cancel");
        assertThat(canceled.getString("C")).isEqualTo("b-old");
        final JsonObject fresh = report(bobApi, "NEW", "NEW", newId);
        assertThat(fresh.getString("c")).isEqualTo("b-new");
        assertThat(fresh.getString("q")).isEqualTo("0.02000000");
        position(bobApi, bobRest, "BTC");
        bobApi.client.close();
    }

    @Test
    void aStopOrderIsReportedAgainWhenItTriggers() {
        final Funding.Account carol = Funding.open(node, "carol", "BTC", "1");
        final ApiClient carolRest = new ApiClient(node.url(), carol.apiKey(), carol.secret());
        Funding.deposit(node, alice.id(), "USDT", "1000");
        Funding.deposit(node, bob.id(), "USDT", "1000");
        // A first trade at 30000 sets the last price.
        ok(aliceRest.signed("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=30000"));
        ok(carolRest.signed("POST", "/api/v3/order", "symbol=BTCUSDT&side=SELL&type=MARKET&quantity=0.001"));
        final Follower bobApi = subscribeOverWsApi(bob);
        final JsonObject stop = ok(bobRest.signed("POST", "/api/v3/order", "symbol=BTCUSDT&side=SELL&type=STOP_LOSS_LIMIT&timeInForce=GTC"
            + "&quantity=0.001&price=29400&stopPrice=29500&newClientOrderId=b-stop")).json();
        final long stopId = stop.getLong("orderId");
        final JsonObject waiting = report(bobApi, "NEW", "NEW", stopId);
        assertThat(waiting.getString("o")).isEqualTo("STOP_LOSS_LIMIT");
        assertThat(waiting.getString("P")).isEqualTo("29500.00000000");
        assertThat(waiting.getBoolean("w")).isFalse();
        assertThat(waiting.containsKey("W")).isFalse();
        position(bobApi, bobRest, "BTC");

        // Alice bids 0.002 at 29400 and Carol sells 0.001 into it: the last price falls to 29400, Bob's stop works and sells
        // into the rest of Alice's bid.
        ok(aliceRest.signed("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.002&price=29400"));
        ok(carolRest.signed("POST", "/api/v3/order", "symbol=BTCUSDT&side=SELL&type=MARKET&quantity=0.001"));
        final JsonObject working = report(bobApi, "NEW", "NEW", stopId);
        assertThat(working.getBoolean("w")).isTrue();
        assertThat(working.getLong("W")).isGreaterThanOrEqualTo(waiting.getLong("O"));
        assertThat(working.getString("c")).isEqualTo("b-stop");
        final JsonObject fill = report(bobApi, "TRADE", "FILLED", stopId);
        assertThat(fill.getString("L")).isEqualTo("29400.00000000");
        assertThat(fill.getBoolean("m")).isFalse();
        position(bobApi, bobRest, "BTC", "USDT");
        bobApi.client.close();
    }

    @Test
    void subscriptionsAreCheckedAndListed() {
        try (WsClient ws = WsClient.connect("ws://127.0.0.1:" + node.port() + "/ws-api/v3")) {
            assertThat(ws.call("userDataStream.subscribe.signature", new JsonObject().put("timestamp", System.currentTimeMillis()))
                .getJsonObject("error").getInteger("code")).isEqualTo(-1102);
            final JsonObject badSignature = WsClient.sign(new JsonObject(), alice.apiKey(), bob.secret());
            assertThat(ws.call("userDataStream.subscribe.signature", badSignature).getJsonObject("error").getInteger("code")).isEqualTo(-1022);
            assertThat(ws.signedCall("userDataStream.subscribe.signature", new JsonObject(), alice.apiKey(), alice.secret())
                .getJsonObject("result").getInteger("subscriptionId")).isEqualTo(0);
            assertThat(ws.signedCall("userDataStream.subscribe.signature", new JsonObject(), alice.apiKey(), alice.secret())
                .getJsonObject("error").getInteger("code")).isEqualTo(-2035);
            assertThat(ws.signedCall("userDataStream.subscribe.signature", new JsonObject(), bob.apiKey(), bob.secret())
                .getJsonObject("result").getInteger("subscriptionId")).isEqualTo(1);
            assertThat(ws.call("session.subscriptions", null).getJsonArray("result").encode())
                .isEqualTo("[{\"subscriptionId\":0},{\"subscriptionId\":1}]");
            // userDataStream.subscribe needs a logged-on session.
            assertThat(ws.call("userDataStream.subscribe", null).getJsonObject("error").getInteger("code")).isEqualTo(-2015);
            ws.signedCall("session.logon", new JsonObject(), bob.apiKey(), bob.secret());
            assertThat(ws.call("userDataStream.subscribe", null).getJsonObject("error").getInteger("code")).isEqualTo(-2035);
            // Unsubscribing all ends each subscription with eventStreamTerminated.
            assertThat(ws.call("userDataStream.unsubscribe", null).getJsonObject("result")).isEqualTo(new JsonObject());
            final Set<Integer> ended = new HashSet<>();
            for (int i = 0; i < 2; i++) {
                final JsonObject event = ws.nextEvent();
                assertThat(event.getJsonObject("event").getString("e")).isEqualTo("eventStreamTerminated");
                ended.add(event.getInteger("subscriptionId"));
            }
            assertThat(ended).containsExactlyInAnyOrder(0, 1);
            final JsonObject again = ws.call("userDataStream.subscribe", null);
            assertThat(again.getJsonObject("result").getInteger("subscriptionId")).isEqualTo(2);
            Funding.deposit(node, bob.id(), "USDT", "5");
            final JsonObject event = ws.nextEvent();
            assertThat(event.getInteger("subscriptionId")).isEqualTo(2);
            assertThat(event.getJsonObject("event").getString("e")).isEqualTo("balanceUpdate");
            // Logging out ends the session's own subscription.
            ws.call("session.logout", null);
            assertThat(ws.nextEvent().getJsonObject("event").getString("e")).isEqualTo("outboundAccountPosition");
            final JsonObject last = ws.nextEvent();
            assertThat(last.getInteger("subscriptionId")).isEqualTo(2);
            assertThat(last.getJsonObject("event").getString("e")).isEqualTo("eventStreamTerminated");
            assertThat(ws.call("session.subscriptions", null).getJsonArray("result")).isEmpty();
        }
    }
}
