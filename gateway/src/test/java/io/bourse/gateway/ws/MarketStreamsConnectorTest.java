package io.bourse.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.binance.connector.client.exceptions.BinanceClientException;
import com.binance.connector.client.impl.SpotClientImpl;
import com.binance.connector.client.impl.WebSocketStreamClientImpl;
import com.binance.connector.client.utils.websocketcallback.WebSocketMessageCallback;

import io.bourse.gateway.ExchangeNode;
import io.bourse.gateway.NodeConfig;
import io.bourse.gateway.RateLimiter;
import io.vertx.core.json.JsonObject;

/**
 * The real, unmodified Binance Java connector ({@code binance-connector-java 3.4.1}) against a running node, with only
 * its base URLs changed: its {@code WebSocketStreamClientImpl} follows a trade stream, diff depth streams at 100 ms
 * and 1000 ms ({@code @depth@100ms}, {@code @depth@1000ms}) and a combined stream, while its {@code SpotClientImpl}
 * trades from two accounts. The books kept from the connector's messages equal REST depth at the quiet point; every
 * trade arrives once, in order.
 */
class MarketStreamsConnectorTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    @Test
    void connectorStreamsKeepBooksAndTradesExact() throws Exception {
        try (ExchangeNode node = ExchangeNode.start(NodeConfig.defaults(dataDir).withPort(0).withFsync(false)
            .withRateLimits(RateLimiter.Limits.binance().off()))) {
            final Rest.Key aliceKey = Rest.account(node, "connector-ws-alice", "USDT", "10000000", "BTC", "1000", "ETH", "10000");
            final Rest.Key bobKey = Rest.account(node, "connector-ws-bob", "USDT", "10000000", "BTC", "1000", "ETH", "10000");
            final WebSocketStreamClientImpl streams = new WebSocketStreamClientImpl("ws://127.0.0.1:" + node.port());

            final List<Long> btcTrades = new CopyOnWriteArrayList<>();
            final List<Long> ethTrades = new CopyOnWriteArrayList<>();
            final List<Long> aggIds = new CopyOnWriteArrayList<>();
            final List<String> problems = new CopyOnWriteArrayList<>();
            final LocalBook btcFast = new LocalBook("connector btcusdt@depth@100ms");
            final LocalBook ethSlow = new LocalBook("connector ethusdt@depth@1000ms");
            final LocalBook btcCombined = new LocalBook("connector combined btcusdt@depth");
            final CountDownLatch opened = new CountDownLatch(4);
            final List<Integer> ids = new ArrayList<>();
            ids.add(streams.tradeStream("BTCUSDT", response -> opened.countDown(), guarded(problems, text -> {
                btcTrades.add(new JsonObject(text).getLong("t"));
            }), (code, reason) -> { }, (code, reason) -> { }, (error, response) -> problems.add("trade stream failed: " + error)));
            ids.add(streams.diffDepthStream("BTCUSDT", 100, response -> opened.countDown(), guarded(problems, text -> {
                btcFast.onDiff(new JsonObject(text));
            }), (code, reason) -> { }, (code, reason) -> { }, (error, response) -> problems.add("depth stream failed: " + error)));
            ids.add(streams.diffDepthStream("ETHUSDT", 1000, response -> opened.countDown(), guarded(problems, text -> {
                ethSlow.onDiff(new JsonObject(text));
            }), (code, reason) -> { }, (code, reason) -> { }, (error, response) -> problems.add("depth stream failed: " + error)));
            final ArrayList<String> combined = new ArrayList<>(List.of("btcusdt@depth", "ethusdt@trade", "btcusdt@aggTrade"));
            ids.add(streams.combineStreams(combined, response -> opened.countDown(), guarded(problems, text -> {
                final JsonObject message = new JsonObject(text);
                final JsonObject data = message.getJsonObject("data");
                switch (message.getString("stream")) {
                    case "btcusdt@depth" -> btcCombined.onDiff(data);
                    case "ethusdt@trade" -> ethTrades.add(data.getLong("t"));
                    case "btcusdt@aggTrade" -> aggIds.add(data.getLong("a"));
                    default -> problems.add("unexpected " + text);
                }
            }), (code, reason) -> { }, (code, reason) -> { }, (error, response) -> problems.add("combined stream failed: " + error)));
            assertThat(opened.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the connector's streams opened").isTrue();

            final SpotClientImpl rest = new SpotClientImpl(node.url());
            for (final LocalBook book : List.of(btcFast, ethSlow, btcCombined)) {
                final String symbol = book == ethSlow ? "ETHUSDT" : "BTCUSDT";
                assertThat(Await.until(() -> book.sync(LocalBook.Snapshot.of(new JsonObject(rest.createMarket().depth(params("symbol", symbol,
                    "limit", 5000))))), WAIT)).isTrue();
            }

            final SpotClientImpl alice = new SpotClientImpl(aliceKey.apiKey(), aliceKey.secret(), node.url());
            final SpotClientImpl bob = new SpotClientImpl(bobKey.apiKey(), bobKey.secret(), node.url());
            final Random random = new Random(42);
            for (int i = 0; i < 300; i++) {
                final boolean btc = random.nextBoolean();
                final boolean buy = random.nextBoolean();
                final long mid = btc ? 3_000_000 : 200_000;
                final long ticks = mid + (buy ? -1 : 1) * (random.nextInt(40) - 6);
                final LinkedHashMap<String, Object> order = params("symbol", btc ? "BTCUSDT" : "ETHUSDT", "side", buy ? "BUY" : "SELL", "type",
                    "LIMIT", "timeInForce", "GTC", "quantity", btc ? "0.00" + (1 + random.nextInt(40)) : "0." + (10 + random.nextInt(80)),
                    "price", ticks / 100 + "." + String.format("%02d", ticks % 100));
                try {
                    (random.nextBoolean() ? alice : bob).createTrade().newOrder(order);
                } catch (final BinanceClientException e) {
                    // Refused orders (e.g. too many open orders) are part of a random market.
                }
            }

            for (final LocalBook book : List.of(btcFast, ethSlow, btcCombined)) {
                final String symbol = book == ethSlow ? "ETHUSDT" : "BTCUSDT";
                final LocalBook.Snapshot depth = LocalBook.Snapshot.of(new JsonObject(rest.createMarket().depth(params("symbol", symbol,
                    "limit", 5000))));
                Await.until(() -> book.updateId() >= depth.lastUpdateId(), WAIT);
                assertThat(book.differenceFrom(depth)).isNull();
                assertThat(book.problems()).isEmpty();
            }
            final long lastBtc = lastTradeId(rest, "BTCUSDT");
            final long lastEth = lastTradeId(rest, "ETHUSDT");
            assertThat(Await.until(() -> !btcTrades.isEmpty() && btcTrades.get(btcTrades.size() - 1) == lastBtc, WAIT)).isTrue();
            assertThat(Await.until(() -> !ethTrades.isEmpty() && ethTrades.get(ethTrades.size() - 1) == lastEth, WAIT)).isTrue();
            assertConsecutiveFromOne(btcTrades, lastBtc);
            assertConsecutiveFromOne(ethTrades, lastEth);
            final long lastAgg = new io.vertx.core.json.JsonArray(rest.createMarket().aggTrades(params("symbol", "BTCUSDT", "limit", 1)))
                .getJsonObject(0).getLong("a");
            assertThat(Await.until(() -> !aggIds.isEmpty() && aggIds.get(aggIds.size() - 1) == lastAgg, WAIT)).isTrue();
            assertConsecutiveFromOne(aggIds, lastAgg);
            assertThat(problems).isEmpty();
            for (final int id : ids) {
                streams.closeConnection(id);
            }
            // The connector leaves by closing: the server forgets every connection.
            assertThat(Await.until(() -> node.marketStreams().stats().open() == 0, WAIT)).isTrue();
        }
    }

    private static WebSocketMessageCallback guarded(final List<String> problems, final WebSocketMessageCallback callback) {
        return text -> {
            try {
                callback.onMessage(text);
            } catch (final RuntimeException e) {
                problems.add(e + " on " + text);
            }
        };
    }

    private static long lastTradeId(final SpotClientImpl rest, final String symbol) {
        return new io.vertx.core.json.JsonArray(rest.createMarket().trades(params("symbol", symbol, "limit", 1))).getJsonObject(0).getLong("id");
    }

    private static void assertConsecutiveFromOne(final List<Long> ids, final long last) {
        final List<Long> expected = new ArrayList<>();
        for (long id = 1; id <= last; id++) {
            expected.add(id);
        }
        assertThat(ids).as("every id once, in order").isEqualTo(expected);
    }

    private static LinkedHashMap<String, Object> params(final Object... pairs) {
        final LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
