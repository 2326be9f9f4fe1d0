package io.bourse.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bourse.gateway.ExchangeNode;
import io.bourse.gateway.NodeConfig;
import io.bourse.gateway.RateLimiter;
import io.vertx.core.json.JsonObject;

/**
 * Clients that misbehave: one that never reads, garbage and binary and huge frames, unknown and invalid stream names,
 * more than 1024 streams, more than 5 messages a second, no pongs, too many connections from one IP. Each gets
 * Binance's error or a close with a status and a reason; after each, the node still serves REST and a well-behaved
 * subscriber still gets every trade.
 */
class MarketStreamsMisbehaviourTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /**
     * A small outbound buffer and socket buffer, so that a client that never reads is found out quickly; still four
     * times the channel's own buffer (64 KiB), which is all that may stand before the close frame.
     */
    private static final int OUTBOUND_BYTES = 256 * 1024;
    private static final int SEND_BUFFER_BYTES = 8 * 1024;

    @TempDir
    static Path dataDir;

    private static ExchangeNode node;
    private static Rest.Key maker;
    private static Rest.Key taker;
    private static RawWsClient witness;
    private static final List<Long> witnessTrades = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        node = ExchangeNode.start(NodeConfig.defaults(dataDir).withPort(0).withFsync(false).withRateLimits(RateLimiter.Limits.binance().off())
            .withMarketStreams(MarketStreamsConfig.defaults().withBuffers(OUTBOUND_BYTES, SEND_BUFFER_BYTES)));
        maker = Rest.account(node, "misbehaviour-maker", "USDT", "100000000", "BTC", "10000");
        taker = Rest.account(node, "misbehaviour-taker", "USDT", "100000000", "BTC", "10000");
        witness = RawWsClient.connect(node.url(), "/ws/btcusdt@trade", 0, false).retain(false)
            .listener(text -> witnessTrades.add(new JsonObject(text).getLong("t")));
        witness.startReading();
    }

    @AfterAll
    static void stop() {
        witness.close();
        node.close();
    }

    /** One trade through REST, seen by the witness: the node and the other streams are fine. */
    private static void nodeStillServes() {
        assertThat(Rest.get(node, "/api/v3/ping").status()).isEqualTo(200);
        Rest.order(node, maker, "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.001&price=30000");
        final JsonObject fill = Rest.order(node, taker, "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001&newOrderRespType=FULL");
        final long tradeId = fill.getJsonArray("fills").getJsonObject(0).getLong("tradeId");
        assertThat(Await.until(() -> witnessTrades.contains(tradeId), WAIT)).as("the witness got trade " + tradeId).isTrue();
        assertConsecutive(witnessTrades);
        assertThat(witness.ended()).isFalse();
    }

    private static void assertConsecutive(final List<Long> ids) {
        final long[] copy = ids.stream().mapToLong(Long::longValue).toArray();
        for (int i = 1; i < copy.length; i++) {
            assertThat(copy[i]).as("trade after " + copy[i - 1]).isEqualTo(copy[i - 1] + 1);
        }
    }

    @Test
    void aClientThatNeverReadsIsClosedWithAReasonAndNobodyElseNotices() {
        final long closedBefore = node.marketStreams().stats().closedSlow();
        final RawWsClient slow = RawWsClient.connect(node.url(),
            "/stream?streams=btcusdt@trade/btcusdt@aggTrade/btcusdt@bookTicker/btcusdt@depth@100ms"
            + "/btcusdt@depth20@100ms/btcusdt@kline_1s", 2048, false);
        assertThat(slow.status).isEqualTo(101);
        final RawWsClient healthy = RawWsClient.connect(node.url(), "/ws/btcusdt@trade");
        final List<Long> healthyTrades = new CopyOnWriteArrayList<>();
        healthy.retain(false).listener(text -> healthyTrades.add(new JsonObject(text).getLong("t")));
        // A ladder of asks, then many small market buys: trades, aggregate trades, book tickers and diffs for everyone.
        for (int level = 0; level < 40; level++) {
            Rest.order(node, maker, "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.05&price=" + (30_100 + level));
        }
        final AtomicLong slowestAckNanos = new AtomicLong();
        for (int i = 0; i < 1_500 && node.marketStreams().stats().closedSlow() == closedBefore; i++) {
            final long sent = System.nanoTime();
            Rest.order(node, taker, "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001&newOrderRespType=ACK");
            slowestAckNanos.accumulateAndGet(System.nanoTime() - sent, Math::max);
            if (i % 20 == 0) {
                Rest.order(node, maker, "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.02&price=" + (30_050 + i % 40));
            }
        }
        assertThat(Await.until(() -> node.marketStreams().stats().closedSlow() > closedBefore, WAIT)).as("the slow client was closed").isTrue();
        System.out.printf("slowest order acknowledgement while a client did not read: %.1f ms%n", slowestAckNanos.get() / 1e6);
        assertThat(slowestAckNanos.get()).as("orders are acknowledged promptly").isLessThan(Duration.ofSeconds(2).toNanos());

        // Reading now, the slow client gets a prefix of its streams without a gap, then the close frame with its reason,
        // then the end; what waited beyond the channel's buffer was dropped, so the close frame came soon.
        slow.startReading();
        assertThat(slow.awaitEnd(WAIT)).isTrue();
        assertThat(slow.closeStatus()).isEqualTo(1008);
        assertThat(slow.closeReason()).contains("too slow").contains("resync");
        final List<String> prefix = slow.received();
        assertThat(prefix).isNotEmpty();
        final long prefixBytes = prefix.stream().mapToLong(text -> text.getBytes(StandardCharsets.UTF_8).length).sum();
        System.out.printf("the slow client got %d messages (%d bytes) before its close frame%n", prefix.size(), prefixBytes);
        assertThat(prefixBytes).as("bytes before the close frame: the channel's buffer and the sockets', not the outbound buffer")
            .isLessThan(OUTBOUND_BYTES / 2);
        final List<Long> slowTrades = new ArrayList<>();
        for (final String text : prefix) {
            final JsonObject message = new JsonObject(text);
            if ("btcusdt@trade".equals(message.getString("stream"))) {
                slowTrades.add(message.getJsonObject("data").getLong("t"));
            }
        }
        assertThat(slowTrades).isNotEmpty();
        assertConsecutive(slowTrades);

        // The healthy subscriber got every trade, in order, up to the last one.
        final long lastTrade = Rest.get(node, "/api/v3/trades?symbol=BTCUSDT&limit=1").array().getJsonObject(0).getLong("id");
        assertThat(Await.until(() -> !healthyTrades.isEmpty() && healthyTrades.get(healthyTrades.size() - 1) == lastTrade, WAIT)).isTrue();
        assertConsecutive(healthyTrades);
        assertThat(healthy.ended()).isFalse();
        healthy.close();
        nodeStillServes();
    }

    @Test
    void garbageAndInvalidRequestsGetBinancesErrorsAndTheConnectionStays() {
        final RawWsClient a = RawWsClient.connect(node.url(), "/ws/whatever-ccxt-sends");
        assertThat(a.status).isEqualTo(101);
        a.send("garbage");
        assertThat(a.await(t -> true, WAIT))
            .isEqualTo("{\"error\":{\"code\":3,\"msg\":\"Invalid JSON: expected value at line 1 column 1\"},\"id\":null}");
        a.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@trade\"");
        assertThat(new JsonObject(a.await(t -> true, WAIT)).getJsonObject("error").getInteger("code")).isEqualTo(3);
        assertThat(a.request("{\"method\":\"PUBLISH\",\"params\":[],\"id\":1}", 1).getJsonObject("error").getString("msg"))
            .startsWith("Invalid request: unknown variant `PUBLISH`, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`");
        assertThat(a.request("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@trade\",\"btcusdt@nonsense\"],\"id\":2}", 2).encode())
            .isEqualTo("{\"error\":{\"code\":2,\"msg\":\"Invalid request: invalid stream\"},\"id\":2}");
        final RawWsClient b = RawWsClient.connect(node.url(), "/ws");
        b.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@trade\"]}");
        assertThat(b.await(t -> true, WAIT))
            .isEqualTo("{\"error\":{\"code\":2,\"msg\":\"Invalid request: request ID must be an unsigned integer\"},\"id\":null}");
        assertThat(b.request("{\"method\":\"SET_PROPERTY\",\"params\":[\"colour\",true],\"id\":3}", 3).encode())
            .isEqualTo("{\"error\":{\"code\":0,\"msg\":\"Unknown property\"},\"id\":3}");
        assertThat(b.request("{\"method\":\"SET_PROPERTY\",\"params\":[\"combined\",\"yes\"],\"id\":4}", 4).encode())
            .isEqualTo("{\"error\":{\"code\":1,\"msg\":\"Invalid value type: expected Boolean\"},\"id\":4}");
        assertThat(b.request("{\"method\":\"GET_PROPERTY\",\"params\":[\"combined\",1],\"id\":5}", 5).encode())
            .isEqualTo("{\"error\":{\"code\":2,\"msg\":\"Invalid request: too many parameters\"},\"id\":5}");
        // A well-formed stream of an unlisted (or uppercase) symbol is accepted and stays silent, as on Binance.
        final RawWsClient c = RawWsClient.connect(node.url(), "/ws");
        assertThat(c.request("{\"method\":\"SUBSCRIBE\",\"params\":[\"xrpxrp@trade\",\"BTCUSDT@trade\",\"btcusdt@depth5\"],\"id\":6}", 6).encode())
            .isEqualTo("{\"result\":null,\"id\":6}");
        assertThat(c.request("{\"method\":\"UNSUBSCRIBE\",\"params\":[\"btcusdt@depth5\",\"never@trade\"],\"id\":7}", 7).encode())
            .isEqualTo("{\"result\":null,\"id\":7}");
        assertThat(c.request("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":8}", 8).encode())
            .isEqualTo("{\"result\":[\"xrpxrp@trade\",\"BTCUSDT@trade\"],\"id\":8}");
        // Combined URLs must name valid streams; raw URLs accept anything.
        assertThat(RawWsClient.connect(node.url(), "/stream?streams=btcusdt@trade/nonsense").status).isEqualTo(400);
        assertThat(RawWsClient.connect(node.url(), "/stream?streams=btcusdt@trade&timeUnit=MICROSECOND").status).isEqualTo(400);
        final RawWsClient d = RawWsClient.connect(node.url(), "/stream?streams=xrpxrp@trade");
        assertThat(d.status).isEqualTo(101);
        for (final RawWsClient client : List.of(a, b, c, d)) {
            assertThat(client.ended()).isFalse();
            client.close();
        }
        nodeStillServes();
    }

    @Test
    void binaryFramesAreRefusedWithACloseStatus() {
        final RawWsClient client = RawWsClient.connect(node.url(), "/ws/btcusdt@trade");
        client.frame(0x2, "{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":1}".getBytes(StandardCharsets.UTF_8), true);
        assertThat(client.awaitEnd(WAIT)).isTrue();
        assertThat(client.closeStatus()).isEqualTo(1003);
        assertThat(client.closeReason()).contains("binary");
        nodeStillServes();
    }

    @Test
    void aHugeFrameClosesTheConnectionWith1009() {
        final RawWsClient client = RawWsClient.connect(node.url(), "/ws");
        final byte[] huge = new byte[200 * 1024];
        Arrays.fill(huge, (byte) 'x');
        try {
            client.frame(0x1, huge, true);
        } catch (final IllegalStateException e) {
            // The server may cut the connection before the whole frame is sent.
        }
        assertThat(client.awaitEnd(WAIT)).isTrue();
        assertThat(client.closeStatus()).as("1009 when the close frame arrives before the reset").isIn(1009, -1);
        nodeStillServes();
    }

    @Test
    void atMost1024StreamsPerConnection() {
        final RawWsClient client = RawWsClient.connect(node.url(), "/ws");
        final List<String> names = new ArrayList<>();
        for (int i = 0; i < 1025; i++) {
            names.add("\"sym" + i + "@trade\"");
        }
        final String all = String.join(",", names);
        assertThat(client.request("{\"method\":\"SUBSCRIBE\",\"params\":[" + all + "],\"id\":1}", 1).getJsonObject("error").getString("msg"))
            .contains("at most 1024");
        assertThat(client.request("{\"method\":\"SUBSCRIBE\",\"params\":[" + String.join(",", names.subList(0, 1024)) + "],\"id\":2}", 2)
            .encode()).isEqualTo("{\"result\":null,\"id\":2}");
        assertThat(client.request("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@trade\"],\"id\":3}", 3).getJsonObject("error")
            .getInteger("code")).isEqualTo(2);
        assertThat(client.request("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":4}", 4).getJsonArray("result")).hasSize(1024);
        assertThat(client.ended()).isFalse();
        client.close();
        nodeStillServes();
    }

    @Test
    void moreThanFiveMessagesASecondCloseTheConnection() {
        final RawWsClient client = RawWsClient.connect(node.url(), "/ws");
        for (int i = 1; i <= 6; i++) {
            client.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":" + i + "}");
        }
        assertThat(client.awaitEnd(WAIT)).isTrue();
        assertThat(client.closeStatus()).isEqualTo(1008);
        assertThat(client.closeReason()).contains("too many messages");
        assertThat(client.received()).hasSizeLessThanOrEqualTo(5);
        nodeStillServes();
    }

    @Test
    void withRateLimitsOffTheHandshakeLimitIsOffToo(@TempDir final Path otherDir) {
        try (ExchangeNode unlimited = ExchangeNode.start(NodeConfig.defaults(otherDir).withPort(0).withFsync(false)
            .withRateLimits(RateLimiter.Limits.binance().off())
            .withMarketStreams(MarketStreamsConfig.defaults().withConnectionsPerIpPer5Minutes(2)))) {
            final List<RawWsClient> clients = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                final RawWsClient client = RawWsClient.connect(unlimited.url(), "/ws/btcusdt@trade");
                assertThat(client.status).as("handshake " + (i + 1)).isEqualTo(101);
                clients.add(client);
            }
            assertThat(unlimited.marketStreams().stats().refusedPerIp()).isZero();
            clients.forEach(RawWsClient::close);
        }
    }

    @Test
    void clientsThatDoNotAnswerPingsAreClosedAndIpsAreLimited(@TempDir final Path otherDir) {
        try (ExchangeNode pinging = ExchangeNode.start(NodeConfig.defaults(otherDir).withPort(0).withFsync(false)
            .withMarketStreams(MarketStreamsConfig.defaults().withPing(300, 900).withConnectionsPerIpPer5Minutes(4)))) {
            final RawWsClient mute = RawWsClient.connect(pinging.url(), "/ws/btcusdt@trade").autoPong(false);
            final RawWsClient polite = RawWsClient.connect(pinging.url(), "/ws/btcusdt@trade");
            assertThat(mute.awaitEnd(WAIT)).isTrue();
            assertThat(mute.closeStatus()).isEqualTo(1008);
            assertThat(mute.closeReason()).contains("no pong");
            assertThat(mute.pings()).isPositive();
            // The polite client answers every ping (a message each, within the 5 per second) and stays.
            final long pingsSeen = polite.pings();
            assertThat(Await.until(() -> polite.pings() >= pingsSeen + 4, WAIT)).isTrue();
            assertThat(polite.ended()).isFalse();
            assertThat(pinging.marketStreams().stats().closedNoPong()).isEqualTo(1);

            // Four handshakes from this IP in five minutes at most: the fifth is refused with 429.
            final RawWsClient third = RawWsClient.connect(pinging.url(), "/ws");
            final RawWsClient fourth = RawWsClient.connect(pinging.url(), "/ws");
            assertThat(third.status).isEqualTo(101);
            assertThat(fourth.status).isEqualTo(101);
            assertThat(RawWsClient.connect(pinging.url(), "/ws").status).isEqualTo(429);
            assertThat(Rest.get(pinging, "/api/v3/ping").status()).isEqualTo(200);
            for (final RawWsClient c : List.of(polite, third, fourth)) {
                c.close();
            }
        }
    }
}
