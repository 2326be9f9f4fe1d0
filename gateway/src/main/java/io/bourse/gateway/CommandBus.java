package io.bourse.gateway;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.bourse.engine.Command;
import io.bourse.engine.Engine;
import io.bourse.engine.Event;
import io.bourse.history.HistoryProjector;
import io.bourse.journal.LocalSequencer;
import io.bourse.journal.ResultListener;

/**
 * The gateway's link to the sequencer. {@link #submit} sends a command under a fresh correlation id and returns a
 * future of its outcome; {@link #onResult}, on the sequencer thread, hands each command's events to the gateway's
 * views (catalog, open-order details), completes the waiting request, then offers the events to the history
 * projection. A request whose command gets no answer within {@link #timeoutMillis} fails with {@code -1007}: its
 * outcome is unknown, and a later result for it is dropped.
 */
public final class CommandBus implements ResultListener {
    private static final System.Logger LOG = System.getLogger(CommandBus.class.getName());

    /**
     * A command's outcome.
     *
     * @param seq            its sequence number
     * @param timestampNanos its command time
     * @param events         what the engine did
     * @param closed         details of the orders that closed in it
     */
    public record Result(long seq, long timestampNanos, List<Event> events, Map<OpenOrderDetails.Key, OpenOrderDetails.Details> closed) {
        /** The command time in epoch milliseconds, Binance's {@code transactTime}. */
        public long transactTimeMillis() {
            return timestampNanos / 1_000_000;
        }
    }

    private record Pending(CompletableFuture<Result> future, long deadlineNanos, String cancelClientOrderId) {
    }

    /**
     * A consumer that also learns what only the request knew about its command: the client order id the request gave
     * to the orders it cancels ({@code newClientOrderId} of a cancel, {@code cancelNewClientOrderId} of a
     * cancel-replace), which the engine never sees but execution reports carry. Null when the command had none or its
     * request already timed out.
     */
    public interface NotedListener extends ResultListener {
        /** As {@link ResultListener#onResult}, with the cancel's client order id. */
        void onResult(long correlationId, long seq, long timestampNanos, List<Event> events, String cancelClientOrderId);

        @Override
        default void onResult(final long correlationId, final long seq, final long timestampNanos, final List<Event> events) {
            onResult(correlationId, seq, timestampNanos, events, null);
        }
    }

    private final Catalog catalog;
    private final OpenOrderDetails openOrders;
    private final HistoryProjector history;
    private final long timeoutMillis;
    private final AtomicLong nextCorrelation = new AtomicLong();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final List<ResultListener> consumers = new CopyOnWriteArrayList<>();
    private volatile LocalSequencer sequencer;

    /** A bus that keeps these views current; {@link #attach} it to the sequencer it listens to. */
    public CommandBus(final Catalog catalog, final OpenOrderDetails openOrders, final HistoryProjector history, final long timeoutMillis) {
        this.catalog = catalog;
        this.openOrders = openOrders;
        this.history = history;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Adds a consumer of every command's events (market data, user data streams), called on the sequencer thread, in
     * command order, after the gateway's views are updated and the waiting request is answered. It must be quick and
     * must not block: it delays every later command.
     */
    public void addConsumer(final ResultListener consumer) {
        consumers.add(consumer);
    }

    /** Connects the sequencer (created with this bus as its listener). */
    public void attach(final LocalSequencer value) {
        sequencer = value;
    }

    /** The sequencer. */
    public LocalSequencer sequencer() {
        return sequencer;
    }

    /** Submits a command; the future fails with {@code -1008} at once if the sequencer refuses it. */
    public CompletableFuture<Result> submit(final Command command) {
        return submit(command, null);
    }

    /**
     * Submits a command that cancels orders, with the client order id the request gives the canceled orders (for the
     * {@link NotedListener}s); the future fails with {@code -1008} at once if the sequencer refuses it.
     */
    public CompletableFuture<Result> submit(final Command command, final String cancelClientOrderId) {
        final long correlation = nextCorrelation.incrementAndGet();
        final CompletableFuture<Result> future = new CompletableFuture<>();
        pending.put(correlation, new Pending(future, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis), cancelClientOrderId));
        if (!sequencer.submit(correlation, command)) {
            pending.remove(correlation);
            future.completeExceptionally(ApiError.serverBusy().exception());
        }
        return future;
    }

    /** Runs a read-only function on the engine thread; the future fails with {@code -1008} if too many wait. */
    public <T> CompletableFuture<T> query(final Function<Engine, T> function) {
        final CompletableFuture<T> future = sequencer.query(function);
        return future != null ? future : CompletableFuture.failedFuture(ApiError.serverBusy().exception());
    }

    /** The last durable and applied sequence number. */
    public long durableSeq() {
        return sequencer.durableSeq();
    }

    @Override
    public void onResult(final long correlationId, final long seq, final long timestampNanos, final List<Event> events) {
        catalog.apply(events);
        final Map<OpenOrderDetails.Key, OpenOrderDetails.Details> closed = openOrders.apply(events);
        final Pending waiting = pending.remove(correlationId);
        if (waiting != null) {
            waiting.future().complete(new Result(seq, timestampNanos, events, closed));
        }
        final String cancelClientOrderId = waiting == null ? null : waiting.cancelClientOrderId();
        for (final ResultListener consumer : consumers) {
            try {
                if (consumer instanceof NotedListener noted) {
                    noted.onResult(correlationId, seq, timestampNanos, events, cancelClientOrderId);
                } else {
                    consumer.onResult(correlationId, seq, timestampNanos, events);
                }
            } catch (final RuntimeException e) {
                // A consumer is a view (streams, projections): its bug must not stop the sequencer, which would stop trading.
                LOG.log(System.Logger.Level.ERROR, "a consumer of seq " + seq + " failed: " + consumer, e);
            }
        }
        history.offer(seq, events);
    }

    /** Fails the requests whose commands took too long (called periodically). */
    public void expire() {
        final long now = System.nanoTime();
        pending.entrySet().removeIf(entry -> {
            if (now - entry.getValue().deadlineNanos() > 0) {
                entry.getValue().future().completeExceptionally(ApiError.timeout().exception());
                return true;
            }
            return false;
        });
    }

    /** Fails every waiting request (at shutdown). */
    public void failAll() {
        pending.values().forEach(p -> p.future().completeExceptionally(ApiError.timeout().exception()));
        pending.clear();
    }
}
