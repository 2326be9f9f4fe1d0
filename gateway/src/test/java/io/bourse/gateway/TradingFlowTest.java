package io.bourse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A whole trading day through the REST API, with two accounts opened and funded through the admin API. */
class TradingFlowTest {
    @TempDir
    Path dataDir;

    private ExchangeNode node;
    private ApiClient admin;

    @BeforeEach
    void start() {
        node = ExchangeNode.start(NodeConfig.defaults(dataDir).withPort(0));
        admin = new ApiClient(node.url(), null, null);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private ApiClient newAccount(final String name, final String usdt, final String btc) {
        final ApiClient.Response created = admin.admin("POST", "/admin/v1/accounts", node.adminToken(),
            "{\"name\":\"" + name + "\",\"country\":\"DE\",\"kycTier\":1}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        final JsonObject account = created.json();
        final long id = account.getLong("accountId");
        for (final String[] deposit : new String[][] {{"USDT", usdt}, {"BTC", btc}}) {
            if (new BigDecimal(deposit[1]).signum() == 0) {
                continue;
            }
            final ApiClient.Response r = admin.admin("POST", "/admin/v1/deposits", node.adminToken(),
                "{\"accountId\":" + id + ",\"asset\":\"" + deposit[0] + "\",\"amount\":\"" + deposit[1] + "\"}");
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
        }
        return new ApiClient(node.url(), account.getString("apiKey"), account.getString("secretKey"));
    }

    private static Map<String, BigDecimal[]> balances(final ApiClient client) {
        final ApiClient.Response r = client.signed("GET", "/api/v3/account", "");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        final Map<String, BigDecimal[]> map = new HashMap<>();
        for (final Object o : r.json().getJsonArray("balances")) {
            final JsonObject b = (JsonObject) o;
            map.put(b.getString("asset"), new BigDecimal[] {new BigDecimal(b.getString("free")), new BigDecimal(b.getString("locked"))});
        }
        return map;
    }

    private static BigDecimal total(final Map<String, BigDecimal[]> balances, final String asset) {
        return balances.get(asset)[0].add(balances.get(asset)[1]);
    }

    @Test
    void restingAndCrossingOrdersSettleAndShowUpEverywhere() {
        final ApiClient alice = newAccount("alice", "100000", "0");
        final ApiClient bob = newAccount("bob", "0", "2");

        // Alice rests a bid; Bob sells into it and more rests on the ask side.
        final ApiClient.Response bid = alice.signed("POST", "/api/v3/order",
            "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.50000&price=30000.00&newClientOrderId=alice-1");
        assertThat(bid.status()).as(bid.toString()).isEqualTo(200);
        final JsonObject bidJson = bid.json();
        assertThat(bidJson.getString("status")).isEqualTo("NEW");
        assertThat(bidJson.getString("clientOrderId")).isEqualTo("alice-1");
        assertThat(bidJson.getJsonArray("fills")).isEmpty();
        assertThat(bidJson.getString("price")).isEqualTo("30000.00000000");
        assertThat(bidJson.getLong("orderListId")).isEqualTo(-1);
        assertThat(bid.header("X-MBX-ORDER-COUNT-10s")).isEqualTo("1");
        assertThat(bid.header("X-MBX-USED-WEIGHT-1m")).isNotNull();

        final ApiClient.Response sell = bob.signedForm("/api/v3/order",
            "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.8&price=29990");
        assertThat(sell.status()).as(sell.toString()).isEqualTo(200);
        final JsonObject sellJson = sell.json();
        assertThat(sellJson.getString("status")).isEqualTo("PARTIALLY_FILLED");
        assertThat(sellJson.getString("executedQty")).isEqualTo("0.50000000");
        assertThat(sellJson.getString("cummulativeQuoteQty")).isEqualTo("15000.00000000");
        assertThat(sellJson.getString("clientOrderId")).hasSize(22);
        final JsonArray fills = sellJson.getJsonArray("fills");
        assertThat(fills).hasSize(1);
        assertThat(fills.getJsonObject(0).getString("price")).isEqualTo("30000.00000000");
        assertThat(fills.getJsonObject(0).getString("qty")).isEqualTo("0.50000000");
        assertThat(fills.getJsonObject(0).getString("commission")).isEqualTo("15.00000000");
        assertThat(fills.getJsonObject(0).getString("commissionAsset")).isEqualTo("USDT");

        // Alice's bid is filled; GET order finds it in the history.
        final ApiClient.Response aliceOrder = alice.signed("GET", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=alice-1");
        assertThat(aliceOrder.status()).as(aliceOrder.toString()).isEqualTo(200);
        assertThat(aliceOrder.json().getString("status")).isEqualTo("FILLED");
        assertThat(aliceOrder.json().getString("executedQty")).isEqualTo("0.50000000");

        // Bob's remainder rests; a market buy by Alice takes part of it.
        final ApiClient.Response market = alice.signed("POST", "/api/v3/order", "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.1");
        assertThat(market.status()).as(market.toString()).isEqualTo(200);
        assertThat(market.json().getString("status")).isEqualTo("FILLED");
        assertThat(market.json().getJsonArray("fills")).hasSize(1);
        assertThat(market.json().getJsonArray("fills").getJsonObject(0).getString("price")).isEqualTo("29990.00000000");

        // Open orders: Bob has one with 0.2 left.
        final ApiClient.Response open = bob.signed("GET", "/api/v3/openOrders", "symbol=BTCUSDT");
        assertThat(open.status()).isEqualTo(200);
        assertThat(open.array()).hasSize(1);
        final JsonObject bobOrder = open.array().getJsonObject(0);
        assertThat(bobOrder.getString("status")).isEqualTo("PARTIALLY_FILLED");
        assertThat(bobOrder.getString("origQty")).isEqualTo("0.80000000");
        assertThat(bobOrder.getString("executedQty")).isEqualTo("0.60000000");
        assertThat(bobOrder.getString("selfTradePreventionMode")).isEqualTo("EXPIRE_MAKER");
        assertThat(alice.signed("GET", "/api/v3/openOrders", "").array()).isEmpty();
        final ApiClient.Response queried = bob.signed("GET", "/api/v3/order", "symbol=BTCUSDT&orderId=" + bobOrder.getLong("orderId"));
        assertThat(queried.json().getString("status")).isEqualTo("PARTIALLY_FILLED");
        assertThat(queried.json().getBoolean("isWorking")).isTrue();
        assertThat(alice.signed("GET", "/api/v3/order", "symbol=BTCUSDT&orderId=" + bobOrder.getLong("orderId")).code()).isEqualTo(-2013);

        // order/test validates without trading; with computeCommissionRates it shows the rates.
        assertThat(alice.signed("POST", "/api/v3/order/test", "symbol=BTCUSDT&side=BUY&type=MARKET&quoteOrderQty=100").body()).isEqualTo("{}");
        assertThat(alice.signed("POST", "/api/v3/order/test", "symbol=BTCUSDT&side=BUY&type=MARKET&quoteOrderQty=100&computeCommissionRates=true")
            .json().getJsonObject("standardCommissionForOrder").getString("taker")).isEqualTo("0.00100000");
        // A market buy by quote amount spends at most that much quote.
        final ApiClient.Response byQuote = alice.signed("POST", "/api/v3/order",
            "symbol=BTCUSDT&side=BUY&type=MARKET&quoteOrderQty=299.9&newOrderRespType=RESULT");
        assertThat(byQuote.status()).as(byQuote.toString()).isEqualTo(200);
        assertThat(byQuote.json().getString("origQuoteOrderQty")).isEqualTo("299.90000000");
        assertThat(byQuote.json().getString("executedQty")).isEqualTo("0.01000000");
        assertThat(byQuote.json().containsKey("fills")).isFalse();

        // Depth and tickers see Bob's ask.
        final JsonObject depth = admin.get("/api/v3/depth", "symbol=BTCUSDT&limit=5").json();
        assertThat(depth.getJsonArray("asks").getJsonArray(0).getString(0)).isEqualTo("29990.00000000");
        assertThat(depth.getJsonArray("asks").getJsonArray(0).getString(1)).isEqualTo("0.19000000");
        assertThat(depth.getJsonArray("bids")).isEmpty();
        assertThat(depth.getLong("lastUpdateId")).isPositive();
        final JsonObject book = admin.get("/api/v3/ticker/bookTicker", "symbol=BTCUSDT").json();
        assertThat(book.getString("askPrice")).isEqualTo("29990.00000000");
        assertThat(admin.get("/api/v3/ticker/bookTicker", "").array()).hasSize(2);
        assertThat(admin.get("/api/v3/ticker/bookTicker", "symbols=%5B%22BTCUSDT%22%5D").array()).hasSize(1);
        assertThat(admin.get("/api/v3/ticker/price", "symbol=BTCUSDT").json().getString("price")).isEqualTo("29990.00000000");
        final JsonObject ticker = admin.get("/api/v3/ticker/24hr", "symbol=BTCUSDT").json();
        assertThat(ticker.getLong("count")).isEqualTo(3);
        assertThat(ticker.getString("volume")).isEqualTo("0.61000000");
        assertThat(ticker.getString("openPrice")).isEqualTo("30000.00000000");
        assertThat(ticker.getString("lastPrice")).isEqualTo("29990.00000000");
        assertThat(ticker.getString("priceChange")).isEqualTo("-10.00000000");
        assertThat(ticker.getString("priceChangePercent")).isEqualTo("-0.033");
        final JsonObject avg = admin.get("/api/v3/avgPrice", "symbol=BTCUSDT").json();
        assertThat(avg.getInteger("mins")).isEqualTo(5);
        assertThat(new BigDecimal(avg.getString("price"))).isBetween(new BigDecimal("29990"), new BigDecimal("30000"));

        // Trades, aggTrades, klines.
        final JsonArray trades = admin.get("/api/v3/trades", "symbol=BTCUSDT").array();
        assertThat(trades).hasSize(3);
        assertThat(trades.getJsonObject(0).getBoolean("isBuyerMaker")).isTrue();
        assertThat(trades.getJsonObject(1).getBoolean("isBuyerMaker")).isFalse();
        assertThat(admin.get("/api/v3/aggTrades", "symbol=BTCUSDT").array()).hasSize(3);
        final JsonArray klines = admin.get("/api/v3/klines", "symbol=BTCUSDT&interval=1m").array();
        assertThat(klines).isNotEmpty();
        final JsonArray k = klines.getJsonArray(klines.size() - 1);
        assertThat(k).hasSize(12);
        assertThat(k.getString(4)).isEqualTo("29990.00000000");
        for (final String interval : new String[] {"1s", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w", "1M"}) {
            assertThat(admin.get("/api/v3/klines", "symbol=BTCUSDT&interval=" + interval).array()).as(interval).isNotEmpty();
        }

        // Cancel Bob's remainder.
        final ApiClient.Response cancel = bob.signed("DELETE", "/api/v3/order", "symbol=BTCUSDT&orderId=" + bobOrder.getLong("orderId"));
        assertThat(cancel.status()).as(cancel.toString()).isEqualTo(200);
        assertThat(cancel.json().getString("status")).isEqualTo("CANCELED");
        assertThat(cancel.json().getString("origQty")).isEqualTo("0.80000000");
        assertThat(cancel.json().getString("executedQty")).isEqualTo("0.61000000");
        assertThat(cancel.json().getString("side")).isEqualTo("SELL");
        assertThat(bob.signed("GET", "/api/v3/openOrders", "symbol=BTCUSDT").array()).isEmpty();

        // allOrders and myTrades come from the history.
        final JsonArray bobAll = bob.signed("GET", "/api/v3/allOrders", "symbol=BTCUSDT").array();
        assertThat(bobAll).hasSize(1);
        assertThat(bobAll.getJsonObject(0).getString("status")).isEqualTo("CANCELED");
        final JsonArray aliceAll = alice.signed("GET", "/api/v3/allOrders", "symbol=BTCUSDT").array();
        assertThat(aliceAll).hasSize(3);
        final JsonArray aliceTrades = alice.signed("GET", "/api/v3/myTrades", "symbol=BTCUSDT").array();
        assertThat(aliceTrades).hasSize(3);
        assertThat(aliceTrades.getJsonObject(0).getBoolean("isBuyer")).isTrue();
        assertThat(aliceTrades.getJsonObject(0).getBoolean("isMaker")).isTrue();
        assertThat(aliceTrades.getJsonObject(1).getBoolean("isMaker")).isFalse();
        final JsonArray bobTrades = bob.signed("GET", "/api/v3/myTrades", "symbol=BTCUSDT").array();
        assertThat(bobTrades).hasSize(3);
        assertThat(bobTrades.getJsonObject(0).getBoolean("isBuyer")).isFalse();

        // Conservation: what the two accounts hold plus the fees equals what was deposited.
        final Map<String, BigDecimal[]> a = balances(alice);
        final Map<String, BigDecimal[]> b = balances(bob);
        assertThat(total(a, "BTC").add(total(b, "BTC"))).isEqualByComparingTo("2");
        BigDecimal fees = BigDecimal.ZERO;
        for (final JsonArray list : new JsonArray[] {aliceTrades, bobTrades}) {
            for (final Object o : list) {
                fees = fees.add(new BigDecimal(((JsonObject) o).getString("commission")));
            }
        }
        assertThat(total(a, "USDT").add(total(b, "USDT")).add(fees)).isEqualByComparingTo("100000");
        assertThat(a.get("BTC")[0]).isEqualByComparingTo("0.61");
        assertThat(b.get("BTC")[1]).isEqualByComparingTo("0");
        assertThat(b.get("USDT")[0]).isEqualByComparingTo(new BigDecimal("18298.9").subtract(new BigDecimal("18.2989")));
    }
}
