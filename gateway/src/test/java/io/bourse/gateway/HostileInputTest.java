package io.bourse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Thousands of generated malformed and hostile requests against a running node. Each is built to be refused at the
 * edge (parsing, validation, authentication): every answer must be a 4xx with a Binance-shaped JSON error
 * ({@code {"code": <negative>, "msg": ...}}), none a 5xx, none late, and afterwards the engine's state digest must be
 * the one from before. The requests come from a seeded generator: the seed is printed, and {@code -Dhostile.seed=N}
 * replays a run (only timestamps and signatures differ).
 *
 * <p>Well-formed requests the engine itself refuses (insufficient balance, filter failures, cancelling an unknown order)
 * are not part of the flood: the engine sequences and journals every command it decides on, refused ones included, so
 * they advance the sequence number that the digest covers. {@link #engineRefusalsChangeNoBalances} checks those
 * separately, by their balances and orders.
 */
class HostileInputTest {
    static final long SEED = Long.getLong("hostile.seed", System.nanoTime());
    private static final int FLOOD = 12_000;
    private static final int THREADS = 4;
    private static final int TIMEOUT_MILLIS = 10_000;
    private static final String ORDER = "/api/v3/order";
    private static final String FORM = "application/x-www-form-urlencoded";

    @TempDir
    Path dataDir;

    /** A key the generator signs with: HMAC when {@code secret} is set, Ed25519 otherwise. */
    record Signer(String apiKey, String secret, PrivateKey ed25519) {
        String sign(final String payload) {
            if (secret != null) {
                return Auth.hmacHex(secret, payload);
            }
            try {
                final Signature s = Signature.getInstance("Ed25519");
                s.initSign(ed25519);
                s.update(payload.getBytes(StandardCharsets.UTF_8));
                return URLEncoder.encode(Base64.getEncoder().encodeToString(s.sign()), StandardCharsets.UTF_8);
            } catch (final GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** What the generator knows of the node. */
    record Target(String adminToken, List<Signer> signers) {
    }

    /**
     * One hostile request.
     *
     * @param category     what it tries
     * @param bytes        the request as sent
     * @param head         a HEAD request (its answer has no body)
     * @param fresh        sent on a connection of its own (malformed framing)
     * @param expectedCode the error code it must get, or 0 for any
     * @param mayClose     the server may close the connection without answering (a body whose framing is broken)
     */
    record Hostile(String category, byte[] bytes, boolean head, boolean fresh, int expectedCode, boolean mayClose) {
        String shown() {
            final String text = new String(bytes, 0, Math.min(bytes.length, 300), StandardCharsets.ISO_8859_1);
            return category + " [" + text.replace("\r", "\\r").replace("\n", "\\n") + (bytes.length > 300 ? "...(" + bytes.length + " bytes)" : "")
                + "]";
        }
    }

    /** What a flood saw. */
    static final class Stats {
        final Map<String, LongAdder> categories = new ConcurrentHashMap<>();
        final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
        final Map<String, LongAdder> codes = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        final LongAdder sent = new LongAdder();

        void count(final Map<String, LongAdder> map, final String key) {
            map.computeIfAbsent(key, k -> new LongAdder()).increment();
        }

        long count(final Map<String, LongAdder> map, final int key) {
            final LongAdder a = map.get(Integer.toString(key));
            return a == null ? 0 : a.sum();
        }

        String summary() {
            return "categories " + sorted(categories) + "\n  statuses " + sorted(statuses) + "\n  codes " + sorted(codes);
        }

        private static Map<String, Long> sorted(final Map<String, LongAdder> map) {
            final Map<String, Long> out = new TreeMap<>();
            map.forEach((k, v) -> out.put(k, v.sum()));
            return out;
        }
    }

    // ------------------------------------------------------------------------------------------------ the runs

    @Test
    void aFloodOfHostileRequestsIsRefusedAndChangesNothing() throws Exception {
        try (ExchangeNode node = ExchangeNode.start(NodeConfig.defaults(dataDir).withPort(0).withFsync(false)
            .withRateLimits(RateLimiter.Limits.binance().off()))) {
            final Target target = target(node);
            final ApiClient admin = new ApiClient(node.url(), null, null);
            final String before = node.stateDigest();
            final JsonObject healthBefore = admin.admin("GET", "/admin/v1/health", node.adminToken(), null).json();
            final ApiClient demo = new ApiClient(node.url(), target.signers().get(0).apiKey(), target.signers().get(0).secret());
            final String accountBefore = balancesOf(demo);

            final long started = System.nanoTime();
            final Stats stats = flood(node, target, SEED, FLOOD, THREADS, i -> null, false);
            final long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("HostileInputTest seed=%d: %d requests in %d ms (%.0f/s), %d problems%n  %s%n", SEED, stats.sent.sum(), millis,
                stats.sent.sum() * 1000.0 / Math.max(1, millis), stats.problems.size(), stats.summary());
            assertThat(stats.problems).as("seed " + SEED + " (rerun with -Dhostile.seed=" + SEED + ")").isEmpty();
            assertThat(stats.sent.sum()).isEqualTo(FLOOD);
            assertThat(stats.categories).hasSizeGreaterThanOrEqualTo(18);

            assertThat(node.stateDigest()).as("state digest after the flood, seed " + SEED).isEqualTo(before);
            final JsonObject healthAfter = admin.admin("GET", "/admin/v1/health", node.adminToken(), null).json();
            assertThat(healthAfter.getLong("sequence")).isEqualTo(healthBefore.getLong("sequence"));
            assertThat(healthAfter.getString("stateDigest")).isEqualTo(before);
            assertThat(balancesOf(demo)).isEqualTo(accountBefore);
            assertThat(demo.signed("GET", "/api/v3/openOrders", "").array()).isEmpty();
            // The node still serves normally.
            assertThat(admin.get("/api/v3/ping", "").status()).isEqualTo(200);
        }
    }

    /** The same check sees a change: one valid order among hostile requests changes the digest. */
    @Test
    void theDigestCheckSeesOneValidOrderAmongTheFlood() throws Exception {
        try (ExchangeNode node = ExchangeNode.start(NodeConfig.defaults(dataDir).withPort(0).withFsync(false)
            .withRateLimits(RateLimiter.Limits.binance().off()))) {
            final Target target = target(node);
            final Signer demo = target.signers().get(0);
            final String before = node.stateDigest();
            final int valid = 150;
            final Stats stats = flood(node, target, SEED + 1, 300, 2, i -> i == valid ? validOrder(demo) : null, false);
            assertThat(stats.problems).hasSize(1);
            assertThat(stats.problems.peek()).contains("not a refusal: 200").contains("valid order");
            assertThat(node.stateDigest()).as("one accepted order must show in the digest").isNotEqualTo(before);
        }
    }

    /** With Binance's limits on (and low), hostile requests may also get 429 and then 418, still in Binance's form. */
    @Test
    void withRateLimitsOnTheRefusalsIncludeTooManyRequestsAndBans() throws Exception {
        final RateLimiter.Limits tight = new RateLimiter.Limits(true, 400, 50, 160_000, 10, 120_000);
        try (ExchangeNode node = ExchangeNode.start(NodeConfig.defaults(dataDir).withPort(0).withFsync(false).withRateLimits(tight))) {
            final Target target = target(node);
            final String before = node.stateDigest();
            final Stats stats = flood(node, target, SEED + 2, 1500, 2, i -> null, true);
            System.out.printf("HostileInputTest (limits on) seed=%d: %s%n", SEED + 2, stats.summary());
            assertThat(stats.problems).as("seed " + (SEED + 2)).isEmpty();
            assertThat(stats.count(stats.statuses, 429)).as("429s").isPositive();
            assertThat(stats.count(stats.statuses, 418)).as("418s").isPositive();
            assertThat(node.stateDigest()).isEqualTo(before);
        }
    }

    /** Well-formed requests that only the engine can refuse: 4xx in Binance's form, and no balance or order changes. */
    @Test
    void engineRefusalsChangeNoBalances() throws Exception {
        try (ExchangeNode node = ExchangeNode.start(NodeConfig.defaults(dataDir).withPort(0).withFsync(false)
            .withRateLimits(RateLimiter.Limits.binance().off()))) {
            final Funding.Account poor = Funding.open(node, "poor", "USDT", "10");
            final ApiClient client = new ApiClient(node.url(), poor.apiKey(), poor.secret());
            final String balances = balancesOf(client);
            final Random random = new Random(SEED + 3);
            final String[] refused = {
                "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=30000",
                "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=1&price=30000",
                "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=9001&price=1",
                "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.0001&price=20000",
                "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=20000.001",
                "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.000001&price=20000",
                "symbol=ETHUSDT&side=SELL&type=MARKET&quantity=5",
                "symbol=BTCUSDT&side=BUY&type=MARKET&quoteOrderQty=1000",
                "symbol=BTCUSDT&side=BUY&type=LIMIT_MAKER&quantity=1&price=30000",
            };
            for (int i = 0; i < 200; i++) {
                final String query = refused[random.nextInt(refused.length)];
                final ApiClient.Response r = random.nextBoolean() ? client.signed("POST", ORDER, query) : client.signedForm(ORDER, query);
                assertThat(r.status()).as(query + " -> " + r).isEqualTo(400);
                assertThat(r.code()).as(r.toString()).isIn(-1013, -2010);
                final ApiClient.Response cancel = client.signed("DELETE", ORDER, "symbol=BTCUSDT&orderId=" + (1 + random.nextInt(1_000_000)));
                assertThat(cancel.status()).as(cancel.toString()).isEqualTo(400);
                assertThat(cancel.code()).isEqualTo(-2011);
            }
            assertThat(balancesOf(client)).isEqualTo(balances);
            assertThat(client.signed("GET", "/api/v3/openOrders", "").array()).isEmpty();
            assertThat(client.signed("GET", "/api/v3/allOrders", "symbol=BTCUSDT").array()).isEmpty();
            assertThat(new ApiClient(node.url(), null, null).get("/api/v3/depth", "symbol=BTCUSDT").json().getJsonArray("bids")).isEmpty();
        }
    }

    /**
     * Known server bug, reported, not fixed here: a request line whose version is not HTTP/1.0 or 1.1 ("HTTP/2.0",
     * "HTTP/1.2", "FOO/1.1") never reaches the API: Vert.x answers it itself with {@code <version> 501 Not Implemented},
     * an empty body, and closes. It should be a 4xx in Binance's form (400 -1100, or 505). Enable once fixed.
     */
    @Test
    void aRequestLineWithAnUnknownHttpVersionGetsA4xx() throws Exception {
        try (ExchangeNode node = ExchangeNode.start(NodeConfig.defaults(dataDir).withPort(0).withFsync(false));
             RawHttp http = new RawHttp("127.0.0.1", node.port(), TIMEOUT_MILLIS)) {
            for (final String version : new String[] {"HTTP/2.0", "HTTP/1.2", "HTTP/9.9", "FOO/1.1"}) {
                final RawHttp.Response r = http.exchange(bytes("GET /api/v3/ping " + version + "\r\nHost: x\r\n\r\n"), false, true);
                assertThat(r.status()).as(version).isBetween(400, 499);
                assertThat(new JsonObject(r.body()).getInteger("code")).as(version).isNegative();
            }
        }
    }

    private static String balancesOf(final ApiClient client) {
        final ApiClient.Response r = client.signed("GET", "/api/v3/account", "");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().getJsonArray("balances").encode();
    }

    private static Target target(final ExchangeNode node) throws GeneralSecurityException {
        final ApiKey demo = node.demoKeys().get(0);
        final Funding.Account broke = Funding.open(node, "broke");
        final KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        final Funding.Account ed = Funding.openWithKey(node, "hostile-ed25519", Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()),
            "USDT", "1000", "BTC", "1");
        return new Target(node.adminToken(), List.of(new Signer(demo.apiKey(), demo.hmacSecret(), null),
            new Signer(broke.apiKey(), broke.secret(), null), new Signer(ed.apiKey(), null, pair.getPrivate())));
    }

    private static Hostile validOrder(final Signer signer) {
        final String q = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=20000&timestamp=" + System.currentTimeMillis();
        return new Hostile("valid order", http("POST", ORDER + "?" + q + "&signature=" + signer.sign(q), headers(key(signer.apiKey())), null),
            false, false, 0, false);
    }

    /** Sends {@code count} generated requests from {@code threads} connections; {@code override} may replace one. */
    static Stats flood(final ExchangeNode node, final Target target, final long seed, final int count, final int threads,
        final IntFunction<Hostile> override, final boolean limitsOn) throws Exception {
        final Stats stats = new Stats();
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            final List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                final int first = w;
                workers.add(pool.submit(() -> {
                    try (RawHttp http = new RawHttp("127.0.0.1", node.port(), TIMEOUT_MILLIS)) {
                        for (int i = first; i < count; i += threads) {
                            final Hostile given = override.apply(i);
                            final Hostile h = given != null ? given : new Generator(new Random(seed * 1_000_003L + i), target).next();
                            stats.count(stats.categories, h.category());
                            stats.sent.increment();
                            RawHttp.Response r;
                            try {
                                r = http.exchange(h.bytes(), h.head(), h.fresh());
                            } catch (final IOException e) {
                                http.reset();
                                stats.problems.add("#" + i + " " + h.shown() + ": " + e);
                                continue;
                            }
                            stats.count(stats.statuses, Integer.toString(r.status()));
                            final String problem = problem(h, r, limitsOn, stats);
                            if (problem != null) {
                                stats.problems.add("#" + i + " " + h.shown() + ": " + problem + " -> " + r.status() + " " + r.body());
                            }
                        }
                    }
                    return null;
                }));
            }
            for (final Future<?> worker : workers) {
                worker.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        return stats;
    }

    private static String problem(final Hostile h, final RawHttp.Response r, final boolean limitsOn, final Stats stats) {
        if (!r.answered()) {
            return h.mayClose() ? null : "closed without an answer";
        }
        final int status = r.status();
        if (status >= 500) {
            return "a 5xx";
        }
        if (status < 400) {
            return "not a refusal: " + status;
        }
        final boolean limited = status == 429 || status == 418;
        if (limited && !limitsOn) {
            return "rate limited with the limits off";
        }
        if (h.head()) {
            return null;
        }
        final String type = r.header("content-type");
        if (type == null || !type.startsWith("application/json")) {
            return "not JSON: " + type;
        }
        final JsonObject json;
        try {
            json = new JsonObject(r.body());
        } catch (final DecodeException | ClassCastException e) {
            return "not a JSON object";
        }
        if (!(json.getValue("code") instanceof Integer code) || code >= 0) {
            return "no negative integer code";
        }
        if (!(json.getValue("msg") instanceof String msg) || msg.isBlank()) {
            return "no msg";
        }
        stats.count(stats.codes, Integer.toString(code));
        if (limited) {
            final String retryAfter = r.header("retry-after");
            if (code != -1003 && code != -1015) {
                return "429/418 with code " + code;
            }
            if (retryAfter == null || !retryAfter.matches("[0-9]+")) {
                return "429/418 without Retry-After";
            }
            return null;
        }
        if (h.expectedCode() != 0 && code != h.expectedCode()) {
            return "expected code " + h.expectedCode() + ", got " + code;
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------------ building requests

    static List<String[]> headers(final String[]... headers) {
        return List.of(headers);
    }

    static String[] key(final String apiKey) {
        return new String[] {"X-MBX-APIKEY", apiKey};
    }

    static byte[] http(final String method, final String target, final List<String[]> headers, final byte[] body) {
        final StringBuilder head = new StringBuilder(256).append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (final String[] h : headers) {
            head.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        final byte[] start = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null) {
            return start;
        }
        final byte[] all = new byte[start.length + body.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(body, 0, all, start.length, body.length);
        return all;
    }

    static String enc(final String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static byte[] bytes(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Generates one hostile request from its own random source. */
    static final class Generator {
        private static final String[] BAD_NUMBERS = {"-1", "-0.001", "1e3", "1E-3", "0x10", "１", " 1", "1 ", "1,5", "0.000000001",
            "0.001000000001", "99999999999999999999", "92233720368.54775808", "1" + "0".repeat(40), "NaN", "Infinity", "-Infinity", "", ".",
            "1.", ".5", "+1", "0.001.1", "--1", "1/2", "0", "0.00000000", "1_000", "٣", "0.1e1", "null", "true", "[1]", "{}", "0.0.0",
            "1\u0000", "\t1", "1\r\n", "0,001", "1e-9", "00000000000000000000000.00000001e", "-0"};
        private static final String[] BAD_SYMBOLS = {"", "btcusdt", "NOPE", "BTC USDT", "BTCUSDT\u0000", "１２３４５６", "BTCUSD", "BTCUSDTT",
            "ETH/USDT", "BTC-USDT", "A".repeat(21), "'; DROP TABLE orders;--", "<script>", "../BTCUSDT", "BTCUSDT\n", "BTCUSDT ", " BTCUSDT",
            "BTCUSDT\u200b", "BTCUSDT%", "BTCUSDT,ETHUSDT", "[\"BTCUSDT\"]", "*", "%", "BTC_USDT", "ETHBTC", "USDTBTC"};
        private static final String[] BAD_SIDES = {"", "HOLD", "BUYY", "B", "1", "SELL;", "BUY SELL", "\u0000", "ＢＵＹ", "buy", "Buy", "sell", "BUY\n"};
        private static final String[] BAD_TYPES = {"", "LIMITED", "MARKETT", "STOP", "limit", "OCO", "ICEBERG", "LIMIT_TAKER", "LIMIT ", "0"};
        private static final String[] BAD_TIFS = {"", "GTX", "DAY", "gtc", "GTD", "FOK;", "G T C", "1"};
        private static final String[] BAD_CLIENT_IDS = {"", "x".repeat(37), "bad id", "é", "a/b", "a.b", "a\u0000b", "a%b", "a+b", "x".repeat(500)};
        private static final String[] BAD_RESP_TYPES = {"", "ALL", "FULLL", "full", "0", "ACK,FULL"};
        private static final String[] BAD_STP = {"", "NOPE", "expire_taker", "EXPIRE", "NONE "};
        private static final String[] BAD_RECV = {"", "60001", "-1", "abc", "1e4", "99999999999999999999999", "5000.1234", "6000.5.5", "0x10",
            "60000.001", "1000000"};
        private static final String[] UNSUPPORTED = {"icebergQty=0.1", "trailingDelta=100", "stopPrice=100", "quoteOrderQty=10",
            "pegPriceType=PRIMARY_PEG", "strategyType=5"};
        private static final String[] PATHS = {ORDER, "/api/v3/ping", "/api/v3/depth", "/api/v3/account", "/admin/v1/health",
            "/admin/v1/deposits", "/api/v3/userDataStream", "/api/v3/order/test", "/api/v3/openOrders", "/api/v3/exchangeInfo",
            "/admin/v1/accounts", "/api/v3/myTrades", "/api/v3/klines"};
        private static final String[] BAD_PERCENT = {"%ZZ", "%", "%4", "%G1", "%%", "%u0041", "%E2%82", "%C0%AF", "%ED%A0%80", "%FF%FE", "%0",
            "%-1", "%+1"};
        private static final String[] CONTROL = {"\u0000", "\u0001", "\u0007", "\u0008", "\t", "\n", "\r", "\r\n", "\u001b[31m", "\u007f"};
        private static final String[] UNICODE = {"é", "ü", "€", "中文", "🚀", "\u202e", "\u200b", "\ufeff", "\ud800", "ℌ", "Å", "ﬁ"};

        private final Random r;
        private final Target t;
        private final long now;

        Generator(final Random random, final Target target) {
            this.r = random;
            this.t = target;
            this.now = System.currentTimeMillis();
        }

        private <T> T pick(final T[] values) {
            return values[r.nextInt(values.length)];
        }

        private Signer signer() {
            return t.signers().get(r.nextInt(t.signers().size()));
        }

        private String word(final int min, final int max, final String alphabet) {
            final int n = min + r.nextInt(max - min + 1);
            final StringBuilder b = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                b.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            return b.toString();
        }

        private static List<String[]> baseOrder() {
            final List<String[]> p = new ArrayList<>();
            p.add(new String[] {"symbol", "BTCUSDT"});
            p.add(new String[] {"side", "BUY"});
            p.add(new String[] {"type", "LIMIT"});
            p.add(new String[] {"timeInForce", "GTC"});
            p.add(new String[] {"quantity", "0.001"});
            p.add(new String[] {"price", "20000"});
            p.add(new String[] {"newOrderRespType", "ACK"});
            return p;
        }

        private static String join(final List<String[]> params, final boolean encode) {
            final StringBuilder b = new StringBuilder();
            for (final String[] p : params) {
                if (!b.isEmpty()) {
                    b.append('&');
                }
                b.append(p[0]);
                if (p[1] != null) {
                    b.append('=').append(encode ? enc(p[1]) : p[1]);
                }
            }
            return b.toString();
        }

        /**
         * A signed request with these (already encoded when {@code encoded}) parameters, a timestamp added unless one is
         * there, split at random between query and form body; {@code signature} replaces the true one when not null.
         */
        private Hostile signed(final String category, final String method, final String path, final List<String[]> params,
            final boolean encoded, final Signer signer, final String signature, final int expected) {
            final List<String[]> all = new ArrayList<>(params);
            if (all.stream().noneMatch(p -> p[0].equals("timestamp"))) {
                all.add(r.nextInt(3) == 0 ? 0 : all.size(), new String[] {"timestamp", Long.toString(now)});
            }
            final int split = method.equals("GET") ? all.size() : r.nextInt(all.size() + 1);
            final String query = join(all.subList(0, split), !encoded);
            final String body = join(all.subList(split, all.size()), !encoded);
            final String sig = signature != null ? signature : signer.sign(query + body);
            final String target = path + (query.isEmpty() && !body.isEmpty() ? "" : "?" + query + (body.isEmpty() ? "&signature=" + sig : ""));
            final byte[] content = body.isEmpty() ? null : bytes(body + "&signature=" + sig);
            final List<String[]> headers = new ArrayList<>();
            headers.add(key(signer.apiKey()));
            if (content != null) {
                headers.add(new String[] {"Content-Type", FORM});
            }
            return new Hostile(category, http(method, target, headers, content), false, false, expected, false);
        }

        Hostile next() {
            final int roll = r.nextInt(100);
            if (roll < 18) {
                return orderBadValue();
            } else if (roll < 23) {
                return orderMissing();
            } else if (roll < 28) {
                return unknownParameter();
            } else if (roll < 33) {
                return duplicateParameter();
            } else if (roll < 43) {
                return badSignature();
            } else if (roll < 47) {
                return badApiKey();
            } else if (roll < 52) {
                return badTimestamp();
            } else if (roll < 57) {
                return signedReadDefect();
            } else if (roll < 59) {
                return oversize();
            } else if (roll < 63) {
                return contentType();
            } else if (roll < 68) {
                return nonAscii();
            } else if (roll < 72) {
                return badPercent();
            } else if (roll < 75) {
                return longQuery();
            } else if (roll < 79) {
                return wrongMethod();
            } else if (roll < 83) {
                return unknownPath();
            } else if (roll < 87) {
                return adminWithoutToken();
            } else if (roll < 93) {
                return adminMalformed();
            } else if (roll < 96) {
                return malformedHttp();
            }
            return publicBadParameter();
        }

        private Hostile orderBadValue() {
            final List<String[]> p = baseOrder();
            final String field;
            final String value;
            switch (r.nextInt(11)) {
                case 0 -> {
                    field = "symbol";
                    value = r.nextInt(4) == 0 ? word(1, 12, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") + "X" : pick(BAD_SYMBOLS);
                }
                case 1 -> {
                    field = "side";
                    value = pick(BAD_SIDES);
                }
                case 2 -> {
                    field = "type";
                    value = pick(BAD_TYPES);
                }
                case 3 -> {
                    field = "timeInForce";
                    value = pick(BAD_TIFS);
                }
                case 4, 5 -> {
                    field = "quantity";
                    value = pick(BAD_NUMBERS);
                }
                case 6, 7 -> {
                    field = "price";
                    value = pick(BAD_NUMBERS);
                }
                case 8 -> {
                    field = "newClientOrderId";
                    value = pick(BAD_CLIENT_IDS);
                }
                case 9 -> {
                    field = r.nextBoolean() ? "newOrderRespType" : "selfTradePreventionMode";
                    value = field.equals("newOrderRespType") ? pick(BAD_RESP_TYPES) : pick(BAD_STP);
                }
                default -> {
                    final String[] extra = pick(UNSUPPORTED).split("=");
                    field = extra[0];
                    value = extra[1];
                }
            }
            p.removeIf(x -> x[0].equals(field));
            p.add(r.nextInt(p.size() + 1), new String[] {field, value});
            return signed("order: bad " + field, "POST", ORDER, p, false, signer(), null, 0);
        }

        private Hostile orderMissing() {
            final List<String[]> p = baseOrder();
            final String[] mandatory = {"symbol", "side", "type", "timeInForce", "quantity", "price", "timestamp", "signature"};
            final String missing = pick(mandatory);
            if (missing.equals("timestamp")) {
                final Signer s = signer();
                final String q = join(p, true);
                return new Hostile("order: no timestamp", http("POST", ORDER + "?" + q + "&signature=" + s.sign(q), headers(key(s.apiKey())), null),
                    false, false, -1102, false);
            }
            if (missing.equals("signature")) {
                final Signer s = signer();
                final String q = join(p, true) + "&timestamp=" + now;
                return new Hostile("order: no signature", http("POST", ORDER + "?" + q, headers(key(s.apiKey())), null), false, false, -1102,
                    false);
            }
            p.removeIf(x -> x[0].equals(missing));
            return signed("order: no " + missing, "POST", ORDER, p, false, signer(), null, missing.equals("quantity")
                || missing.equals("price") || missing.equals("timeInForce") || missing.equals("symbol") || missing.equals("side")
                || missing.equals("type") ? -1102 : 0);
        }

        private Hostile unknownParameter() {
            final List<String[]> p = baseOrder();
            final String name = switch (r.nextInt(6)) {
                case 0 -> "zz" + word(1, 10, "abcdefghijklmnopqrstuvwxyz0123456789");
                case 1 -> "Symbol";
                case 2 -> "foo[]";
                case 3 -> "signature2";
                case 4 -> "apiKey";
                default -> "recvwindow";
            };
            p.add(r.nextInt(p.size() + 1), new String[] {name, r.nextBoolean() ? "1" : ""});
            return signed("unknown parameter", "POST", r.nextBoolean() ? ORDER : "/api/v3/order/test", p, false, signer(), null, -1103);
        }

        private Hostile duplicateParameter() {
            final List<String[]> p = baseOrder();
            final Signer s = signer();
            p.add(new String[] {"timestamp", Long.toString(now)});
            final String[] twice = p.get(r.nextInt(p.size()));
            p.add(r.nextInt(p.size() + 1), new String[] {twice[0], r.nextBoolean() ? twice[1] : "SELL"});
            // All in the query: one place, one name twice.
            final String q = join(p, true);
            String target = ORDER + "?" + q + "&signature=" + s.sign(q);
            if (r.nextInt(4) == 0) {
                target += "&signature=" + s.sign(q);
            }
            return new Hostile("duplicate parameter", http("POST", target, headers(key(s.apiKey())), null), false, false, -1101, false);
        }

        private Hostile badSignature() {
            final List<String[]> p = baseOrder();
            final Signer s = signer();
            final String payload = join(p, true) + "&timestamp=" + now;
            final boolean hmac = s.secret() != null;
            final String right = s.sign(payload);
            final String sig;
            int expected = -1022;
            switch (r.nextInt(12)) {
                case 0 -> sig = HexFormat.of().formatHex(randomBytes(32));
                case 1 -> {
                    final char[] c = right.toCharArray();
                    final int i = r.nextInt(hmac ? c.length : Math.min(c.length, 80));
                    c[i] = c[i] == 'a' ? 'b' : 'a';
                    sig = new String(c);
                }
                case 2 -> sig = s.sign(payload.replace("price=20000", "price=20001"));
                case 3 -> {
                    sig = right.substring(0, right.length() - 2);
                    expected = hmac ? -1022 : 0;
                }
                case 4 -> sig = right + "00";
                case 5 -> sig = t.signers().get((t.signers().indexOf(s) + 1) % t.signers().size()).sign(payload);
                case 6 -> sig = enc(Base64.getEncoder().encodeToString(randomBytes(64)));
                case 7 -> sig = Auth.hmacHex(word(64, 64, "abcdef0123456789"), payload);
                case 8 -> {
                    sig = "";
                    expected = -1102;
                }
                case 9 -> {
                    sig = pick(BAD_PERCENT);
                    expected = 0;
                }
                case 10 -> sig = s.sign(payload + "&");
                default -> sig = s.sign(join(p, true));
            }
            return new Hostile("bad signature", http("POST", ORDER + "?" + payload + "&signature=" + sig, headers(key(s.apiKey())), null),
                false, false, expected, false);
        }

        private Hostile badApiKey() {
            final Signer s = signer();
            final String payload = join(baseOrder(), true) + "&timestamp=" + now;
            final String target = ORDER + "?" + payload + "&signature=" + s.sign(payload);
            final List<String[]> headers = new ArrayList<>();
            int expected;
            switch (r.nextInt(7)) {
                case 0 -> expected = -2014;
                case 1 -> {
                    headers.add(key(""));
                    expected = -2014;
                }
                case 2 -> {
                    headers.add(key(word(64, 64, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")));
                    expected = -2015;
                }
                case 3 -> {
                    headers.add(key(s.apiKey() + "x".repeat(70)));
                    expected = -2014;
                }
                case 4 -> {
                    headers.add(key(s.apiKey().substring(0, 10) + "!" + s.apiKey().substring(11)));
                    expected = -2014;
                }
                case 5 -> {
                    headers.add(key(s.apiKey().toLowerCase(java.util.Locale.ROOT).equals(s.apiKey()) ? s.apiKey() + "A"
                        : s.apiKey().toLowerCase(java.util.Locale.ROOT)));
                    expected = -2015;
                }
                default -> {
                    headers.add(new String[] {"X-MBX-APIKEY ", s.apiKey()});
                    expected = 0;
                }
            }
            return new Hostile("bad API key", http("POST", target, headers, null), false, expected == 0, expected, false);
        }

        private Hostile badTimestamp() {
            final List<String[]> p = baseOrder();
            final String ts;
            int expected = -1021;
            switch (r.nextInt(9)) {
                case 0 -> ts = Long.toString(now - 6000 - r.nextInt(1_000_000));
                case 1 -> ts = Long.toString(now + 5000 + r.nextInt(1_000_000_000));
                case 2 -> {
                    p.add(new String[] {"recvWindow", Integer.toString(1 + r.nextInt(1000))});
                    ts = Long.toString(now - 3000 - r.nextInt(50_000));
                }
                case 3 -> {
                    p.add(new String[] {"recvWindow", "60000"});
                    ts = Long.toString(now - 70_000 - r.nextInt(1_000_000));
                }
                case 4 -> ts = Long.toString((now + 5000 + r.nextInt(100_000)) * 1000);
                case 5 -> ts = Long.toString((now - 10_000 - r.nextInt(100_000)) * 1000);
                case 6 -> ts = "1499827319559";
                case 7 -> {
                    ts = pick(new String[] {"", "abc", "-1", "1e12", "1".repeat(25), now + ".5", " " + now, "0x1", "１"});
                    expected = 0;
                }
                default -> ts = Long.toString(now / 1000);
            }
            p.add(r.nextInt(p.size() + 1), new String[] {"timestamp", ts});
            return signed("bad timestamp", "POST", ORDER, p, false, signer(), null, expected);
        }

        private Hostile signedReadDefect() {
            final String path = pick(new String[] {"/api/v3/account", "/api/v3/myTrades", "/api/v3/allOrders", "/api/v3/openOrders", ORDER});
            final List<String[]> p = new ArrayList<>();
            if (!path.equals("/api/v3/account")) {
                p.add(new String[] {"symbol", "BTCUSDT"});
            }
            if (path.equals(ORDER)) {
                p.add(new String[] {"orderId", "1"});
            }
            final Signer s = signer();
            switch (r.nextInt(6)) {
                case 0 -> p.add(new String[] {"zz" + word(1, 5, "abc"), "1"});
                case 1 -> p.add(new String[] {"recvWindow", pick(BAD_RECV)});
                case 2 -> {
                    if (path.equals("/api/v3/account")) {
                        p.add(new String[] {"omitZeroBalances", pick(new String[] {"", "yes", "1", "TRUEE"})});
                    } else {
                        p.removeIf(x -> x[0].equals("symbol"));
                        p.add(new String[] {"symbol", pick(BAD_SYMBOLS)});
                        if (path.equals("/api/v3/openOrders") && p.stream().anyMatch(x -> x[0].equals("symbol") && x[1].isEmpty())) {
                            p.add(new String[] {"zz", "1"});
                        }
                    }
                }
                case 3 -> {
                    if (path.equals("/api/v3/allOrders") || path.equals("/api/v3/myTrades")) {
                        p.add(new String[] {pick(new String[] {"limit", "fromId", "startTime", "endTime", "orderId"}),
                            pick(new String[] {"abc", "-1", "1.5", "", "1e3", "99999999999999999999999"})});
                    } else {
                        p.add(new String[] {"timestamp", Long.toString(now - 100_000)});
                    }
                }
                case 4 -> {
                    return signed("signed read: bad signature", "GET", path, p, false, s, HexFormat.of().formatHex(randomBytes(32)), -1022);
                }
                default -> p.add(new String[] {"timestamp", Long.toString(now + 100_000)});
            }
            return signed("signed read: bad parameter", "GET", path, p, false, s, null, 0);
        }

        private Hostile oversize() {
            switch (r.nextInt(5)) {
                case 0 -> {
                    final byte[] body = bytes("a=" + "x".repeat(ApiServer.MAX_BODY_BYTES + r.nextInt(100_000)));
                    return new Hostile("oversize: body", http("POST", ORDER, headers(new String[] {"Content-Type", FORM}), body), false,
                        false, -1101, false);
                }
                case 1 -> {
                    final String head = "POST " + ORDER + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + FORM + "\r\nContent-Length: "
                        + (ApiServer.MAX_DRAINED_BYTES + 1 + r.nextInt(1 << 30)) + "\r\n\r\n";
                    return new Hostile("oversize: declared length", bytes(head), false, true, -1101, false);
                }
                case 2 -> {
                    final StringBuilder q = new StringBuilder("symbol=BTCUSDT");
                    for (int i = 0; i < Params.MAX_PARAMETERS + 1 + r.nextInt(50); i++) {
                        q.append("&p").append(i).append("=1");
                    }
                    return new Hostile("oversize: too many parameters", http("GET", "/api/v3/depth?" + q, List.of(), null), false, false, -1101,
                        false);
                }
                case 3 -> {
                    final List<String[]> headers = new ArrayList<>();
                    headers.add(new String[] {"X-Junk", "y".repeat(17_000 + r.nextInt(20_000))});
                    return new Hostile("oversize: header", http("GET", "/api/v3/ping", headers, null), false, true, 0, false);
                }
                default -> {
                    final byte[] body = bytes("{\"accountId\":1,\"asset\":\"USDT\",\"amount\":\"1\",\"x\":\"" + "z".repeat(70_000) + "\"}");
                    return new Hostile("oversize: admin body", http("POST", "/admin/v1/deposits", List.of(new String[] {"Authorization",
                        "Bearer " + t.adminToken()}, new String[] {"Content-Type", "application/json"}), body), false, false, -1101, false);
                }
            }
        }

        private Hostile contentType() {
            final Signer s = signer();
            final String body = "timestamp=" + now + "&" + join(baseOrder(), true);
            final String type;
            int expected = -1020;
            String content = body + "&signature=" + s.sign(body);
            String target = ORDER;
            switch (r.nextInt(10)) {
                case 0 -> type = "text/plain";
                case 1 -> type = "application/xml";
                case 2 -> type = "multipart/form-data; boundary=x";
                case 3 -> type = "application/octet-stream";
                case 4 -> type = "";
                case 5 -> type = "text/html; charset=utf-8";
                case 6 -> {
                    type = "application/json";
                    expected = -1135;
                }
                case 7 -> {
                    type = "application/json; charset=utf-8";
                    final String q = body;
                    target = ORDER + "?" + q + "&signature=" + s.sign(q);
                    content = "{\"symbol\":\"BTCUSDT\"}";
                    expected = -1135;
                }
                case 8 -> type = "application/x-www-form";
                default -> type = "form-data";
            }
            return new Hostile("content type", http("POST", target, headers(key(s.apiKey()), new String[] {"Content-Type", type}),
                bytes(content)), false, false, expected, false);
        }

        private Hostile nonAscii() {
            switch (r.nextInt(6)) {
                case 0, 1 -> {
                    final List<String[]> p = baseOrder();
                    final String[] fields = {"symbol", "side", "type", "timeInForce", "quantity", "price", "newClientOrderId"};
                    final String field = pick(fields);
                    final String weird = r.nextBoolean() ? pick(UNICODE) : pick(CONTROL);
                    for (final String[] x : p) {
                        if (x[0].equals(field)) {
                            x[1] = r.nextBoolean() ? x[1] + weird : weird + x[1];
                        }
                    }
                    if (field.equals("newClientOrderId")) {
                        p.add(new String[] {field, "id" + weird});
                    }
                    return signed("non-ASCII or control in a value", "POST", ORDER, p, false, signer(), null, 0);
                }
                case 2 -> {
                    final String raw = "GET /api/v3/depth?symbol=BTC" + pick(UNICODE) + "USDT HTTP/1.1\r\nHost: x\r\n\r\n";
                    return new Hostile("raw non-ASCII in the query", bytes(raw), false, true, 0, false);
                }
                case 3 -> {
                    final String raw = "GET /api/v3/account?timestamp=1 HTTP/1.1\r\nHost: x\r\nX-MBX-APIKEY: " + pick(UNICODE) + "\r\n\r\n";
                    return new Hostile("raw non-ASCII in a header", bytes(raw), false, true, 0, false);
                }
                case 4 -> {
                    final String raw = "GET /api/v3/" + pick(UNICODE) + " HTTP/1.1\r\nHost: x\r\n\r\n";
                    return new Hostile("raw non-ASCII in the path", bytes(raw), false, true, 0, false);
                }
                default -> {
                    final String name = enc(pick(UNICODE) + pick(CONTROL));
                    return new Hostile("non-ASCII parameter name", http("GET", "/api/v3/depth?symbol=BTCUSDT&" + name + "=1", List.of(), null),
                        false, false, -1103, false);
                }
            }
        }

        private Hostile badPercent() {
            final String bad = pick(BAD_PERCENT);
            if (r.nextBoolean()) {
                final List<String[]> p = baseOrder();
                final String[] x = p.get(r.nextInt(p.size()));
                x[1] = r.nextBoolean() ? x[1] + bad : bad + x[1];
                final List<String[]> encoded = new ArrayList<>();
                for (final String[] e : p) {
                    encoded.add(new String[] {e[0], e == x ? e[1] : enc(e[1])});
                }
                return signed("bad percent-encoding (signed)", "POST", ORDER, encoded, true, signer(), null, 0);
            }
            final String target = pick(new String[] {"/api/v3/depth?symbol=" + bad, "/api/v3/depth?symbol=BTCUSDT&" + bad + "=1",
                "/api/v3/klines?symbol=BTCUSDT&interval=1m" + bad, "/api/v3/ticker/price?symbols=" + bad});
            return new Hostile("bad percent-encoding", http("GET", target, List.of(), null), false, false, 0, false);
        }

        private Hostile longQuery() {
            switch (r.nextInt(4)) {
                case 0 -> {
                    final String value = "A".repeat(5000 + r.nextInt(2500));
                    return new Hostile("long query: value", http("GET", "/api/v3/depth?symbol=" + value, List.of(), null), false, false, -1100,
                        false);
                }
                case 1 -> {
                    final StringBuilder q = new StringBuilder("symbol=BTCUSDT");
                    for (int i = 0; i < 40 + r.nextInt(20); i++) {
                        q.append("&zz").append(word(20, 60, "abcdefghij")).append('=').append(i);
                    }
                    return new Hostile("long query: names", http("GET", "/api/v3/depth?" + q, List.of(), null), false, false, -1103, false);
                }
                case 2 -> {
                    return new Hostile("long query: over the line limit", http("GET", "/api/v3/depth?symbol=" + "B".repeat(9000 + r.nextInt(20_000)),
                        List.of(), null), false, true, 0, false);
                }
                default -> {
                    return new Hostile("long query: path", http("GET", "/api/v3/" + "p".repeat(2000 + r.nextInt(5000)), List.of(), null), false,
                        false, 0, false);
                }
            }
        }

        private Hostile wrongMethod() {
            final String path = pick(PATHS);
            final String method = pick(new String[] {"PUT", "PATCH", "TRACE", "OPTIONS", "FOO", "get", "post", "HEAD", "PROPFIND", "DELETE",
                "POST", "GET", "M-SEARCH", "CONNECT"});
            final boolean head = method.equals("HEAD");
            if ((method.equals("GET") || method.equals("get")) && (path.equals("/api/v3/ping") || path.equals("/api/v3/exchangeInfo"))) {
                return new Hostile("wrong method", http("POST", path, List.of(), null), false, false, 0, false);
            }
            if (method.equals("GET") && (path.equals("/api/v3/depth") || path.equals("/api/v3/klines"))) {
                return new Hostile("wrong method", http("DELETE", path, List.of(), null), false, false, 0, false);
            }
            return new Hostile("wrong method", http(method, path, List.of(), null), head, head || method.equals("CONNECT"), 0, false);
        }

        private Hostile unknownPath() {
            final String path = switch (r.nextInt(14)) {
                case 0 -> "/api/v3/" + word(1, 20, "abcdefghijklmnopqrstuvwxyz");
                case 1 -> "/api/v4/order";
                case 2 -> "/api/v3/order/";
                case 3 -> "/API/V3/PING";
                case 4 -> "//api/v3/ping";
                case 5 -> "/api/v3/./ping";
                case 6 -> "/api/v3/../v3/ping";
                case 7 -> "/api/v3/%70ing";
                case 8 -> "/admin/v1/accounts//freeze";
                case 9 -> "/admin/v1/symbols/BTCUSDT/halt/now";
                case 10 -> "/sapi/v1/capital/config/getall";
                case 11 -> "/";
                case 12 -> "/admin/v1/" + word(1, 10, "abcdefghij");
                default -> "/.env";
            };
            return new Hostile("unknown path", http(r.nextBoolean() ? "GET" : "POST", path, List.of(), null), false, false, 0, false);
        }

        private Hostile adminWithoutToken() {
            final String[][] endpoints = {
                {"POST", "/admin/v1/deposits", "{\"accountId\":1,\"asset\":\"USDT\",\"amount\":\"1000000\"}"},
                {"POST", "/admin/v1/withdrawals", "{\"accountId\":1,\"asset\":\"USDT\",\"amount\":\"1\"}"},
                {"POST", "/admin/v1/accounts", "{\"name\":\"intruder\",\"country\":\"DE\",\"kycTier\":1}"},
                {"POST", "/admin/v1/symbols/BTCUSDT/halt", null},
                {"POST", "/admin/v1/accounts/1/freeze", null},
                {"GET", "/admin/v1/health", null},
            };
            final String[] e = pick(endpoints);
            final List<String[]> headers = new ArrayList<>();
            final String token = t.adminToken();
            String path = e[1];
            switch (r.nextInt(10)) {
                case 0 -> {
                }
                case 1 -> headers.add(new String[] {"Authorization", "Bearer " + word(10, 60, "abcdefghijklmnopqrstuvwxyz0123456789")});
                case 2 -> headers.add(new String[] {"Authorization", "Bearer " + token.substring(0, token.length() - 1)});
                case 3 -> headers.add(new String[] {"Authorization", "Bearer " + token + "x"});
                case 4 -> headers.add(new String[] {"Authorization", "bearer" + token});
                case 5 -> headers.add(new String[] {"Authorization", "Basic " + Base64.getEncoder().encodeToString(bytes("admin:" + token))});
                case 6 -> headers.add(new String[] {"Authorization", "Bearer"});
                case 7 -> path = path + "?token=" + token + "&access_token=" + token;
                case 8 -> headers.add(new String[] {"X-Admin-Token", token});
                default -> headers.add(new String[] {"Authorization", token});
            }
            if (e[2] != null) {
                headers.add(new String[] {"Content-Type", "application/json"});
            }
            return new Hostile("admin without the token", http(e[0], path, headers, e[2] == null ? null : bytes(e[2])), false, false, -1002, false);
        }

        private Hostile adminMalformed() {
            final List<String[]> headers = new ArrayList<>();
            headers.add(new String[] {"Authorization", "Bearer " + t.adminToken()});
            headers.add(new String[] {"Content-Type", r.nextInt(5) == 0 ? "text/plain" : "application/json"});
            final String valid = "{\"accountId\":1,\"asset\":\"USDT\",\"amount\":\"1\"}";
            switch (r.nextInt(9)) {
                case 0 -> {
                    final String body = valid.substring(0, 1 + r.nextInt(valid.length() - 1));
                    return admin("admin: truncated JSON", "POST", pick(new String[] {"/admin/v1/deposits", "/admin/v1/withdrawals"}), headers,
                        body);
                }
                case 1 -> {
                    final String body = pick(new String[] {"", " ", "[]", "null", "\"x\"", "1", "{", "}", "{}", "{\"accountId\":1,}", "{'a':1}",
                        "{\"accountId\":1 \"asset\":\"USDT\"}", "\u0000", "{\"a\":" + "[".repeat(3000) + "]".repeat(3000) + "}",
                        "{\"a\":\"\\ud800\"}", "{\"accountId\":1,\"asset\":\"USDT\",\"amount\":\"1\"}}", "\ufeff{}", "NaN", "{\"x\":1e99999}"});
                    return admin("admin: malformed JSON", "POST", pick(new String[] {"/admin/v1/deposits", "/admin/v1/withdrawals",
                        "/admin/v1/accounts"}), headers, body);
                }
                case 2, 3 -> {
                    final String[] accountIds = {"-1", "\"x\"", "1.5", "1e400", "99999999999999999999", "null", "true", "[]", "{}", "\"-1\"",
                        "\"1 \"", "\"\""};
                    final String[] assets = {"\"NOPE\"", "\"\"", "1", "null", "\"US DT\"", "[\"USDT\"]", "\"USDT\\u0000\""};
                    final String[] amounts = {"\"-1\"", "\"0\"", "\"1.000000001\"", "\"1e3\"", "\"abc\"", "1", "\"\"", "null",
                        "\"99999999999999999999999\"", "\"0.00000000\"", "\" 1\"", "\"1,0\"", "\"１\"", "1.5", "\"-0\""};
                    final int field = r.nextInt(3);
                    final String body = "{\"accountId\":" + (field == 0 ? pick(accountIds) : "1") + ",\"asset\":"
                        + (field == 1 ? pick(assets) : "\"USDT\"") + ",\"amount\":" + (field == 2 ? pick(amounts) : "\"1\"") + "}";
                    return admin("admin: invalid balance change", "POST", pick(new String[] {"/admin/v1/deposits", "/admin/v1/withdrawals"}),
                        headers, body);
                }
                case 4, 5 -> {
                    final String[] names = {"\"\"", "\"" + "n".repeat(65) + "\"", "1", "[]", "null"};
                    final String[] countries = {"\"de\"", "\"DEU\"", "\"\"", "\"D1\"", "1", "null", "\"D\""};
                    final String[] tiers = {"-1", "1.5", "true", "\"x\"", "1099511627776", "null", "\"-1\"", "[]"};
                    final String[] keys = {"\"AAAA\"", "\"\"", "\"not a key\"", "1",
                        "\"-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----\""};
                    final String[] canTrade = {"\"yes\"", "1", "\"true\""};
                    final int field = r.nextInt(5);
                    String body = "{\"name\":" + (field == 0 ? pick(names) : "\"ok\"") + ",\"country\":" + (field == 1 ? pick(countries) : "\"DE\"")
                        + ",\"kycTier\":" + (field == 2 ? pick(tiers) : "1");
                    if (field == 3) {
                        body += ",\"ed25519PublicKey\":" + pick(keys);
                    } else if (field == 4) {
                        body += ",\"canTrade\":" + pick(canTrade);
                    }
                    return admin("admin: invalid account", "POST", "/admin/v1/accounts", headers, body + "}");
                }
                case 6 -> {
                    final String symbol = pick(new String[] {"NOPE", "btcusdt", "%00", "X".repeat(300), "BTCUSDT%20", "ETH-USDT", "%2F"});
                    return admin("admin: unknown symbol", "POST", "/admin/v1/symbols/" + symbol + (r.nextBoolean() ? "/halt" : "/resume"), headers,
                        null);
                }
                case 7 -> {
                    final String id = pick(new String[] {"abc", "-1", "1.5", "1e3", "%20", "99999999999999999999", "0x1", "+1", "%31"});
                    return admin("admin: bad account id", "POST", "/admin/v1/accounts/" + id + (r.nextBoolean() ? "/freeze" : "/unfreeze"), headers,
                        null);
                }
                default -> {
                    final byte[] junk = randomBytes(1 + r.nextInt(200));
                    junk[0] = '{';
                    return new Hostile("admin: binary body", http("POST", "/admin/v1/deposits", headers, junk), false, false, 0, false);
                }
            }
        }

        private Hostile admin(final String category, final String method, final String path, final List<String[]> headers, final String body) {
            return new Hostile(category, http(method, path, headers, body == null ? null : bytes(body)), false, false, 0, false);
        }

        private Hostile malformedHttp() {
            final String target = pick(new String[] {ORDER, "/api/v3/account", "/admin/v1/deposits"});
            final String[] raw = {
                "GARBAGE\r\n\r\n",
                "GET\r\n\r\n",
                "GET " + target + "\r\n\r\n",
                "GET " + target + " HTTP/1.1 extra\r\nHost: x\r\n\r\n",
                "GET " + target + " HTTP/1.1\r\nHost x\r\n\r\n",
                "GET " + target + " HTTP/1.1\r\n: empty\r\n\r\n",
                "GET " + target + " HTTP/1.1\r\nX-A\u0000B: b\r\n\r\n",
                "GET " + target + " HTTP/1.1\r\nX A: b\r\n\r\n",
                "POST " + target + " HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
                "POST " + target + " HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
                "POST " + target + " HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
                "POST " + target + " HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                "POST " + target + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
                "POST " + target + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\n\r\n",
                "GET " + target + " HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n  b\r\n\r\n",
                "GET " + target + " HTTP/1.1\nHost: x\n\n",
                "\u0001\u0002GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET " + target + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\nGET /admin/v1/health HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET  " + target + "  HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET " + target + "?a=b c HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET " + target + "\u0000 HTTP/1.1\r\nHost: x\r\n\r\n",
            };
            final int i = r.nextInt(raw.length + 2);
            if (i == raw.length) {
                return new Hostile("malformed HTTP: bad chunk", bytes("POST " + target + " HTTP/1.1\r\nHost: x\r\nContent-Type: " + FORM
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n" + pick(new String[] {"zz", "-1", "fffffffffffffffffff", "1;" + "x".repeat(9000)})
                    + "\r\nabc\r\n0\r\n\r\n"), false, true, 0, true);
            }
            if (i == raw.length + 1) {
                final StringBuilder many = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: x\r\n");
                for (int h = 0; h < 500 + r.nextInt(1000); h++) {
                    many.append("X-H").append(h).append(": v\r\n");
                }
                return new Hostile("malformed HTTP: many headers", bytes(many.append("\r\n").toString()), false, true, 0, false);
            }
            return new Hostile("malformed HTTP", raw[i].getBytes(StandardCharsets.ISO_8859_1), false, true, 0, false);
        }

        private Hostile publicBadParameter() {
            final String target = switch (r.nextInt(16)) {
                case 0 -> "/api/v3/depth?symbol=BTCUSDT&limit=" + pick(new String[] {"0", "-1", "abc", "1.5", "", "99999999999999999999999"});
                case 1 -> "/api/v3/depth";
                case 2 -> "/api/v3/klines?symbol=BTCUSDT&interval=" + enc(pick(new String[] {"7m", "1y", "", "1M1", "1m ", "60s", "1S", "1d\u0000"}));
                case 3 -> "/api/v3/klines?symbol=BTCUSDT";
                case 4 -> "/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=" + pick(new String[] {"0", "-5", "x", "1.0", ""});
                case 5 -> "/api/v3/ticker/24hr?symbols=" + enc(pick(new String[] {"[\"BTCUSDT\"", "[BTCUSDT]", "[\"BTCUSDT\",\"BTCUSDT\"]",
                    "[\"NOPE\"]", "BTCUSDT", "[\"BTCUSDT\",]", "[\"\"]", "[\"btcusdt\"]", "[]"}));
                case 6 -> "/api/v3/ticker/24hr?symbol=BTCUSDT&symbols=" + enc("[\"ETHUSDT\"]");
                case 7 -> "/api/v3/exchangeInfo?symbol=" + enc(pick(BAD_SYMBOLS));
                case 8 -> "/api/v3/trades?symbol=BTCUSDT&limit=" + pick(new String[] {"0", "-1", "x", "1e2", ""});
                case 9 -> "/api/v3/avgPrice";
                case 10 -> "/api/v3/aggTrades?symbol=BTCUSDT&" + pick(new String[] {"fromId", "startTime", "endTime", "limit"}) + "="
                    + pick(new String[] {"x", "-1", "1.5", ""});
                case 11 -> "/api/v3/ticker/price?symbol=" + enc(pick(BAD_SYMBOLS));
                case 12 -> "/api/v3/ticker/bookTicker?symbol=" + enc(pick(BAD_SYMBOLS));
                case 13 -> "/api/v3/ping?x=1";
                case 14 -> "/api/v3/time?" + word(1, 8, "abcdefgh") + "=1";
                default -> "/api/v3/userDataStream";
            };
            return new Hostile("public endpoint: bad parameter", http(target.endsWith("userDataStream") ? "POST" : "GET", target, List.of(), null),
                false, false, 0, false);
        }

        private byte[] randomBytes(final int n) {
            final byte[] b = new byte[n];
            r.nextBytes(b);
            return b;
        }
    }
}
