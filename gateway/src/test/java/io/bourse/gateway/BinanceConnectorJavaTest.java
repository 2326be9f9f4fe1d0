package io.bourse.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.binance.connector.client.exceptions.BinanceClientException;
import com.binance.connector.client.impl.SpotClientImpl;
import com.binance.connector.client.impl.spot.Market;
import com.binance.connector.client.impl.spot.Trade;
import com.binance.connector.client.utils.signaturegenerator.Ed25519SignatureGenerator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The real, unmodified Binance Java connector ({@code io.github.binance:binance-connector-java:3.4.1}) against a
 * running node, with Binance's default rate limits on: it only changes the base URL. Two fresh accounts, funded through
 * the admin API, rest and cross orders; everything the connector shows must add up.
 */
class BinanceConnectorJavaTest {
    private static final String BTCUSDT = "BTCUSDT";
    private static final String INSUFFICIENT = "Account has insufficient balance for requested action.";

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

    private static SpotClientImpl client(final Funding.Account account) {
        return new SpotClientImpl(account.apiKey(), account.secret(), node.url());
    }

    private static LinkedHashMap<String, Object> params(final Object... pairs) {
        final LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static Map<String, BigDecimal[]> balances(final SpotClientImpl client) {
        final JsonObject account = new JsonObject(client.createTrade().account(params()));
        assertThat(account.getString("accountType")).isEqualTo("SPOT");
        assertThat(account.getBoolean("canTrade")).isTrue();
        final Map<String, BigDecimal[]> map = new HashMap<>();
        for (final Object o : account.getJsonArray("balances")) {
            final JsonObject b = (JsonObject) o;
            map.put(b.getString("asset"), new BigDecimal[] {new BigDecimal(b.getString("free")), new BigDecimal(b.getString("locked"))});
        }
        return map;
    }

    private static BigDecimal total(final Map<String, BigDecimal[]> balances, final String asset) {
        final BigDecimal[] b = balances.get(asset);
        return b == null ? BigDecimal.ZERO : b[0].add(b[1]);
    }

    private static BinanceClientException refusal(final Runnable call) {
        final BinanceClientException e = catchThrowableOfType(BinanceClientException.class, call::run);
        assertThat(e).as("the connector must surface a BinanceClientException").isNotNull();
        assertThat(e.getHttpStatusCode()).isBetween(400, 499);
        return e;
    }

    @Test
    void tradesEndToEndThroughTheConnector() {
        final Market market = new SpotClientImpl(node.url()).createMarket();
        assertThat(market.ping()).isEqualTo("{}");
        assertThat(new JsonObject(market.time()).getLong("serverTime")).isCloseTo(System.currentTimeMillis(), Offset.offset(5000L));

        // Markets.
        final JsonObject info = new JsonObject(market.exchangeInfo(params("symbol", BTCUSDT)));
        final JsonObject btc = info.getJsonArray("symbols").getJsonObject(0);
        assertThat(btc.getString("symbol")).isEqualTo(BTCUSDT);
        assertThat(btc.getString("status")).isEqualTo("TRADING");
        assertThat(btc.getString("baseAsset")).isEqualTo("BTC");
        assertThat(btc.getString("quoteAsset")).isEqualTo("USDT");
        assertThat(btc.getJsonArray("orderTypes").stream()).contains("LIMIT", "MARKET", "LIMIT_MAKER");
        assertThat(btc.getJsonArray("filters").stream().map(f -> ((JsonObject) f).getString("filterType")))
            .contains("PRICE_FILTER", "LOT_SIZE", "NOTIONAL");
        assertThat(info.getJsonArray("rateLimits")).isNotEmpty();
        final ArrayList<Object> both = new ArrayList<>(List.of(BTCUSDT, "ETHUSDT"));
        assertThat(new JsonObject(market.exchangeInfo(params("symbols", both))).getJsonArray("symbols")).hasSize(2);
        assertThat(new JsonObject(market.exchangeInfo(params())).getJsonArray("symbols").size()).isGreaterThanOrEqualTo(2);

        // Two fresh accounts, funded by the operator.
        final Funding.Account aliceAccount = Funding.open(node, "connector-alice", "USDT", "100000");
        final Funding.Account bobAccount = Funding.open(node, "connector-bob", "BTC", "2");
        final SpotClientImpl alice = client(aliceAccount);
        final SpotClientImpl bob = client(bobAccount);
        final Trade aliceTrade = alice.createTrade();
        final Trade bobTrade = bob.createTrade();
        assertThat(total(balances(alice), "USDT")).isEqualByComparingTo("100000");
        assertThat(total(balances(bob), "BTC")).isEqualByComparingTo("2");

        // Alice rests a bid (FULL response, no fills); it shows as open and locks its quote.
        final JsonObject bid = new JsonObject(aliceTrade.newOrder(params("symbol", BTCUSDT, "side", "BUY", "type", "LIMIT", "timeInForce", "GTC",
            "quantity", 0.5, "price", 30000.0, "newClientOrderId", "conn-alice-1", "newOrderRespType", "FULL")));
        assertThat(bid.getString("status")).isEqualTo("NEW");
        assertThat(bid.getString("clientOrderId")).isEqualTo("conn-alice-1");
        assertThat(bid.getString("origQty")).isEqualTo("0.50000000");
        assertThat(bid.getJsonArray("fills")).isEmpty();
        assertThat(balances(alice).get("USDT")[1]).isBetween(new BigDecimal("15000"), new BigDecimal("15015"));
        final JsonArray aliceOpen = new JsonArray(aliceTrade.getOpenOrders(params("symbol", BTCUSDT)));
        assertThat(aliceOpen).hasSize(1);
        assertThat(aliceOpen.getJsonObject(0).getLong("orderId")).isEqualTo(bid.getLong("orderId"));

        // Bob sells more than the bid into it: a FULL response with one fill at the bid's price; the rest rests.
        final JsonObject ask = new JsonObject(bobTrade.newOrder(params("symbol", BTCUSDT, "side", "SELL", "type", "LIMIT", "timeInForce", "GTC",
            "quantity", 0.8, "price", 29990.0)));
        assertThat(ask.getString("status")).isEqualTo("PARTIALLY_FILLED");
        assertThat(ask.getString("executedQty")).isEqualTo("0.50000000");
        assertThat(ask.getString("cummulativeQuoteQty")).isEqualTo("15000.00000000");
        final JsonArray askFills = ask.getJsonArray("fills");
        assertThat(askFills).hasSize(1);
        assertThat(askFills.getJsonObject(0).getString("price")).isEqualTo("30000.00000000");
        assertThat(askFills.getJsonObject(0).getString("qty")).isEqualTo("0.50000000");
        assertThat(askFills.getJsonObject(0).getString("commission")).isEqualTo("15.00000000");
        assertThat(askFills.getJsonObject(0).getString("commissionAsset")).isEqualTo("USDT");
        assertThat(askFills.getJsonObject(0).getLong("tradeId")).isPositive();

        // Alice takes 0.1 of the rest with a market order.
        final JsonObject market1 = new JsonObject(aliceTrade.newOrder(params("symbol", BTCUSDT, "side", "BUY", "type", "MARKET", "quantity", 0.1)));
        assertThat(market1.getString("status")).isEqualTo("FILLED");
        assertThat(market1.getString("type")).isEqualTo("MARKET");
        assertThat(market1.getJsonArray("fills")).hasSize(1);
        assertThat(market1.getJsonArray("fills").getJsonObject(0).getString("price")).isEqualTo("29990.00000000");
        // And spends 299.9 USDT more by quote amount (RESULT: no fills).
        final JsonObject byQuote = new JsonObject(aliceTrade.newOrder(params("symbol", BTCUSDT, "side", "BUY", "type", "MARKET",
            "quoteOrderQty", 299.9, "newOrderRespType", "RESULT")));
        assertThat(byQuote.getString("status")).isEqualTo("FILLED");
        assertThat(byQuote.getString("executedQty")).isEqualTo("0.01000000");
        assertThat(byQuote.containsKey("fills")).isFalse();
        // order/test validates and answers {}.
        assertThat(aliceTrade.testNewOrder(params("symbol", BTCUSDT, "side", "BUY", "type", "LIMIT", "timeInForce", "GTC", "quantity", 0.001,
            "price", 20000.0))).isEqualTo("{}");

        // Order queries.
        final JsonObject bidNow = new JsonObject(aliceTrade.getOrder(params("symbol", BTCUSDT, "origClientOrderId", "conn-alice-1")));
        assertThat(bidNow.getString("status")).isEqualTo("FILLED");
        assertThat(bidNow.getString("executedQty")).isEqualTo("0.50000000");
        final JsonArray bobOpen = new JsonArray(bobTrade.getOpenOrders(params("symbol", BTCUSDT)));
        assertThat(bobOpen).hasSize(1);
        assertThat(bobOpen.getJsonObject(0).getString("status")).isEqualTo("PARTIALLY_FILLED");
        assertThat(bobOpen.getJsonObject(0).getString("executedQty")).isEqualTo("0.61000000");
        assertThat(new JsonArray(aliceTrade.getOpenOrders(params()))).isEmpty();

        // Market data sees the trades and Bob's resting 0.19.
        final JsonObject depth = new JsonObject(market.depth(params("symbol", BTCUSDT, "limit", 5)));
        assertThat(depth.getJsonArray("asks").getJsonArray(0).getString(0)).isEqualTo("29990.00000000");
        assertThat(depth.getJsonArray("asks").getJsonArray(0).getString(1)).isEqualTo("0.19000000");
        assertThat(depth.getJsonArray("bids")).isEmpty();
        final JsonArray trades = new JsonArray(market.trades(params("symbol", BTCUSDT)));
        assertThat(trades).hasSize(3);
        assertThat(new JsonArray(market.aggTrades(params("symbol", BTCUSDT)))).hasSize(3);
        // The trades may straddle a minute boundary: the last close, and what all candles add up to.
        final JsonArray klines = new JsonArray(market.klines(params("symbol", BTCUSDT, "interval", "1m")));
        final JsonArray lastKline = klines.getJsonArray(klines.size() - 1);
        assertThat(lastKline).hasSize(12);
        assertThat(lastKline.getString(4)).isEqualTo("29990.00000000");
        BigDecimal volume = BigDecimal.ZERO;
        BigDecimal high = BigDecimal.ZERO;
        long tradeCount = 0;
        for (int i = 0; i < klines.size(); i++) {
            volume = volume.add(new BigDecimal(klines.getJsonArray(i).getString(5)));
            high = high.max(new BigDecimal(klines.getJsonArray(i).getString(2)));
            tradeCount += klines.getJsonArray(i).getLong(8);
        }
        assertThat(volume).isEqualByComparingTo("0.61");
        assertThat(high).isEqualByComparingTo("30000");
        assertThat(tradeCount).isEqualTo(3);
        assertThat(new JsonArray(market.uiKlines(params("symbol", BTCUSDT, "interval", "1h", "limit", 10)))).isNotEmpty();
        final JsonObject ticker = new JsonObject(market.ticker24H(params("symbol", BTCUSDT)));
        assertThat(ticker.getString("lastPrice")).isEqualTo("29990.00000000");
        assertThat(ticker.getString("volume")).isEqualTo("0.61000000");
        assertThat(ticker.getLong("count")).isEqualTo(3);
        assertThat(new JsonArray(market.ticker24H(params("symbols", new ArrayList<Object>(List.of(BTCUSDT, "ETHUSDT")))))).hasSize(2);
        assertThat(new JsonArray(market.ticker24H(params()))).hasSizeGreaterThanOrEqualTo(2);
        assertThat(new JsonObject(market.tickerSymbol(params("symbol", BTCUSDT))).getString("price")).isEqualTo("29990.00000000");
        assertThat(new JsonArray(market.tickerSymbol(params("symbols", new ArrayList<Object>(List.of(BTCUSDT)))))).hasSize(1);
        final JsonObject book = new JsonObject(market.bookTicker(params("symbol", BTCUSDT)));
        assertThat(book.getString("askPrice")).isEqualTo("29990.00000000");
        assertThat(book.getString("askQty")).isEqualTo("0.19000000");
        assertThat(new BigDecimal(new JsonObject(market.averagePrice(params("symbol", BTCUSDT))).getString("price")))
            .isBetween(new BigDecimal("29990"), new BigDecimal("30000"));

        // Cancel Bob's remainder; cancel a batch of Alice's resting bids at once; cancel-replace one.
        final long bobOrderId = bobOpen.getJsonObject(0).getLong("orderId");
        final JsonObject canceled = new JsonObject(bobTrade.cancelOrder(params("symbol", BTCUSDT, "orderId", bobOrderId)));
        assertThat(canceled.getString("status")).isEqualTo("CANCELED");
        assertThat(canceled.getString("executedQty")).isEqualTo("0.61000000");
        for (final double price : new double[] {25000.0, 25000.5}) {
            aliceTrade.newOrder(params("symbol", BTCUSDT, "side", "BUY", "type", "LIMIT", "timeInForce", "GTC", "quantity", 0.01, "price", price));
        }
        final JsonArray all = new JsonArray(aliceTrade.cancelOpenOrders(params("symbol", BTCUSDT)));
        assertThat(all).hasSize(2);
        assertThat(all.stream().map(o -> ((JsonObject) o).getString("status"))).containsOnly("CANCELED");
        final JsonObject toReplace = new JsonObject(aliceTrade.newOrder(params("symbol", BTCUSDT, "side", "BUY", "type", "LIMIT",
            "timeInForce", "GTC", "quantity", 0.01, "price", 24000.0, "newClientOrderId", "conn-replace-me")));
        final JsonObject replaced = new JsonObject(aliceTrade.cancelReplace(params("symbol", BTCUSDT, "side", "BUY", "type", "LIMIT",
            "cancelReplaceMode", "STOP_ON_FAILURE", "timeInForce", "GTC", "quantity", 0.02, "price", 24001.0, "cancelOrderId",
            toReplace.getLong("orderId"))));
        assertThat(replaced.getString("cancelResult")).isEqualTo("SUCCESS");
        assertThat(replaced.getString("newOrderResult")).isEqualTo("SUCCESS");
        assertThat(replaced.getJsonObject("newOrderResponse").getString("origQty")).isEqualTo("0.02000000");
        assertThat(new JsonArray(aliceTrade.cancelOpenOrders(params("symbol", BTCUSDT)))).hasSize(1);
        assertThat(new JsonArray(aliceTrade.getOpenOrders(params()))).isEmpty();
        assertThat(new JsonArray(bobTrade.getOpenOrders(params()))).isEmpty();

        // allOrders and myTrades.
        final JsonArray aliceAll = new JsonArray(aliceTrade.getOrders(params("symbol", BTCUSDT)));
        assertThat(aliceAll).hasSize(7);
        assertThat(aliceAll.stream().map(o -> ((JsonObject) o).getString("status")))
            .containsExactlyInAnyOrder("FILLED", "FILLED", "FILLED", "CANCELED", "CANCELED", "CANCELED", "CANCELED");
        assertThat(new JsonArray(aliceTrade.getOrders(params("symbol", BTCUSDT, "limit", 2)))).hasSize(2);
        final JsonArray bobAll = new JsonArray(bobTrade.getOrders(params("symbol", BTCUSDT)));
        assertThat(bobAll).hasSize(1);
        assertThat(bobAll.getJsonObject(0).getString("status")).isEqualTo("CANCELED");
        final JsonArray aliceTrades = new JsonArray(aliceTrade.myTrades(params("symbol", BTCUSDT)));
        final JsonArray bobTrades = new JsonArray(bobTrade.myTrades(params("symbol", BTCUSDT)));
        assertThat(aliceTrades).hasSize(3);
        assertThat(bobTrades).hasSize(3);
        assertThat(aliceTrades.getJsonObject(0).getBoolean("isBuyer")).isTrue();
        assertThat(aliceTrades.getJsonObject(0).getBoolean("isMaker")).isTrue();
        assertThat(aliceTrades.getJsonObject(1).getBoolean("isMaker")).isFalse();
        assertThat(bobTrades.getJsonObject(0).getBoolean("isBuyer")).isFalse();
        assertThat(new JsonArray(aliceTrade.myTrades(params("symbol", BTCUSDT, "orderId", bid.getLong("orderId"))))).hasSize(1);

        // Conservation: both accounts plus the commissions hold exactly what the operator deposited; nothing stays locked.
        final Map<String, BigDecimal[]> a = balances(alice);
        final Map<String, BigDecimal[]> b = balances(bob);
        final Map<String, BigDecimal> fees = new HashMap<>();
        for (final JsonArray list : new JsonArray[] {aliceTrades, bobTrades}) {
            for (final Object o : list) {
                final JsonObject t = (JsonObject) o;
                fees.merge(t.getString("commissionAsset"), new BigDecimal(t.getString("commission")), BigDecimal::add);
            }
        }
        assertThat(total(a, "BTC").add(total(b, "BTC")).add(fees.getOrDefault("BTC", BigDecimal.ZERO))).isEqualByComparingTo("2");
        assertThat(total(a, "USDT").add(total(b, "USDT")).add(fees.getOrDefault("USDT", BigDecimal.ZERO))).isEqualByComparingTo("100000");
        assertThat(a.get("USDT")[1]).isEqualByComparingTo("0");
        assertThat(b.get("BTC")[1]).isEqualByComparingTo("0");
        assertThat(total(a, "BTC")).isEqualByComparingTo("0.61");
        assertThat(total(b, "BTC")).isEqualByComparingTo("1.39");
    }

    @Test
    void theConnectorSurfacesBinanceErrors() {
        final Funding.Account account = Funding.open(node, "connector-errors", "USDT", "1000");
        final SpotClientImpl client = client(account);
        final String before = node.stateDigest();

        // A wrong secret: -1022.
        final SpotClientImpl wrongSecret = new SpotClientImpl(account.apiKey(), "x".repeat(64), node.url());
        BinanceClientException e = refusal(() -> wrongSecret.createTrade().account(params()));
        assertThat(e.getErrorCode()).isEqualTo(-1022);
        assertThat(e.getErrMsg()).isEqualTo("Signature for this request is not valid.");
        e = refusal(() -> wrongSecret.createTrade().newOrder(params("symbol", BTCUSDT, "side", "BUY", "type", "LIMIT", "timeInForce", "GTC",
            "quantity", 0.001, "price", 20000.0)));
        assertThat(e.getErrorCode()).isEqualTo(-1022);
        // An unknown key: -2015.
        e = refusal(() -> new SpotClientImpl("A".repeat(64), "x".repeat(64), node.url()).createTrade().account(params()));
        assertThat(e.getErrorCode()).isEqualTo(-2015);
        // An unknown symbol: -1121, public and signed.
        e = refusal(() -> client.createMarket().depth(params("symbol", "NOPEUSDT")));
        assertThat(e.getErrorCode()).isEqualTo(-1121);
        assertThat(e.getErrMsg()).isEqualTo("Invalid symbol.");
        e = refusal(() -> client.createTrade().newOrder(params("symbol", "NOPEUSDT", "side", "BUY", "type", "LIMIT", "timeInForce", "GTC",
            "quantity", 1.0, "price", 1.0)));
        assertThat(e.getErrorCode()).isEqualTo(-1121);
        // An unknown order.
        e = refusal(() -> client.createTrade().getOrder(params("symbol", BTCUSDT, "orderId", 987654321L)));
        assertThat(e.getErrorCode()).isEqualTo(-2013);
        // Refused parameters.
        e = refusal(() -> client.createTrade().newOrder(params("symbol", BTCUSDT, "side", "BUY", "type", "LIMIT", "timeInForce", "GTC",
            "quantity", 0.000000001, "price", 20000.0)));
        assertThat(e.getErrorCode()).isEqualTo(-1111);
        e = refusal(() -> client.createMarket().klines(params("symbol", BTCUSDT, "interval", "7m")));
        assertThat(e.getErrorCode()).isBetween(-1199, -1100);
        assertThat(node.stateDigest()).as("no refusal so far reached the engine").isEqualTo(before);

        // Refusals the engine decides (they are sequenced like any command): cancelling an unknown order, -2011.
        e = refusal(() -> client.createTrade().cancelOrder(params("symbol", BTCUSDT, "orderId", 987654321L)));
        assertThat(e.getErrorCode()).isEqualTo(-2011);
        assertThat(e.getErrMsg()).isEqualTo("Unknown order sent.");

        // Too big for the balance: -2010 with Binance's message, and nothing changes hands.
        e = refusal(() -> client.createTrade().newOrder(params("symbol", BTCUSDT, "side", "BUY", "type", "LIMIT", "timeInForce", "GTC",
            "quantity", 1.0, "price", 30000.0)));
        assertThat(e.getErrorCode()).isEqualTo(-2010);
        assertThat(e.getErrMsg()).isEqualTo(INSUFFICIENT);
        e = refusal(() -> client.createTrade().newOrder(params("symbol", "ETHUSDT", "side", "SELL", "type", "MARKET", "quantity", 1.0)));
        assertThat(e.getErrorCode()).isEqualTo(-2010);
        final Map<String, BigDecimal[]> after = balances(client);
        assertThat(after.get("USDT")[0]).isEqualByComparingTo("1000");
        assertThat(after.get("USDT")[1]).isEqualByComparingTo("0");
        assertThat(new JsonArray(client.createTrade().getOrders(params("symbol", BTCUSDT)))).isEmpty();
    }

    @Test
    void legacyUserDataStream() {
        final Funding.Account account = Funding.open(node, "connector-stream");
        final SpotClientImpl client = client(account);
        final String listenKey = new JsonObject(client.createUserData().createListenKey()).getString("listenKey");
        assertThat(listenKey).isNotBlank().hasSize(60);
        assertThat(new JsonObject(client.createUserData().createListenKey()).getString("listenKey")).isEqualTo(listenKey);
        assertThat(client.createUserData().extendListenKey(params("listenKey", listenKey))).isEqualTo("{}");
        assertThat(client.createUserData().closeListenKey(params("listenKey", listenKey))).isEqualTo("{}");
        final BinanceClientException e = refusal(() -> client.createUserData().extendListenKey(params("listenKey", listenKey)));
        assertThat(e.getErrorCode()).isEqualTo(-1125);
        assertThat(new JsonObject(client.createUserData().createListenKey()).getString("listenKey")).isNotEqualTo(listenKey);
        // Another account's key is unknown to this one.
        final SpotClientImpl other = client(Funding.open(node, "connector-stream-2"));
        final String otherKey = new JsonObject(other.createUserData().createListenKey()).getString("listenKey");
        assertThat(otherKey).isNotEqualTo(listenKey);
        final BinanceClientException wrongOwner = refusal(() -> client.createUserData().closeListenKey(params("listenKey", otherKey)));
        assertThat(wrongOwner.getErrorCode()).isEqualTo(-1125);
    }

    @Test
    void ed25519KeysThroughTheConnectorsOwnSigner() throws GeneralSecurityException, IOException {
        final KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        final Path pem = dataDir.resolve("connector-ed25519.pem");
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
            .encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        final String publicPem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
        final Funding.Account account = Funding.openWithKey(node, "connector-ed25519", publicPem, "USDT", "1000");
        assertThat(account.secret()).isNull();
        final SpotClientImpl client = new SpotClientImpl(account.apiKey(), new Ed25519SignatureGenerator(pem.toString()), node.url());
        final JsonObject placed = new JsonObject(client.createTrade().newOrder(params("symbol", BTCUSDT, "side", "BUY", "type", "LIMIT",
            "timeInForce", "GTC", "quantity", 0.001, "price", 20000.0)));
        assertThat(placed.getString("status")).isEqualTo("NEW");
        assertThat(balances(client).get("USDT")[1]).isPositive();
        assertThat(new JsonObject(client.createTrade().cancelOrder(params("symbol", BTCUSDT, "orderId", placed.getLong("orderId"))))
            .getString("status")).isEqualTo("CANCELED");
        assertThat(balances(client).get("USDT")[0]).isEqualByComparingTo("1000");
        // Another Ed25519 key cannot sign for it.
        final Path otherPem = dataDir.resolve("connector-ed25519-other.pem");
        Files.writeString(otherPem, "-----BEGIN PRIVATE KEY-----\n" + Base64.getEncoder().encodeToString(
            KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        final SpotClientImpl impostor = new SpotClientImpl(account.apiKey(), new Ed25519SignatureGenerator(otherPem.toString()), node.url());
        assertThatThrownBy(() -> impostor.createTrade().account(params())).isInstanceOfSatisfying(BinanceClientException.class,
            ex -> assertThat(ex.getErrorCode()).isEqualTo(-1022));
    }

    @Test
    void limitUsageHeadersReachTheConnector() {
        final SpotClientImpl client = new SpotClientImpl(node.url());
        client.setShowLimitUsage(true);
        final JsonObject wrapped = new JsonObject(client.createMarket().ping());
        assertThat(Long.parseLong(wrapped.getString("x-mbx-used-weight-1m"))).isPositive();
        assertThat(wrapped.getString("data")).isEqualTo("{}");
    }
}
