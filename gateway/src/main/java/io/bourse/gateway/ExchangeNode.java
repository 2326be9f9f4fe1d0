package io.bourse.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.bourse.engine.Command;
import io.bourse.engine.Engine;
import io.bourse.engine.Event;
import io.bourse.engine.OpenOrder;
import io.bourse.engine.SymbolSpec;
import io.bourse.gateway.ws.ListenKeyStreams;
import io.bourse.gateway.ws.MarketStreams;
import io.bourse.gateway.ws.MarketStreamsConfig;
import io.bourse.gateway.ws.Outbox;
import io.bourse.gateway.ws.UserDataStreams;
import io.bourse.gateway.ws.WebSocketApi;
import io.bourse.gateway.ws.WebSocketGateway;
import io.bourse.history.AggTradeRecord;
import io.bourse.history.HistoryProjector;
import io.bourse.history.TradeRecord;
import io.bourse.journal.LocalSequencer;
import io.bourse.marketdata.SymbolFormat;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.agrona.concurrent.SystemEpochNanoClock;

/**
 * One exchange process, wired in one place. In start order:
 * <ol>
 *   <li>the data directory, the admin token and the API keys;</li>
 *   <li>the history projection, caught up with the journal before anything new happens;</li>
 *   <li>the {@link LocalSequencer} (which recovers the engine from snapshot and journal), whose results go to the
 *       {@link CommandBus}: it updates the gateway's views, answers the waiting request, and offers the events to the
 *       history projection;</li>
 *   <li>genesis on an empty journal (assets, fee tier, symbols, funded demo accounts with API keys), or the markets
 *       file's new assets and symbols on an existing one;</li>
 *   <li>the market streams ({@link MarketStreams}): the market data projector, bootstrapped from the engine and added
 *       as a consumer of the bus in one sequencer query (no command missed or seen twice), and its publisher thread;</li>
 *   <li>the rate limiter, the routes, and the Vert.x HTTP server (one port, one server per event loop), with the
 *       WebSocket endpoints.</li>
 * </ol>
 * {@link #close()} stops in reverse: the market streams (clients are told the server shuts down), the HTTP server (no
 * new requests), then the sequencer (which finishes what it took and writes a final snapshot), then the history.
 */
public final class ExchangeNode implements AutoCloseable {
    /** The admin token's file in the data directory. */
    public static final String ADMIN_TOKEN_FILE = "admin-token";
    private static final Logger LOG = Logger.getLogger(ExchangeNode.class.getName());
    private static final long START_TIMEOUT_SECONDS = 60;
    /**
     * The sequencer's group commit window: under load at most one fsync per half millisecond, so that each covers more
     * commands (on a virtual disk an fsync costs CPU as well as time). An idle exchange commits a command at once.
     */
    private static final long GROUP_COMMIT_WINDOW_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

    private final NodeConfig config;
    private final String adminToken;
    private final ApiKeyStore keys;
    private final HistoryProjector history;
    private final LocalSequencer sequencer;
    private final CommandBus bus;
    private final MarketStreams marketStreams;
    private final Vertx vertx;
    private final int port;
    private final List<String> recoveryNotes;
    private boolean closed;

    private ExchangeNode(final NodeConfig config) throws InterruptedException, ExecutionException, TimeoutException {
        this.config = config;
        final Path dataDir = config.dataDir();
        try {
            Files.createDirectories(dataDir);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot create " + dataDir, e);
        }
        adminToken = config.adminToken() != null ? config.adminToken() : adminTokenOf(dataDir);
        keys = ApiKeyStore.open(dataDir);
        history = HistoryProjections.open(config);
        history.catchUp(dataDir);

        final Catalog catalog = Catalog.empty();
        final OpenOrderDetails openOrders = new OpenOrderDetails();
        bus = new CommandBus(catalog, openOrders, history, config.commandTimeoutMillis());
        sequencer = new LocalSequencer(new LocalSequencer.Context().directory(dataDir).listener(bus).fsync(config.fsync())
            .minFlushIntervalNanos(GROUP_COMMIT_WINDOW_NANOS));
        bus.attach(sequencer);
        recoveryNotes = sequencer.recoveryNotes();
        boolean started = false;
        Vertx startedVertx = null;
        MarketStreams streams = null;
        try {
            wait(bus.query(catalog::load));
            final boolean genesis = sequencer.durableSeq() == 0;
            final Markets markets = Markets.load(config.marketsFile());
            for (final Command command : markets.commands(catalog, genesis)) {
                expectApplied(command);
            }
            if (genesis) {
                createDemoAccounts(markets, catalog);
            }
            final UserDataStreams userData = new UserDataStreams(catalog);
            rememberOpenOrders(catalog, openOrders, userData);
            // From here on, every command's events also feed the user data streams.
            bus.addConsumer(userData);
            for (final Catalog.Market market : catalog.markets()) {
                final List<TradeRecord> last = history.store().trades(market.id(), null, 1);
                if (!last.isEmpty()) {
                    catalog.lastTradeMillis(market.id(), last.get(0).timeMillis());
                }
            }
            // Binance's per-IP handshake limit is a rate limit: it follows the node's switch, as the REST limits do.
            final MarketStreamsConfig streamsConfig = config.rateLimits().enabled() ? config.marketStreams()
                : config.marketStreams().withConnectionsPerIpPer5Minutes(0);
            streams = new MarketStreams(streamsConfig, MarketStreams.markets(name -> {
                final Catalog.Market m = catalog.market(name);
                return m == null ? -1 : m.id();
            }, id -> {
                final Catalog.Market m = catalog.market(id);
                return m == null ? null : m.name();
            }, id -> {
                final Catalog.Market m = catalog.market(id);
                return m == null ? null : new SymbolFormat(m.quote().scale(), m.base().scale());
            }));
            startMarketStreams(streams, catalog);
            final MarketStreams marketStreams = streams;
            final long firstFreeAccount = wait(bus.query(engine -> {
                final long[] ids = engine.accountIds();
                return ids.length == 0 ? 1 : ids[ids.length - 1] + 1;
            }));

            final RateLimiter limiter = new RateLimiter(config.rateLimits());
            final ListenKeys listenKeys = new ListenKeys();
            final long wait = config.historyWaitMillis();
            final Router router = new Router();
            new MarketEndpoints(catalog, bus, marketStreams::depth, history, config.rateLimits(), wait).register(router);
            new OrderEndpoints(catalog, bus, openOrders, history, limiter, wait).register(router);
            new AccountEndpoints(catalog, bus, history, listenKeys, wait).register(router);
            new AdminEndpoints(catalog, bus, keys, history, firstFreeAccount).register(router);
            final Auth auth = new Auth(keys, System::currentTimeMillis);
            final ApiServer api = new ApiServer(router, auth, limiter, adminToken, System::currentTimeMillis);
            // WebSocket endpoints (market streams, listenKey user data streams, the WebSocket API); NONE refuses with 404.
            final ListenKeyStreams listenKeyStreams = new ListenKeyStreams(userData, key -> listenKeys.accountOf(key, System.currentTimeMillis()),
                System::currentTimeMillis, Outbox.DEFAULT_MAX_QUEUED);
            listenKeys.onEnded(listenKeyStreams::onKeyEnded);
            final WebSocketGateway.Endpoint wsApi = new WebSocketApi(router, auth, limiter, userData, System::currentTimeMillis,
                Outbox.DEFAULT_MAX_QUEUED);
            final WebSocketGateway webSockets = new WebSocketGateway(marketStreams.endpoint(), listenKeyStreams, wsApi,
                key -> listenKeys.accountOf(key, System.currentTimeMillis()));

            startedVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(config.eventLoops()).setWorkerPoolSize(8)
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false)));
            final Vertx v = startedVertx;
            v.setPeriodic(100, id -> bus.expire());
            v.setPeriodic(60_000, id -> listenKeys.purge(System.currentTimeMillis()));
            // Candles close and 24-hour windows move without trades: the projector's time, on the sequencer thread.
            final SystemEpochNanoClock clock = new SystemEpochNanoClock();
            v.setPeriodic(1_000, id -> bus.query(engine -> {
                marketStreams.advanceTime(clock.nanoTime());
                return null;
            }));
            final int maxFrame = config.marketStreams().maxFrameBytes();
            final HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setTcpNoDelay(true).setMaxInitialLineLength(8192)
                .setMaxHeaderSize(16384).setIdleTimeout(300).setDecompressionSupported(false).setMaxWebSocketFrameSize(maxFrame)
                .setMaxWebSocketMessageSize(maxFrame);
            final int[] bound = {config.port() != 0 ? config.port() : freePort(config.host())};
            // One server per event loop, all on the same port (Vert.x shares it between them).
            wait(v.deployVerticle(() -> new ServerVerticle(api, webSockets, new HttpServerOptions(options).setPort(bound[0]), bound),
                new DeploymentOptions().setInstances(config.eventLoops())));
            port = bound[0];
            vertx = startedVertx;
            this.marketStreams = marketStreams;
            started = true;
        } finally {
            if (!started) {
                if (streams != null) {
                    streams.close();
                }
                if (startedVertx != null) {
                    startedVertx.close();
                }
                sequencer.close();
                history.close();
            }
        }
    }

    /** Starts a node; it serves until {@link #close()}. */
    public static ExchangeNode start(final NodeConfig config) {
        try {
            return new ExchangeNode(config);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        } catch (final ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the exchange did not start: " + e.getMessage(), e);
        }
    }

    /** One HTTP server on one event loop. */
    private static final class ServerVerticle extends io.vertx.core.VerticleBase {
        private final ApiServer api;
        private final WebSocketGateway webSockets;
        private final HttpServerOptions options;
        private final int[] bound;

        ServerVerticle(final ApiServer api, final WebSocketGateway webSockets, final HttpServerOptions options, final int[] bound) {
            this.api = api;
            this.webSockets = webSockets;
            this.options = options;
            this.bound = bound;
        }

        @Override
        public Future<?> start() {
            // The WebSocket handshake handler also matters to plain HTTP: without one Vert.x answers a request line with an
            // unknown HTTP version itself, with a bare 501; with one, the request reaches us.
            final HttpServer server = vertx.createHttpServer(options).requestHandler(api::handle).invalidRequestHandler(api::handleInvalid)
                .webSocketHandshakeHandler(webSockets::handshake);
            return server.listen().onSuccess(s -> bound[0] = s.actualPort());
        }
    }

    /**
     * Bootstraps the projector from the engine and adds it to the bus in one sequencer query (queries run between
     * batches, so no command is missed or seen twice), then starts the publisher. Aggregate trade ids continue after the
     * history's newest.
     */
    private void startMarketStreams(final MarketStreams streams, final Catalog catalog)
        throws InterruptedException, ExecutionException, TimeoutException {
        final Map<Integer, Long> lastAggTradeIds = new HashMap<>();
        for (final Catalog.Market market : catalog.markets()) {
            final List<AggTradeRecord> last = history.store().aggTrades(market.id(), null, null, null, 1);
            if (!last.isEmpty()) {
                lastAggTradeIds.put(market.id(), last.get(last.size() - 1).aggId());
            }
        }
        wait(bus.query(engine -> {
            streams.bootstrap(engine, lastAggTradeIds);
            bus.addConsumer(streams.consumer());
            return null;
        }));
        streams.start();
    }

    private void createDemoAccounts(final Markets markets, final Catalog catalog) throws InterruptedException, ExecutionException,
        TimeoutException {
        long accountId = 1;
        for (final Markets.DemoAccount demo : markets.demoAccounts()) {
            expectApplied(new Command.CreateAccount(accountId, 0, demo.country(), demo.kycTier()));
            for (final var balance : demo.balances().entrySet()) {
                final Catalog.Asset asset = catalog.asset(balance.getKey());
                if (asset == null) {
                    throw new IllegalArgumentException("demo account " + demo.name() + " holds unknown asset " + balance.getKey());
                }
                expectApplied(new Command.Deposit(accountId, asset.id(), Markets.units(balance.getValue(), asset), "genesis"));
            }
            keys.add(new ApiKey(ApiKeyStore.randomToken(), accountId, demo.name(), ApiKeyStore.randomToken(), null, true, true));
            accountId++;
        }
    }

    /** Remembers the details of the orders open after recovery (the self-trade prevention mode comes from the history). */
    private void rememberOpenOrders(final Catalog catalog, final OpenOrderDetails openOrders, final UserDataStreams userData)
        throws InterruptedException, ExecutionException, TimeoutException {
        final List<OpenOrder> open = wait(bus.query(engine -> {
            final List<OpenOrder> all = new ArrayList<>();
            for (final int symbolId : engine.symbolIds()) {
                all.addAll(engine.openOrders(symbolId, -1));
            }
            return all;
        }));
        for (final OpenOrder o : open) {
            final SymbolSpec spec = catalog.market(o.symbolId()).spec();
            final var record = history.store().order(o.symbolId(), o.accountId(), o.orderId(), null);
            final OpenOrderDetails.Details details = new OpenOrderDetails.Details(o.symbolId(), o.orderId(), o.accountId(), o.clientOrderId(),
                o.side(), o.type(), o.timeInForce(), o.price(), o.origQty(), record.map(r -> r.origQuoteOrderQty()).orElse(0L), o.stopPrice(),
                record.map(r -> r.stpMode()).orElse(spec.defaultStpMode()), o.acceptedNanos(),
                record.map(r -> r.workingTimeMillis() < 0 ? -1 : r.workingTimeMillis() * 1_000_000)
                    .orElse(o.type().isConditional() ? -1 : o.acceptedNanos()));
            openOrders.put(details);
            userData.remember(o, details);
        }
    }

    private void expectApplied(final Command command) throws InterruptedException, ExecutionException, TimeoutException {
        final CommandBus.Result result = wait(bus.submit(command));
        for (final Event event : result.events()) {
            if (event instanceof Event.CommandRejected rejected) {
                throw new IllegalArgumentException("the engine refused " + command + ": " + rejected.reason().message());
            }
        }
    }

    private static <T> T wait(final CompletableFuture<T> future) throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private static <T> T wait(final Future<T> future) throws InterruptedException, ExecutionException, TimeoutException {
        return future.toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** A port that is free now (for "any port": the servers must all ask for the same number to share it). */
    private static int freePort(final String host) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException("no free port on " + host, e);
        }
    }

    /** The token in the data directory, created (random, owner-only) on first use. */
    private static String adminTokenOf(final Path dataDir) {
        final Path file = dataDir.resolve(ADMIN_TOKEN_FILE);
        try {
            if (Files.exists(file)) {
                final String token = Files.readString(file).trim();
                if (!token.isEmpty()) {
                    return token;
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        final String token = ApiKeyStore.random(48);
        ApiKeyStore.writeAtomically(file, token + "\n");
        return token;
    }

    /** The HTTP port. */
    public int port() {
        return port;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
    public String url() {
        return "http://" + config.host() + ":" + port;
    }

    /** The admin API's token. */
    public String adminToken() {
        return adminToken;
    }

    /** The demo accounts' keys (with their secrets). */
    public List<ApiKey> demoKeys() {
        return keys.all().stream().filter(ApiKey::demo).toList();
    }

    /** What recovery did at start. */
    public List<String> recoveryNotes() {
        return recoveryNotes;
    }

    /** The WebSocket market streams (their counters, for tests and operators). */
    public MarketStreams marketStreams() {
        return marketStreams;
    }

    /** The configuration it runs with. */
    public NodeConfig config() {
        return config;
    }

    /** The state digest of the engine, read on its thread. */
    public String stateDigest() {
        try {
            return wait(bus.query(Engine::digestHex));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (final ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops serving, then stops the sequencer (final snapshot) and the history. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        marketStreams.close();
        try {
            wait(vertx.close());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (final ExecutionException | TimeoutException e) {
            LOG.log(Level.WARNING, "HTTP server did not close cleanly", e);
        }
        sequencer.close();
        bus.failAll();
        history.close();
    }
}
