package io.bourse.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bourse.gateway.ExchangeNode;
import io.bourse.gateway.NodeConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Every market stream's payload against the field names and shapes of Binance's {@code web-socket-streams.md}, over
 * real WebSockets to a running node while two accounts trade through REST: raw ({@code /ws/<stream>}), combined
 * ({@code /stream?streams=}) and live-subscribed ({@code /ws} + {@code SUBSCRIBE}).
 */
class MarketStreamsPayloadTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Set<String> TRADE = Set.of("e", "E", "s", "t", "p", "q", "T", "m", "M");
    private static final Set<String> AGG_TRADE = Set.of("e", "E", "s", "a", "p", "q", "f", "l", "T", "m", "M");
    private static final Set<String> DEPTH_UPDATE = Set.of("e", "E", "s", "U", "u", "b", "a");
    private static final Set<String> PARTIAL_DEPTH = Set.of("lastUpdateId", "bids", "asks");
    private static final Set<String> BOOK_TICKER = Set.of("u", "s", "b", "B", "a", "A");
    private static final Set<String> KLINE = Set.of("e", "E", "s", "k");
    private static final Set<String> KLINE_K = Set.of("t", "T", "s", "i", "f", "L", "o", "c", "h", "l", "v", "n", "x", "q", "V", "Q", "B");
    private static final Set<String> TICKER = Set.of("e", "E", "s", "p", "P", "w", "x", "c", "Q", "b", "B", "a", "A", "o", "h", "l", "v", "q",
        "O", "C", "F", "L", "n");
    private static final Set<String> MINI_TICKER = Set.of("e", "E", "s", "c", "o", "h", "l", "v", "q");

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

    private static JsonObject awaitData(final RawWsClient client, final String stream, final Duration timeout) {
        return awaitData(client, stream, data -> true, timeout);
    }

    /** The next combined message of {@code stream} whose data matches. */
    private static JsonObject awaitData(final RawWsClient client, final String stream, final Predicate<Object> wanted, final Duration timeout) {
        final String head = "{\"stream\":\"" + stream + "\",\"data\":";
        final String text = client.find(t -> t.startsWith(head) && wanted.test(new JsonObject(t).getValue("data")), timeout);
        final JsonObject wrapper = new JsonObject(text);
        assertThat(wrapper.fieldNames()).containsExactlyInAnyOrder("stream", "data");
        assertThat(wrapper.getString("stream")).isEqualTo(stream);
        return wrapper;
    }

    private static Predicate<String> event(final String type) {
        return t -> t.startsWith("{\"e\":\"" + type + "\"");
    }

    @Test
    void everyStreamHasBinancesFieldsWhileAccountsTrade() {
        final Rest.Key alice = Rest.account(node, "payload-alice", "USDT", "1000000");
        final Rest.Key bob = Rest.account(node, "payload-bob", "BTC", "100");

        final RawWsClient raw = RawWsClient.connect(node.url(), "/ws/btcusdt@trade");
        final String[] streams = {"btcusdt@aggTrade", "btcusdt@depth@100ms", "btcusdt@bookTicker", "btcusdt@kline_1s", "btcusdt@kline_1m",
            "btcusdt@ticker", "btcusdt@miniTicker", "!ticker@arr", "!miniTicker@arr", "btcusdt@depth5@100ms", "btcusdt@depth10",
            "btcusdt@depth20@1000ms", "btcusdt@depth"};
        final RawWsClient combined = RawWsClient.connect(node.url(), "/stream?streams=" + String.join("/", streams));
        final RawWsClient live = RawWsClient.connect(node.url(), "/ws");
        assertThat(raw.status).isEqualTo(101);
        assertThat(combined.status).isEqualTo(101);
        assertThat(live.request("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@depth@100ms\",\"btcusdt@trade\"],\"id\":1}", 1).encode())
            .isEqualTo("{\"result\":null,\"id\":1}");
        final JsonObject listed = combined.request("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":7}", 7);
        assertThat(listed.getJsonArray("result").stream().map(String::valueOf).toList()).containsExactly(streams);

        // Bob rests an ask; Alice takes part of it twice (a limit and a market order).
        Rest.order(node, bob, "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.5&price=30000");
        Rest.order(node, bob, "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.25&price=30010.5");
        Rest.order(node, alice, "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.2&price=30000");
        Rest.order(node, alice, "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.1");
        Rest.order(node, alice, "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.3&price=29000");

        // Raw trade stream: unwrapped, trade ids 1 and 2, buyer is the taker.
        final JsonObject trade = new JsonObject(raw.await(event("trade"), WAIT));
        assertThat(trade.fieldNames()).containsExactlyInAnyOrderElementsOf(TRADE);
        assertThat(trade.getString("s")).isEqualTo("BTCUSDT");
        assertThat(trade.getLong("t")).isEqualTo(1);
        assertThat(trade.getString("p")).isEqualTo("30000.00000000");
        assertThat(trade.getString("q")).isEqualTo("0.20000000");
        assertThat(trade.getBoolean("m")).isFalse();
        assertThat(trade.getBoolean("M")).isTrue();
        assertThat(trade.getLong("T")).isPositive();
        assertThat(new JsonObject(raw.await(event("trade"), WAIT)).getLong("t")).isEqualTo(2);

        final JsonObject agg = awaitData(combined, "btcusdt@aggTrade", WAIT).getJsonObject("data");
        assertThat(agg.fieldNames()).containsExactlyInAnyOrderElementsOf(AGG_TRADE);
        assertThat(agg.getString("e")).isEqualTo("aggTrade");
        assertThat(agg.getLong("a")).isEqualTo(1);
        assertThat(agg.getLong("f")).isEqualTo(1);
        assertThat(agg.getLong("l")).isEqualTo(1);

        final JsonObject book = awaitData(combined, "btcusdt@bookTicker", WAIT).getJsonObject("data");
        assertThat(book.fieldNames()).containsExactlyInAnyOrderElementsOf(BOOK_TICKER);
        assertThat(book.getString("s")).isEqualTo("BTCUSDT");
        assertThat(book.getLong("u")).isPositive();

        final JsonObject diff = awaitData(combined, "btcusdt@depth@100ms", WAIT).getJsonObject("data");
        assertThat(diff.fieldNames()).containsExactlyInAnyOrderElementsOf(DEPTH_UPDATE);
        assertThat(diff.getString("e")).isEqualTo("depthUpdate");
        assertThat(diff.getLong("U")).isLessThanOrEqualTo(diff.getLong("u"));
        final JsonArray level = diff.getJsonArray("a").getJsonArray(0);
        assertThat(level).hasSize(2);
        assertThat(level.getString(0)).matches("\\d+\\.\\d{8}");

        for (final String partial : new String[] {"btcusdt@depth5@100ms", "btcusdt@depth10", "btcusdt@depth20@1000ms"}) {
            final JsonObject top = awaitData(combined, partial, WAIT).getJsonObject("data");
            assertThat(top.fieldNames()).as(partial).containsExactlyInAnyOrderElementsOf(PARTIAL_DEPTH);
            assertThat(top.getLong("lastUpdateId")).isPositive();
        }

        final JsonObject kline = awaitData(combined, "btcusdt@kline_1s", WAIT).getJsonObject("data");
        assertThat(kline.fieldNames()).containsExactlyInAnyOrderElementsOf(KLINE);
        assertThat(kline.getJsonObject("k").fieldNames()).containsExactlyInAnyOrderElementsOf(KLINE_K);
        assertThat(kline.getJsonObject("k").getString("i")).isEqualTo("1s");
        assertThat(kline.getJsonObject("k").getString("s")).isEqualTo("BTCUSDT");
        final JsonObject minute = awaitData(combined, "btcusdt@kline_1m", d -> ((JsonObject) d).getJsonObject("k").getLong("n") == 2, WAIT)
            .getJsonObject("data").getJsonObject("k");
        assertThat(minute.getString("i")).isEqualTo("1m");
        assertThat(minute.getLong("n")).isEqualTo(2);
        assertThat(minute.getString("v")).isEqualTo("0.30000000");
        assertThat(minute.getBoolean("x")).isFalse();

        final JsonObject ticker = awaitData(combined, "btcusdt@ticker",
            d -> ((JsonObject) d).getLong("n") == 2 && "29000.00000000".equals(((JsonObject) d).getString("b")), WAIT).getJsonObject("data");
        assertThat(ticker.fieldNames()).containsExactlyInAnyOrderElementsOf(TICKER);
        assertThat(ticker.getString("e")).isEqualTo("24hrTicker");
        assertThat(ticker.getLong("n")).isEqualTo(2);
        assertThat(ticker.getString("c")).isEqualTo("30000.00000000");
        assertThat(ticker.getString("b")).isEqualTo("29000.00000000");
        assertThat(ticker.getString("a")).isEqualTo("30000.00000000");
        final JsonObject mini = awaitData(combined, "btcusdt@miniTicker", WAIT).getJsonObject("data");
        assertThat(mini.fieldNames()).containsExactlyInAnyOrderElementsOf(MINI_TICKER);
        assertThat(mini.getString("e")).isEqualTo("24hrMiniTicker");
        final JsonArray tickers = awaitData(combined, "!ticker@arr", WAIT).getJsonArray("data");
        assertThat(tickers.getJsonObject(0).fieldNames()).containsExactlyInAnyOrderElementsOf(TICKER);
        final JsonArray minis = awaitData(combined, "!miniTicker@arr", WAIT).getJsonArray("data");
        assertThat(minis.getJsonObject(0).fieldNames()).containsExactlyInAnyOrderElementsOf(MINI_TICKER);

        // The 1000 ms diff stream uses REST depth's update ids.
        final Rest.Response restDepth = Rest.get(node, "/api/v3/depth?symbol=BTCUSDT&limit=5000");
        final long restId = restDepth.json().getLong("lastUpdateId");
        final JsonObject slow = awaitData(combined, "btcusdt@depth", WAIT).getJsonObject("data");
        assertThat(slow.getLong("u")).isLessThanOrEqualTo(restId);
        assertThat(slow.getLong("U")).isLessThanOrEqualTo(slow.getLong("u"));

        // The live subscriber got the same trades and diffs as plain payloads.
        assertThat(new JsonObject(live.await(event("trade"), WAIT)).getLong("t")).isEqualTo(1);
        final JsonObject liveDiff = new JsonObject(live.await(event("depthUpdate"), WAIT));
        assertThat(liveDiff.fieldNames()).containsExactlyInAnyOrderElementsOf(DEPTH_UPDATE);

        // Switching to combined payloads wraps what comes next.
        assertThat(live.request("{\"method\":\"SET_PROPERTY\",\"params\":[\"combined\",true],\"id\":\"switch-1\"}", "\"switch-1\"").encode())
            .isEqualTo("{\"result\":null,\"id\":\"switch-1\"}");
        assertThat(live.request("{\"method\":\"GET_PROPERTY\",\"params\":[\"combined\"],\"id\":3}", 3).getBoolean("result")).isTrue();
        Rest.order(node, alice, "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=30010.5");
        final JsonObject wrapped = awaitData(live, "btcusdt@trade", WAIT);
        assertThat(wrapped.getJsonObject("data").getLong("t")).isEqualTo(3);

        for (final RawWsClient c : List.of(raw, combined, live)) {
            assertThat(c.ended()).isFalse();
            c.close();
        }
        assertThat(node.marketStreams().stats().accepted()).isEqualTo(3);
    }
}
