package io.bourse.journal;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import io.bourse.engine.Command;
import io.bourse.engine.CommandCodec;
import io.bourse.engine.Engine;
import io.bourse.engine.EventCollector;

/**
 * The embedded sequencer: producers write encoded commands into Agrona's {@link ManyToOneRingBuffer}; one thread
 * drains up to {@link Context#maxBatch} of them, gives each its sequence number and timestamp, appends the batch to
 * the journal, forces it to disk once (group commit), and only then applies the commands to the engine and hands
 * their events to the {@link ResultListener}. Snapshots are taken every N commands or T nanoseconds and written by a
 * background thread. When there is nothing to do it spins briefly, then parks until a producer wakes it (a submit or
 * query that finds it parked unparks it), so it neither burns a core nor makes a command wait out a park timeout.
 *
 * <p>Ring message: {@code correlation id (8 bytes) | command bytes ({@link CommandCodec})}.
 */
public final class LocalSequencer implements Sequencer {
    private static final int MESSAGE_TYPE_COMMAND = 1;
    /** Queries waiting for the sequencer thread; beyond this, {@link #query} refuses at once. */
    public static final int MAX_PENDING_QUERIES = 4096;
    /** Queries answered per duty cycle, so that reads cannot starve commands. */
    private static final int QUERIES_PER_CYCLE = 256;
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** Settings, checked once in {@link #conclude()}. */
    public static final class Context {
        private Path directory;
        private ResultListener listener;
        private boolean fsync = true;
        private long segmentBytes = JournalWriter.DEFAULT_SEGMENT_BYTES;
        private int ringBytes = 8 << 20;
        private int maxBatch = 512;
        private long snapshotEveryCommands = 1_000_000;
        private long snapshotEveryNanos = TimeUnit.MINUTES.toNanos(5);
        private long minFlushIntervalNanos;
        private EpochNanoClock clock = new SystemEpochNanoClock();
        /** Null: spin briefly, then park until a producer wakes the sequencer (see {@link ParkUntilWoken}). */
        private IdleStrategy idleStrategy;

        /** The data directory (journal segments and snapshots). */
        public Context directory(final Path value) {
            directory = value;
            return this;
        }

        /** Who hears the results. */
        public Context listener(final ResultListener value) {
            listener = value;
            return this;
        }

        /** Whether each batch is forced to disk (true unless measuring what durability costs). */
        public Context fsync(final boolean value) {
            fsync = value;
            return this;
        }

        /** Size at which a new journal segment starts. */
        public Context segmentBytes(final long value) {
            segmentBytes = value;
            return this;
        }

        /** Ring buffer capacity in bytes (a power of two); when it is full, submissions are refused. */
        public Context ringBytes(final int value) {
            ringBytes = value;
            return this;
        }

        /** The most commands in one group commit. */
        public Context maxBatch(final int value) {
            maxBatch = value;
            return this;
        }

        /** Snapshot after this many commands since the last one. */
        public Context snapshotEveryCommands(final long value) {
            snapshotEveryCommands = value;
            return this;
        }

        /** Snapshot after this much time since the last one (if anything happened). */
        public Context snapshotEveryNanos(final long value) {
            snapshotEveryNanos = value;
            return this;
        }

        /**
         * The least time between the starts of two group commits (0, the default: none). A batch that is ready sooner
         * after the last fsync began waits for the rest of this window, so that under load one fsync covers more
         * commands: fewer fsyncs (on a virtual disk each costs CPU as well as time) for at most this much added
         * latency. An idle sequencer, or one whose last fsync took longer than the window, commits at once.
         */
        public Context minFlushIntervalNanos(final long value) {
            minFlushIntervalNanos = value;
            return this;
        }

        /** Where command timestamps come from. */
        public Context clock(final EpochNanoClock value) {
            clock = value;
            return this;
        }

        /** How the sequencer thread waits when idle (by default it parks until a producer wakes it). */
        public Context idleStrategy(final IdleStrategy value) {
            idleStrategy = value;
            return this;
        }

        void conclude() {
            if (directory == null || listener == null) {
                throw new IllegalStateException("directory and listener are required");
            }
            if (Integer.bitCount(ringBytes) != 1 || maxBatch < 1 || snapshotEveryCommands < 1 || snapshotEveryNanos < 1) {
                throw new IllegalStateException("ringBytes must be a power of two; batch and snapshot intervals positive");
            }
        }
    }

    private final Context context;
    private final ManyToOneRingBuffer ring;
    private final Recovery.Recovered recovered;
    private final Engine engine;
    private final JournalWriter journal;
    private final AgentRunner runner;
    private final ExecutorService snapshotWriter = Executors.newSingleThreadExecutor(r -> {
        final Thread thread = new Thread(r, "bourse-snapshot-writer");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong durableSeq = new AtomicLong();
    /** Producers between their check of {@link #running} and the end of their claim or offer; close waits for none. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ManyToOneConcurrentArrayQueue<Query<?>> queries = new ManyToOneConcurrentArrayQueue<>(MAX_PENDING_QUERIES);
    private volatile boolean running = true;
    private volatile Throwable failure;
    /** The default idle strategy, which producers wake; null when the context gave another. */
    private final ParkUntilWoken parking;

    // Batch state, touched only by the sequencer thread.
    private final long[] batchCorrelation;
    private final long[] batchSeq;
    private final Command[] batchCommand;
    private int batchSize;
    private long lastTimestamp;
    private long batchTimestamp;
    private long lastSnapshotSeq;
    private long lastSnapshotNanos;
    private long lastFlushNanos;

    /** Recovers the state from the directory and starts the sequencer thread. */
    public LocalSequencer(final Context context) {
        context.conclude();
        this.context = context;
        this.recovered = Recovery.recover(context.directory);
        this.engine = recovered.engine();
        this.journal = new JournalWriter(context.directory, recovered.lastSeq(), recovered.chainHash(), context.segmentBytes,
            context.fsync);
        this.durableSeq.set(recovered.lastSeq());
        this.lastSnapshotSeq = recovered.snapshotSeq();
        this.lastSnapshotNanos = context.clock.nanoTime();
        this.ring = new ManyToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(context.ringBytes + RingBufferDescriptor.TRAILER_LENGTH)));
        this.batchCorrelation = new long[context.maxBatch];
        this.batchSeq = new long[context.maxBatch];
        this.batchCommand = new Command[context.maxBatch];
        // Parked at most 10 ms, so that time-based snapshots still happen on a quiet exchange.
        this.parking = context.idleStrategy != null ? null : new ParkUntilWoken(ParkUntilWoken.DEFAULT_SPIN_CYCLES, MAX_PARK_NANOS,
            () -> ring.producerPosition() != ring.consumerPosition() || !queries.isEmpty());
        this.runner = new AgentRunner(context.idleStrategy != null ? context.idleStrategy : parking, this::onAgentError, null,
            new SequencerAgent());
        AgentRunner.startOnThread(runner);
    }

    /** What recovery did at start (torn tail cut, damaged snapshots skipped). */
    public List<String> recoveryNotes() {
        return recovered.notes();
    }

    /** The last sequence number that is durable and applied. */
    public long durableSeq() {
        return durableSeq.get();
    }

    /** The failure that stopped the sequencer, or null. */
    public Throwable failure() {
        return failure;
    }

    /**
     * The engine; only for use once the sequencer is closed (it is owned by the sequencer thread while running).
     */
    public Engine engine() {
        if (running) {
            throw new IllegalStateException("the engine belongs to the sequencer thread while it runs");
        }
        return engine;
    }

    /**
     * Runs a read-only function against the engine on the sequencer thread, between batches, so it sees exactly the
     * state after the last applied command; the future completes on that thread (keep the function short, and never
     * change the engine in it). Returns null, at once, when too many queries wait or the sequencer is stopped.
     */
    public <T> CompletableFuture<T> query(final Function<Engine, T> function) {
        inFlight.incrementAndGet();
        try {
            if (!running) {
                return null;
            }
            final Query<T> query = new Query<>(function, new CompletableFuture<>());
            if (!queries.offer(query)) {
                return null;
            }
            wake();
            return query.result();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private record Query<T>(Function<Engine, T> function, CompletableFuture<T> result) {
        void run(final Engine engine) {
            try {
                result.complete(function.apply(engine));
            } catch (final RuntimeException e) {
                result.completeExceptionally(e);
            }
        }
    }

    @Override
    public boolean submit(final long correlationId, final Command command) {
        final byte[] bytes = CommandCodec.encode(command);
        inFlight.incrementAndGet();
        try {
            if (!running) {
                return false;
            }
            final int index = ring.tryClaim(MESSAGE_TYPE_COMMAND, Long.BYTES + bytes.length);
            if (index <= 0) {
                return false;
            }
            final var buffer = ring.buffer();
            buffer.putLong(index, correlationId);
            buffer.putBytes(index + Long.BYTES, bytes);
            ring.commit(index);
            wake();
            return true;
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        // Every submit or query that saw running == true has committed its claim or offer once this reaches zero, so
        // the final drain in onClose sees all of them: nothing accepted is dropped.
        while (inFlight.get() != 0) {
            Thread.onSpinWait();
        }
        runner.close();
        snapshotWriter.shutdown();
        try {
            if (!snapshotWriter.awaitTermination(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("snapshot writer did not finish");
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Unparks the sequencer thread if it is parked (after the caller made work visible: no wake-up is lost). */
    private void wake() {
        if (parking != null) {
            parking.wake();
        }
    }

    private void onAgentError(final Throwable error) {
        if (!(error instanceof AgentTerminationException)) {
            failure = error;
            running = false;
        }
    }

    private void onMessage(final int type, final DirectBuffer buffer, final int index, final int length) {
        final long correlation = buffer.getLong(index);
        final byte[] payload = new byte[length - Long.BYTES];
        buffer.getBytes(index + Long.BYTES, payload);
        final Command command = CommandCodec.decode(payload);
        final long seq = journal.lastSeq() + 1;
        journal.append(JournalFormat.TYPE_COMMAND, seq, batchTimestamp, payload);
        batchCorrelation[batchSize] = correlation;
        batchSeq[batchSize] = seq;
        batchCommand[batchSize] = command;
        batchSize++;
    }

    /** The duty cycle: drain a batch, make it durable, apply it, report it. */
    private final class SequencerAgent implements Agent {
        @Override
        public int doWork() {
            if (failure != null) {
                throw new AgentTerminationException("sequencer failed");
            }
            if (context.minFlushIntervalNanos > 0 && ring.producerPosition() != ring.consumerPosition()) {
                final long wait = lastFlushNanos + context.minFlushIntervalNanos - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait); // group commit window: let more commands join this fsync
                }
            }
            final long now = context.clock.nanoTime();
            batchTimestamp = Math.max(now, lastTimestamp);
            lastTimestamp = batchTimestamp;
            batchSize = 0;
            final int read = ring.read(LocalSequencer.this::onMessage, context.maxBatch);
            if (read == 0) {
                maybeSnapshot(now);
                return answerQueries();
            }
            lastFlushNanos = System.nanoTime();
            journal.flush();
            for (int i = 0; i < batchSize; i++) {
                final EventCollector events = new EventCollector();
                engine.apply(batchSeq[i], batchTimestamp, batchCommand[i], events);
                batchCommand[i] = null;
                durableSeq.lazySet(batchSeq[i]);
                context.listener.onResult(batchCorrelation[i], batchSeq[i], batchTimestamp, events.events());
            }
            maybeSnapshot(now);
            return read + answerQueries();
        }

        private int answerQueries() {
            return queries.drain(query -> query.run(engine), QUERIES_PER_CYCLE);
        }

        private void maybeSnapshot(final long now) {
            final long seq = journal.lastSeq();
            if (seq > lastSnapshotSeq
                && (seq - lastSnapshotSeq >= context.snapshotEveryCommands || now - lastSnapshotNanos >= context.snapshotEveryNanos)) {
                takeSnapshot(seq);
                lastSnapshotNanos = now;
            }
        }

        @Override
        public void onClose() {
            // Drain what producers already put in the ring, so that nothing submitted is dropped on a clean stop.
            while (failure == null && doWork() > 0) {
                Thread.onSpinWait();
            }
            journal.close();
            queries.drain(query -> query.result().completeExceptionally(new IllegalStateException("sequencer stopped")));
            if (failure == null && journal.lastSeq() > lastSnapshotSeq) {
                takeSnapshot(journal.lastSeq());
            }
        }

        @Override
        public String roleName() {
            return "bourse-sequencer";
        }
    }

    private void takeSnapshot(final long seq) {
        final byte[] state = engine.snapshot();
        final byte[] digest = Sha256.newDigest().digest(state);
        final byte[] chain = journal.chainHash();
        lastSnapshotSeq = seq;
        snapshotWriter.execute(() -> SnapshotStore.write(context.directory, seq, chain, digest, state));
    }
}
