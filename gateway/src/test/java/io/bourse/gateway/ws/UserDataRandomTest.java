package io.bourse.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bourse.gateway.ApiClient;
import io.bourse.gateway.ExchangeNode;
import io.bourse.gateway.Funding;
import io.bourse.gateway.NodeConfig;
import io.bourse.gateway.RateLimiter;
import io.vertx.core.json.JsonObject;

/**
 * Random trading over the WebSocket API by three accounts, all followed on one connection (three subscriptions) and the
 * first also on a listenKey stream. At the quiet point, what the streams said must agree with the REST API and with
 * itself: balances, each order's reports (NEW first, fills adding up, the final status), each trade reported to both
 * sides, unique execution ids, conservation of every asset, and identical events on both transports.
 */
class UserDataRandomTest {
    private static final int ACTIONS = 400;
    private static final String[] ASSETS = {"BTC", "USDT"};

    @TempDir
    Path dataDir;

    @Test
    void streamsAgreeWithRestAndWithThemselves() {
        final long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("UserDataRandomTest seed " + seed + " (rerun with -Dseed=" + seed + ")");
        final Random random = new Random(seed);
        try (ExchangeNode node = ExchangeNode.start(NodeConfig.defaults(dataDir).withPort(0).withFsync(false)
            .withRateLimits(RateLimiter.Limits.binance().off()))) {
            final List<Funding.Account> accounts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                accounts.add(Funding.open(node, "random-" + i));
            }
            final String wsApi = "ws://127.0.0.1:" + node.port() + "/ws-api/v3";
            final ApiClient firstRest = new ApiClient(node.url(), accounts.get(0).apiKey(), accounts.get(0).secret());
            final String listenKey = firstRest.withKey("POST", "/api/v3/userDataStream", "").json().getString("listenKey");
            try (WsClient followers = WsClient.connect(wsApi); WsClient trader = WsClient.connect(wsApi);
                WsClient keyStream = WsClient.connect("ws://127.0.0.1:" + node.port() + "/ws/" + listenKey)) {
                final Map<Integer, Integer> accountOfSubscription = new HashMap<>();
                for (int i = 0; i < accounts.size(); i++) {
                    final JsonObject r = followers.signedCall("userDataStream.subscribe.signature", new JsonObject(), accounts.get(i).apiKey(),
                        accounts.get(i).secret());
                    accountOfSubscription.put(r.getJsonObject("result").getInteger("subscriptionId"), i);
                }
                final Map<String, BigDecimal> netIn = new HashMap<>();
                for (int i = 0; i < accounts.size(); i++) {
                    Funding.deposit(node, accounts.get(i).id(), "USDT", "100000");
                    Funding.deposit(node, accounts.get(i).id(), "BTC", "2");
                }
                netIn.put("USDT", new BigDecimal("300000"));
                netIn.put("BTC", new BigDecimal("6"));

                final List<List<Long>> open = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
                for (int n = 0; n < ACTIONS; n++) {
                    final int who = random.nextInt(accounts.size());
                    final Funding.Account account = accounts.get(who);
                    final int action = random.nextInt(100);
                    final String side = random.nextBoolean() ? "BUY" : "SELL";
                    final String qty = new BigDecimal(1 + random.nextInt(100)).movePointLeft(4).toPlainString();
                    final String price = new BigDecimal(2_990_000 + random.nextInt(20_000)).movePointLeft(2).toPlainString();
                    if (action < 55 || (action < 70 && open.get(who).isEmpty())) {
                        final JsonObject r = trader.signedCall("order.place", new JsonObject().put("symbol", "BTCUSDT").put("side", side)
                            .put("type", "LIMIT").put("timeInForce", action < 45 ? "GTC" : "IOC").put("quantity", qty).put("price", price),
                            account.apiKey(), account.secret());
                        final boolean rests = r.getInteger("status") == 200
                            && Set.of("NEW", "PARTIALLY_FILLED").contains(r.getJsonObject("result").getString("status"));
                        if (rests) {
                            open.get(who).add(r.getJsonObject("result").getLong("orderId"));
                        }
                    } else if (action < 70) {
                        final long orderId = open.get(who).remove(random.nextInt(open.get(who).size()));
                        trader.signedCall("order.cancel", new JsonObject().put("symbol", "BTCUSDT").put("orderId", orderId), account.apiKey(),
                            account.secret());
                    } else if (action < 85) {
                        trader.signedCall("order.place", new JsonObject().put("symbol", "BTCUSDT").put("side", side).put("type", "MARKET")
                            .put("quantity", qty), account.apiKey(), account.secret());
                    } else if (action < 93) {
                        Funding.deposit(node, account.id(), "USDT", "100");
                        netIn.merge("USDT", new BigDecimal("100"), BigDecimal::add);
                    } else {
                        final ApiClient admin = new ApiClient(node.url(), null, null);
                        final ApiClient.Response w = admin.admin("POST", "/admin/v1/withdrawals", node.adminToken(), new JsonObject()
                            .put("accountId", account.id()).put("asset", "BTC").put("amount", "0.001").encode());
                        if (w.status() == 200) {
                            netIn.merge("BTC", new BigDecimal("-0.001"), BigDecimal::add);
                        }
                    }
                }

                // The quiet point: a last, recognisable deposit to each account; everything before it has been delivered.
                final Map<Integer, List<JsonObject>> events = new HashMap<>();
                for (int i = 0; i < accounts.size(); i++) {
                    Funding.deposit(node, accounts.get(i).id(), "ETH", "0.00000777");
                    events.put(i, new ArrayList<>());
                }
                final Set<Integer> done = new HashSet<>();
                while (done.size() < accounts.size()) {
                    final JsonObject message = followers.nextEvent();
                    final int who = accountOfSubscription.get(message.getInteger("subscriptionId"));
                    final JsonObject event = message.getJsonObject("event");
                    events.get(who).add(event);
                    if ("outboundAccountPosition".equals(event.getString("e")) && "ETH".equals(event.getJsonArray("B").getJsonObject(0)
                        .getString("a"))) {
                        done.add(who);
                    }
                }
                final List<JsonObject> viaKey = new ArrayList<>();
                while (viaKey.size() < events.get(0).size()) {
                    viaKey.add(new JsonObject(keyStream.next()));
                }
                assertThat(viaKey).as("listenKey stream = WebSocket API subscription").isEqualTo(events.get(0));

                check(node, accounts, events, netIn);
            }
        }
    }

    private static void check(final ExchangeNode node, final List<Funding.Account> accounts, final Map<Integer, List<JsonObject>> events,
        final Map<String, BigDecimal> netIn) {
        final Set<Long> executionIds = new HashSet<>();
        final Map<Long, Integer> tradeReports = new HashMap<>();
        final Map<String, BigDecimal> held = new HashMap<>();
        BigDecimal commissions = BigDecimal.ZERO;
        int reports = 0;
        for (int i = 0; i < accounts.size(); i++) {
            final ApiClient rest = new ApiClient(node.url(), accounts.get(i).apiKey(), accounts.get(i).secret());
            final Map<String, JsonObject> last = new HashMap<>();
            final Map<Long, List<JsonObject>> byOrder = new LinkedHashMap<>();
            for (final JsonObject e : events.get(i)) {
                switch (e.getString("e")) {
                    case "outboundAccountPosition" -> {
                        for (final Object o : e.getJsonArray("B")) {
                            last.put(((JsonObject) o).getString("a"), (JsonObject) o);
                        }
                    }
                    case "executionReport" -> {
                        reports++;
                        assertThat(executionIds.add(e.getLong("I"))).as("unique execution id " + e.encode()).isTrue();
                        byOrder.computeIfAbsent(e.getLong("i"), k -> new ArrayList<>()).add(e);
                        if ("TRADE".equals(e.getString("x"))) {
                            tradeReports.merge(e.getLong("t"), 1, Integer::sum);
                            commissions = commissions.add(new BigDecimal(e.getString("n")));
                        } else {
                            assertThat(e.getLong("t")).isEqualTo(-1);
                        }
                    }
                    case "balanceUpdate" -> {
                    }
                    default -> throw new AssertionError("unexpected event " + e.encode());
                }
            }
            // Balances: the last position of each asset is what REST shows now.
            final JsonObject account = rest.signed("GET", "/api/v3/account", "").json();
            for (final Object o : account.getJsonArray("balances")) {
                final JsonObject b = (JsonObject) o;
                final JsonObject streamed = last.get(b.getString("asset"));
                if (streamed != null) {
                    assertThat(streamed.getString("f")).as(i + " " + b.getString("asset") + " free").isEqualTo(b.getString("free"));
                    assertThat(streamed.getString("l")).as(i + " " + b.getString("asset") + " locked").isEqualTo(b.getString("locked"));
                    held.merge(b.getString("asset"), new BigDecimal(b.getString("free")).add(new BigDecimal(b.getString("locked"))),
                        BigDecimal::add);
                }
            }
            // Orders: NEW first; fills add up; the last report's status is the order's status now.
            for (final Map.Entry<Long, List<JsonObject>> entry : byOrder.entrySet()) {
                final List<JsonObject> rs = entry.getValue();
                assertThat(rs.get(0).getString("x")).as(rs.toString()).isEqualTo("NEW");
                BigDecimal filled = BigDecimal.ZERO;
                BigDecimal previous = BigDecimal.ZERO;
                for (int k = 0; k < rs.size(); k++) {
                    final JsonObject r = rs.get(k);
                    final BigDecimal z = new BigDecimal(r.getString("z"));
                    assertThat(z).as(r.encode()).isGreaterThanOrEqualTo(previous);
                    previous = z;
                    if ("TRADE".equals(r.getString("x"))) {
                        filled = filled.add(new BigDecimal(r.getString("l")));
                        assertThat(z).as(r.encode()).isEqualByComparingTo(filled);
                    }
                    final boolean terminal = Set.of("FILLED", "CANCELED", "EXPIRED", "EXPIRED_IN_MATCH").contains(r.getString("X"));
                    assertThat(terminal).as("only the last report is terminal: " + rs).isEqualTo(terminal && k == rs.size() - 1);
                }
                final JsonObject lastReport = rs.get(rs.size() - 1);
                final JsonObject order = rest.signed("GET", "/api/v3/order", "symbol=BTCUSDT&orderId=" + entry.getKey()).json();
                assertThat(lastReport.getString("X")).as(order.encode()).isEqualTo(order.getString("status"));
                assertThat(lastReport.getString("z")).as(order.encode()).isEqualTo(order.getString("executedQty"));
                assertThat(lastReport.getString("Z")).as(order.encode()).isEqualTo(order.getString("cummulativeQuoteQty"));
                final String ownId = "CANCELED".equals(lastReport.getString("X")) ? lastReport.getString("C") : lastReport.getString("c");
                assertThat(ownId).as(lastReport.encode()).isEqualTo(order.getString("clientOrderId"));
            }
        }
        // Every trade was reported to its two sides; every asset is conserved (fees are paid in USDT).
        assertThat(tradeReports.values()).allMatch(count -> count == 2);
        assertThat(held.get("USDT").add(commissions)).isEqualByComparingTo(netIn.get("USDT"));
        assertThat(held.get("BTC")).isEqualByComparingTo(netIn.get("BTC"));
        System.out.println("UserDataRandomTest: " + reports + " execution reports, " + tradeReports.size() + " trades checked");
        assertThat(tradeReports).isNotEmpty();
        for (final String asset : ASSETS) {
            assertThat(held).containsKey(asset);
        }
    }
}
