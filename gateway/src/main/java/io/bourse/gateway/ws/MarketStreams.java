package io.bourse.gateway.ws;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SystemEpochNanoClock;

import io.bourse.engine.Engine;
import io.bourse.engine.Event;
import io.bourse.journal.ParkUntilWoken;
import io.bourse.journal.ResultListener;
import io.bourse.marketdata.DepthSnapshot;
import io.bourse.marketdata.MarketDataProjector;
import io.bourse.marketdata.SymbolFormat;

/**
 * Binance's WebSocket market streams, wired in one place:
 * <pre>
 *  sequencer thread                 publisher thread                     event loops (one per core)
 *  ───────────────                  ────────────────                     ──────────────────────────
 *  {@link #consumer()} ─► projector ─► bounded queue ─► encode once per stream ─► one batch per cycle ─► per-loop queue
 *  (events of each command)      (immutable updates)  conflate, schedule         (shared buffers)      ─► subscribers
 * </pre>
 * The projector ({@link MarketDataProjector}) runs on the sequencer thread and hands immutable updates to the
 * {@link MarketStreamsPublisher}, which never blocks it; the publisher encodes and hands batches to each
 * {@link LoopFanout}, which writes them to its connections ({@link StreamConnection}) in order. The
 * {@link MarketStreamsEndpoint} accepts the connections. Slow clients, lost updates and failures close connections
 * with a status and a reason; they never slow the engine or other clients.
 *
 * <h2>Threads</h2>
 * {@link #bootstrap}, {@link #consumer()}'s calls and {@link #advanceTime} run on the sequencer thread (the first two in
 * one sequencer query, so that no command is missed or seen twice). {@link #depth}, {@link #stats()} and
 * {@link #endpoint()} are safe on any thread. {@link #start()} and {@link #close()} by the owner.
 */
public final class MarketStreams implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MarketStreams.class.getName());
    private static final long CLOSE_WAIT_MILLIS = 2_000;
    /** The publisher's longest park when nothing wakes it: how late a schedule (the 100 ms windows) may run. */
    private static final long PUBLISHER_MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final StreamStats stats = new StreamStats();
    private final MarketStreamsPublisher publisher;
    private final MarketDataProjector projector;
    private final MarketStreamsEndpoint endpoint;
    private final AgentRunner runner;
    private final ParkUntilWoken publisherIdle;
    private volatile boolean failed;
    private boolean started;
    private boolean closed;

    /**
     * Streams for the listed markets that {@code markets} describes.
     *
     * @param config  limits and timings
     * @param markets a listed symbol by name or id, with its number format (safe on any thread)
     */
    public MarketStreams(final MarketStreamsConfig config, final StreamRegistry.Markets markets) {
        final StreamRegistry registry = new StreamRegistry(markets);
        publisher = new MarketStreamsPublisher(registry, new SystemEpochNanoClock(), config.publisherQueueCapacity());
        projector = new MarketDataProjector(publisher);
        publisher.projector(projector);
        endpoint = new MarketStreamsEndpoint(config, registry, publisher, stats);
        // The sequencer thread wakes the publisher after each command's updates, so none waits out a park.
        publisherIdle = new ParkUntilWoken(ParkUntilWoken.DEFAULT_SPIN_CYCLES, PUBLISHER_MAX_PARK_NANOS, publisher::hasWork);
        runner = new AgentRunner(publisherIdle, this::onPublisherError, null, publisher);
    }

    /**
     * The markets of a symbol table given as functions (name to id, id to name, and formats); a convenience for
     * callers outside this package.
     *
     * @param idByName  the id of a symbol the engine names so, or -1
     * @param nameById  the engine's name of a symbol id, or null
     * @param formatById how a symbol's numbers are written, or null
     */
    public static StreamRegistry.Markets markets(final ToIntFunction<String> idByName,
        final IntFunction<String> nameById, final IntFunction<SymbolFormat> formatById) {
        return StreamRegistry.markets(name -> {
            final int id = idByName.applyAsInt(name);
            return id < 0 ? null : market(id, nameById, formatById);
        }, id -> market(id, nameById, formatById));
    }

    private static StreamRegistry.Market market(final int id, final IntFunction<String> nameById,
        final IntFunction<SymbolFormat> formatById) {
        final String name = nameById.apply(id);
        final SymbolFormat format = formatById.apply(id);
        return name == null || format == null ? null : new StreamRegistry.Market(id, name, format);
    }

    /**
     * Starts the projector from the engine's state and continues each symbol's aggregate trade ids after the history's
     * newest ({@code lastAggTradeIds}, by symbol id). Sequencer thread, in the same query that adds {@link #consumer()}.
     * If the engine's state cannot be projected, market data stays down (REST depth then answers from the engine).
     */
    public void bootstrap(final Engine engine, final Map<Integer, Long> lastAggTradeIds) {
        try {
            projector.bootstrap(engine);
            for (final Map.Entry<Integer, Long> last : lastAggTradeIds.entrySet()) {
                projector.seedAggTradeId(last.getKey(), last.getValue());
            }
        } catch (final RuntimeException e) {
            fail("cannot start market data from the engine's state", e);
        }
    }

    /** The consumer of every command's events, for the command bus. */
    public ResultListener consumer() {
        return this::onResult;
    }

    private void onResult(final long correlationId, final long seq, final long timestampNanos, final List<Event> events) {
        if (failed) {
            return;
        }
        try {
            projector.onCommand(seq, timestampNanos, events);
        } catch (final RuntimeException e) {
            fail("market data projection failed at command " + seq, e);
        }
        publisherIdle.wake();
    }

    /** Lets candles close and the 24-hour windows move without trades; sequencer thread, about once a second. */
    public void advanceTime(final long nowEpochNanos) {
        if (failed) {
            return;
        }
        try {
            projector.advanceTime(nowEpochNanos);
        } catch (final RuntimeException e) {
            fail("market data time tick failed", e);
        }
        publisherIdle.wake();
    }

    private void fail(final String what, final RuntimeException e) {
        LOG.log(Level.SEVERE, what + "; market streams are closed and REST depth answers from the engine", e);
        failed = true;
        endpoint.stopAccepting();
        publisher.fail();
        publisherIdle.wake();
    }

    private void onPublisherError(final Throwable error) {
        LOG.log(Level.SEVERE, "market data publisher failed; its state was reset and every client told to resync", error);
    }

    /** Whether market data is up. */
    public boolean healthy() {
        return !failed;
    }

    /**
     * A symbol's book with the update id its diffs use ({@code lastUpdateId}), or null if the symbol is unknown or
     * market data is down. Any thread.
     */
    public DepthSnapshot depth(final int symbolId, final int limit) {
        return failed ? null : projector.depth(symbolId, limit);
    }

    /** The projector (for tests and tools; its update methods belong to the sequencer thread). */
    public MarketDataProjector projector() {
        return projector;
    }

    /** The WebSocket endpoint for {@code /ws} and {@code /stream}. */
    public WebSocketGateway.Endpoint endpoint() {
        return endpoint;
    }

    /** Connection counters. */
    public StreamStats stats() {
        return stats;
    }

    /** Updates lost because the publisher fell behind (each loss closed every connection to resync). */
    public long droppedUpdates() {
        return publisher.droppedUpdates();
    }

    /** Starts the publisher thread. */
    public synchronized void start() {
        if (!started) {
            started = true;
            AgentRunner.startOnThread(runner);
        }
    }

    /**
     * Stops accepting, stops the publisher, sends every connection Binance's {@code serverShutdown} event and a close
     * (1001), and waits (briefly) until every loop has done so. Call it before the event loops stop. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        endpoint.stopAccepting();
        runner.close();
        publisher.control(FrameBatch.Control.SHUTDOWN);
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
        for (final LoopFanout loop : publisher.loops()) {
            try {
                loop.awaitShutdown(Math.max(0, deadline - System.nanoTime()));
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
