package io.bourse.history;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.bourse.engine.Event;
import io.bourse.journal.Recovery;

/**
 * Projects the engine's events into a {@link HistoryStore} on a thread of its own, so that the database never slows
 * the sequencer down, until it falls far behind.
 *
 * <p>The sequencer thread {@link #offer}s each command's events into a bounded queue ({@link #QUEUE_CAPACITY}); when
 * the queue is full, {@code offer} blocks: a slow database applies back-pressure instead of growing memory. The
 * projector's thread takes whatever is queued (at most {@link #MAX_BATCH_COMMANDS}), applies it and commits it in one
 * transaction, and starts over, at most one transaction per {@link #MIN_COMMIT_INTERVAL_NANOS}: under load
 * transactions grow, when idle each command is committed at once, and no commit ever waits for a batch to fill.
 * Readers that must see their own write wait with {@link #awaitSeq}.
 *
 * <p>A failing transaction is retried ({@link #MAX_ATTEMPTS} attempts over about 16 seconds, reconnecting). If it
 * still fails, the projector stops: later offers are dropped rather than blocked, {@link #awaitSeq} returns false,
 * {@link #failure()} says why, and the history stays a consistent prefix of the journal, completed by
 * {@link #catchUp} at the next start.
 *
 * <p>Start-up: create the projector, {@link #catchUp} from the data directory (the journal's events after the store's
 * last projected sequence number), then start the sequencer with a listener that offers to the projector.
 */
public final class HistoryProjector implements AutoCloseable {
    /** Commands waiting for the database at most; beyond this, {@link #offer} blocks the sequencer. */
    public static final int QUEUE_CAPACITY = 16_384;
    /** Commands in one transaction at most. */
    public static final int MAX_BATCH_COMMANDS = 4_096;
    /** Attempts of one transaction before the projector gives up. */
    public static final int MAX_ATTEMPTS = 10;
    /**
     * The least time between the starts of two transactions. A command that comes sooner after the last one waits for
     * the rest of this interval, so that under load a transaction carries many commands (each one's fixed cost, and
     * every index page it writes, shared by more rows) and the database work comes in fewer, larger steps; after a
     * quiet spell a command is committed at once.
     */
    static final long MIN_COMMIT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private static final System.Logger LOG = System.getLogger(HistoryProjector.class.getName());
    private static final long FIRST_BACKOFF_MILLIS = 50;
    private static final long MAX_BACKOFF_MILLIS = 5_000;
    private static final long OFFER_CHECK_MILLIS = 100;
    private static final Item STOP = new Item(-1, List.of());

    private record Item(long seq, List<Event> events) {
    }

    private final HistoryStore store;
    private final BlockingQueue<Item> queue;
    private final int maxBatch;
    private final int maxAttempts;
    private final long firstBackoffMillis;
    private final Thread thread;
    private final Object progress = new Object();
    private volatile long projectedSeq;
    private volatile Throwable failure;
    private volatile boolean closed;
    /** Set by the first live offer; catch-up must come before it. */
    private volatile boolean offered;

    /** Starts projecting into {@code store}, which the projector now owns (and closes). */
    public HistoryProjector(final HistoryStore store) {
        this(store, QUEUE_CAPACITY, MAX_BATCH_COMMANDS, MAX_ATTEMPTS, FIRST_BACKOFF_MILLIS);
    }

    /** For tests: a smaller queue and batch, fewer and quicker retries. */
    HistoryProjector(final HistoryStore store, final int queueCapacity, final int maxBatch, final int maxAttempts,
        final long firstBackoffMillis) {
        this.store = store;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.maxBatch = maxBatch;
        this.maxAttempts = maxAttempts;
        this.firstBackoffMillis = firstBackoffMillis;
        this.projectedSeq = store.lastProjectedSeq();
        this.thread = new Thread(this::run, "bourse-history-projector");
        thread.setDaemon(true);
        thread.start();
    }

    /** The store; for queries. */
    public HistoryStore store() {
        return store;
    }

    /**
     * Queues one command's events, in sequence order, from the sequencer's thread. Blocks while the queue is full;
     * returns at once (dropping them) once the projector has failed.
     */
    public void offer(final long seq, final List<Event> events) {
        offered = true;
        enqueue(seq, events);
    }

    private void enqueue(final long seq, final List<Event> events) {
        if (closed) {
            throw new IllegalStateException("the history projector is closed");
        }
        final Item item = new Item(seq, events);
        try {
            while (failure == null && !queue.offer(item, OFFER_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                // full: the database is behind; wait for it (back-pressure), unless it has failed meanwhile
                continue;
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(new IllegalStateException("interrupted while offering seq " + seq + " to the history", e));
        }
    }

    /** The last sequence number whose events are visible to queries. */
    public long projectedSeq() {
        return projectedSeq;
    }

    /** Why the projector stopped, or null while it runs. */
    public Throwable failure() {
        return failure;
    }

    /**
     * Waits until the events of {@code seq} are visible to queries (read-your-writes). Returns false on timeout, on
     * interrupt (with the flag kept), or if the projector has failed.
     */
    public boolean awaitSeq(final long seq, final long timeoutMillis) {
        if (projectedSeq >= seq) {
            return true;
        }
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (progress) {
            while (projectedSeq < seq) {
                final long remaining = deadline - System.nanoTime();
                if (failure != null || remaining <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, remaining);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Brings the store up to the journal in {@code dataDirectory}: replays (from the newest snapshot at or before the
     * store's last projected sequence number) and projects the events of every command after it, and returns when they
     * are committed. Runs once, before any {@link #offer}. Returns the projected sequence number.
     */
    public long catchUp(final Path dataDirectory) {
        if (offered) {
            throw new IllegalStateException("catchUp must run before live events are offered");
        }
        final long after = projectedSeq;
        if (!Files.isDirectory(dataDirectory)) {
            return after;
        }
        final SeqGroupingSink sink = new SeqGroupingSink(this::enqueue);
        final Recovery.Recovered recovered = Recovery.catchUp(dataDirectory, after, sink);
        sink.finish();
        if (recovered.lastSeq() < after) {
            LOG.log(System.Logger.Level.WARNING, "the history is at seq " + after + " but the journal in " + dataDirectory
                + " ends at seq " + recovered.lastSeq() + ": wrong data directory?");
        }
        final long target = sink.lastSeq();
        while (target > projectedSeq) {
            if (awaitSeq(target, OFFER_CHECK_MILLIS)) {
                break;
            }
            if (failure != null) {
                throw new HistoryStoreException("history catch-up failed", failure);
            }
        }
        LOG.log(System.Logger.Level.INFO, "history caught up from seq " + after + " to seq " + projectedSeq);
        return projectedSeq;
    }

    /** Projects what was offered, commits it, stops the thread and closes the store. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            while (thread.isAlive() && !queue.offer(STOP, OFFER_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                continue;
            }
            thread.join();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            store.close();
        }
    }

    private void run() {
        final List<Item> batch = new ArrayList<>(maxBatch);
        long lastCommit = System.nanoTime() - MIN_COMMIT_INTERVAL_NANOS;
        try {
            while (true) {
                batch.add(queue.take());
                final long wait = lastCommit + MIN_COMMIT_INTERVAL_NANOS - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait); // under load: gather more commands into this transaction
                }
                lastCommit = System.nanoTime();
                queue.drainTo(batch, maxBatch - 1);
                final boolean stop = batch.get(batch.size() - 1) == STOP;
                if (stop) {
                    batch.remove(batch.size() - 1);
                }
                if (!batch.isEmpty()) {
                    project(batch);
                }
                batch.clear();
                if (stop) {
                    return;
                }
            }
        } catch (final InterruptedException e) {
            fail(e);
        } catch (final RuntimeException | Error e) {
            fail(e);
        }
    }

    /** Applies and commits one batch, retrying with backoff (the store forgets a failed transaction; re-applying is safe). */
    private void project(final List<Item> batch) throws InterruptedException {
        long backoff = firstBackoffMillis;
        for (int attempt = 1;; attempt++) {
            try {
                for (final Item item : batch) {
                    store.apply(item.seq(), item.events());
                }
                store.flush();
                final long seq = store.lastProjectedSeq();
                synchronized (progress) {
                    projectedSeq = seq;
                    progress.notifyAll();
                }
                return;
            } catch (final HistoryStoreException e) {
                if (attempt >= maxAttempts) {
                    throw e;
                }
                LOG.log(System.Logger.Level.WARNING, "history projection failed (attempt " + attempt + " of " + maxAttempts
                    + "), retrying in " + backoff + " ms: " + e.getMessage());
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
    }

    private void fail(final Throwable cause) {
        if (failure == null) {
            failure = cause;
            LOG.log(System.Logger.Level.ERROR, "the history projector stopped at seq " + projectedSeq
                + "; the history will catch up from the journal at the next start", cause);
        }
        queue.clear();
        synchronized (progress) {
            progress.notifyAll();
        }
    }
}
