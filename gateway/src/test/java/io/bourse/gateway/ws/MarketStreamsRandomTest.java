package io.bourse.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bourse.gateway.ExchangeNode;
import io.bourse.gateway.NodeConfig;
import io.bourse.gateway.RateLimiter;
import io.vertx.core.json.JsonObject;

/**
 * Thousands of random orders over REST on two symbols while dozens of subscribers, over real WebSockets, follow
 * Binance's local order book procedure on {@code @depth@100ms} and {@code @depth} (raw, combined and live-subscribed;
 * some join before trading, some in the middle of it) and count trades. At every quiet point each subscriber's book
 * equals REST depth (limit 5000) at the same update id; diffs never skip an id; every trade arrives once, in order.
 * Prints its seed; {@code -Dbourse.seed=N} replays the same orders.
 */
class MarketStreamsRandomTest {
    private static final String[] SYMBOLS = {"BTCUSDT", "ETHUSDT"};
    private static final int TRADERS = 8;
    private static final int ORDER_THREADS = 4;
    private static final int PHASES = 6;
    private static final int ORDERS_PER_PHASE = 500;
    private static final Duration QUIET_WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    /** One subscriber: its connection, a local book per symbol it follows, and the trade ids it saw per symbol. */
    private static final class Subscriber {
        final String name;
        final Map<String, LocalBook> books = new ConcurrentHashMap<>();
        final Map<String, List<Long>> trades = new ConcurrentHashMap<>();
        final List<String> problems = new CopyOnWriteArrayList<>();
        RawWsClient client;

        Subscriber(final String name) {
            this.name = name;
        }

        void onMessage(final String text) {
            try {
                dispatch(text);
            } catch (final RuntimeException e) {
                problems.add(name + ": " + e + " on " + text);
            }
        }

        private void dispatch(final String text) {
            final JsonObject message = new JsonObject(text);
            if (message.containsKey("result") || message.containsKey("error")) {
                if (message.containsKey("error")) {
                    problems.add(name + ": " + text);
                }
                return;
            }
            final JsonObject data;
            if (message.containsKey("stream")) {
                data = message.getJsonObject("data");
                final String stream = message.getString("stream");
                final String symbol = data.getString("s").toLowerCase(java.util.Locale.ROOT);
                if (!stream.startsWith(symbol + "@" + ("trade".equals(data.getString("e")) ? "trade" : "depth"))) {
                    problems.add(name + ": stream " + stream + " carried " + data);
                }
            } else {
                data = message;
            }
            final String symbol = data.getString("s");
            switch (data.getString("e")) {
                case "depthUpdate" -> {
                    final LocalBook book = books.get(symbol);
                    if (book == null) {
                        problems.add(name + ": unexpected diff " + data);
                    } else {
                        book.onDiff(data);
                    }
                }
                case "trade" -> {
                    final List<Long> ids = trades.get(symbol);
                    if (ids == null) {
                        problems.add(name + ": unexpected trade " + data);
                    } else {
                        ids.add(data.getLong("t"));
                    }
                }
                default -> problems.add(name + ": unexpected event " + text);
            }
        }
    }

    @Test
    void localBooksMatchRestDepthAndTradesArriveOnceInOrder() throws Exception {
        final long seed = Long.getLong("bourse.seed", System.nanoTime());
        System.out.println("MarketStreamsRandomTest seed " + seed + " (replay with -Dbourse.seed=" + seed + ")");
        final Random random = new Random(seed);
        try (ExchangeNode node = ExchangeNode.start(NodeConfig.defaults(dataDir).withPort(0).withFsync(false)
            .withRateLimits(RateLimiter.Limits.binance().off()))) {
            final List<Rest.Key> traders = new ArrayList<>();
            for (int i = 0; i < TRADERS; i++) {
                traders.add(Rest.account(node, "random-" + i, "USDT", "100000000", "BTC", "10000", "ETH", "100000"));
            }
            final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
            final AtomicInteger names = new AtomicInteger();
            for (int i = 0; i < 12; i++) {
                subscribers.add(subscribe(node, names.getAndIncrement()));
            }
            final ExecutorService pool = Executors.newFixedThreadPool(ORDER_THREADS);
            try {
                for (int phase = 0; phase < PHASES; phase++) {
                    final List<Future<?>> running = new ArrayList<>();
                    for (int t = 0; t < ORDER_THREADS; t++) {
                        final long threadSeed = random.nextLong();
                        final List<Rest.Key> mine = List.of(traders.get(2 * t), traders.get(2 * t + 1));
                        running.add(pool.submit(() -> trade(node, mine, new Random(threadSeed), ORDERS_PER_PHASE / ORDER_THREADS)));
                    }
                    if (phase == 1 || phase == 3) {
                        // Join while the market moves: the snapshot and the buffered diffs must still line up.
                        for (int i = 0; i < 6; i++) {
                            subscribers.add(subscribe(node, names.getAndIncrement()));
                        }
                    }
                    for (final Future<?> f : running) {
                        f.get(60, TimeUnit.SECONDS);
                    }
                    quietPoint(node, subscribers, phase);
                }
            } finally {
                pool.shutdownNow();
            }
            for (final String symbol : SYMBOLS) {
                final long lastTrade = Rest.get(node, "/api/v3/trades?symbol=" + symbol + "&limit=1").array().getJsonObject(0).getLong("id");
                assertThat(lastTrade).as("trades on " + symbol).isGreaterThan(50);
                for (final Subscriber s : subscribers) {
                    final List<Long> ids = s.trades.get(symbol);
                    if (ids == null) {
                        continue;
                    }
                    final long[] copy = ids.stream().mapToLong(Long::longValue).toArray();
                    assertThat(copy).as(s.name + " saw trades of " + symbol).isNotEmpty();
                    for (int i = 1; i < copy.length; i++) {
                        assertThat(copy[i]).as(s.name + " trade after " + copy[i - 1] + " on " + symbol).isEqualTo(copy[i - 1] + 1);
                    }
                    assertThat(copy[copy.length - 1]).as(s.name + " last trade on " + symbol).isEqualTo(lastTrade);
                    if (Integer.parseInt(s.name.substring(1)) < 12) {
                        assertThat(copy[0]).as(s.name + " subscribed before the first trade").isEqualTo(1);
                    }
                }
            }
            for (final Subscriber s : subscribers) {
                assertThat(s.problems).as(s.name).isEmpty();
                for (final LocalBook book : s.books.values()) {
                    assertThat(book.problems()).isEmpty();
                }
                assertThat(s.client.ended()).as(s.name + " still connected").isFalse();
                s.client.close();
            }
            assertThat(node.marketStreams().droppedUpdates()).isZero();
            assertThat(node.marketStreams().stats().closedSlow()).isZero();
        }
    }

    /** A subscriber of one of four kinds, with its books synced from REST depth after it subscribed. */
    private static Subscriber subscribe(final ExchangeNode node, final int index) {
        final Subscriber s = new Subscriber("s" + index);
        final int kind = index % 4;
        final List<String> bookSymbols = switch (kind) {
            case 0, 1 -> List.of("BTCUSDT");
            case 2 -> List.of("BTCUSDT", "ETHUSDT");
            default -> List.of("ETHUSDT");
        };
        for (final String symbol : bookSymbols) {
            s.books.put(symbol, new LocalBook(s.name + " " + symbol));
        }
        switch (kind) {
            case 0 -> {
                s.trades.put("BTCUSDT", new CopyOnWriteArrayList<>());
                s.client = connect(node, "/stream?streams=btcusdt@depth@100ms/btcusdt@trade", s);
            }
            case 1 -> s.client = connect(node, "/ws/btcusdt@depth", s);
            case 2 -> {
                s.trades.put("ETHUSDT", new CopyOnWriteArrayList<>());
                s.client = connect(node, "/stream?streams=btcusdt@depth/ethusdt@depth@100ms/ethusdt@trade", s);
            }
            default -> {
                s.trades.put("BTCUSDT", new CopyOnWriteArrayList<>());
                s.trades.put("ETHUSDT", new CopyOnWriteArrayList<>());
                s.client = connect(node, "/ws/" + index, s);
                final JsonObject reply = s.client.request("{\"method\":\"SUBSCRIBE\",\"params\":[\"ethusdt@depth\",\"btcusdt@trade\","
                    + "\"ethusdt@trade\"],\"id\":" + index + "}", index);
                assertThat(reply.encode()).isEqualTo("{\"result\":null,\"id\":" + index + "}");
            }
        }
        for (final String symbol : bookSymbols) {
            final LocalBook book = s.books.get(symbol);
            // Binance's step 4: a snapshot older than the first buffered diff is fetched again.
            assertThat(Await.until(() -> book.sync(Rest.depth(node, symbol, 5000)), QUIET_WAIT)).as(s.name + " synced " + symbol).isTrue();
        }
        return s;
    }

    private static RawWsClient connect(final ExchangeNode node, final String path, final Subscriber s) {
        final RawWsClient client = RawWsClient.connect(node.url(), path, 0, false).retain(false).listener(s::onMessage);
        assertThat(client.status).isEqualTo(101);
        client.startReading();
        return client;
    }

    /** Every subscriber's book reaches REST depth's update id and then equals it. */
    private static void quietPoint(final ExchangeNode node, final List<Subscriber> subscribers, final int phase) {
        for (final String symbol : SYMBOLS) {
            final LocalBook.Snapshot rest = Rest.depth(node, symbol, 5000);
            for (final Subscriber s : subscribers) {
                final LocalBook book = s.books.get(symbol);
                if (book == null) {
                    continue;
                }
                Await.until(() -> book.updateId() >= rest.lastUpdateId(), QUIET_WAIT);
                assertThat(book.differenceFrom(rest)).as("phase " + phase + ", " + s.name + " " + symbol).isNull();
                assertThat(book.problems()).isEmpty();
            }
        }
    }

    /** Random orders and cancels near the touch: resting, crossing, IOC, market, post-only. */
    private static Void trade(final ExchangeNode node, final List<Rest.Key> keys, final Random random, final int count) {
        final List<long[]> open = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final int account = random.nextInt(keys.size());
            final Rest.Key key = keys.get(account);
            final boolean btc = random.nextInt(10) < 7;
            final String symbol = btc ? "BTCUSDT" : "ETHUSDT";
            if (random.nextInt(100) < 15 && !open.isEmpty()) {
                final long[] victim = open.remove(random.nextInt(open.size()));
                Rest.signed(node, keys.get((int) victim[0]), "DELETE", "/api/v3/order",
                    "symbol=" + SYMBOLS[(int) victim[1]] + "&orderId=" + victim[2]);
                continue;
            }
            final boolean buy = random.nextBoolean();
            final long mid = btc ? 3_000_000 : 200_000;
            final long ticks = mid + (buy ? -1 : 1) * (random.nextInt(60) - 8);
            final String price = ticks / 100 + "." + String.format("%02d", ticks % 100);
            final String quantity = btc ? "0.00" + (1 + random.nextInt(50)) : "0." + (10 + random.nextInt(80));
            final int kind = random.nextInt(100);
            final String query;
            if (kind < 70) {
                query = "type=LIMIT&timeInForce=GTC&price=" + price + "&quantity=" + quantity;
            } else if (kind < 80) {
                query = "type=LIMIT&timeInForce=IOC&price=" + price + "&quantity=" + quantity;
            } else if (kind < 90) {
                query = "type=MARKET&quantity=" + quantity;
            } else {
                query = "type=LIMIT_MAKER&price=" + price + "&quantity=" + quantity;
            }
            final Rest.Response r = Rest.signed(node, key, "POST", "/api/v3/order",
                "symbol=" + symbol + "&side=" + (buy ? "BUY" : "SELL") + "&" + query + "&newOrderRespType=RESULT");
            if (r.status() == 200) {
                final JsonObject placed = r.json();
                final String status = placed.getString("status");
                if ("NEW".equals(status) || "PARTIALLY_FILLED".equals(status)) {
                    open.add(new long[] {keys.indexOf(key), btc ? 0 : 1, placed.getLong("orderId")});
                }
            } else if (r.status() >= 500) {
                throw new AssertionError("server error " + r);
            }
        }
        return null;
    }
}
