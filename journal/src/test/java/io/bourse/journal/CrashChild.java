package io.bourse.journal;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.bourse.engine.Command;
import io.bourse.engine.Event;

/**
 * The process {@link CrashRecoveryTest} kills: recovers the data directory, prints what it recovered, opens a
 * {@link LocalSequencer} on it and drives a seeded command load from several producer threads, printing one line per
 * acknowledged result. Lines (each flushed at once):
 * <pre>
 *   NOTE &lt;recovery note&gt;
 *   RECOVERED &lt;lastSeq&gt; &lt;digestHex&gt; &lt;snapshotSeq&gt;
 *   OPENED &lt;number of notes of the sequencer's own recovery&gt;   (followed by SEQNOTE lines)
 *   ACK &lt;correlationId&gt; &lt;seq&gt; &lt;events hash&gt; &lt;command hash&gt;
 *   FINAL &lt;lastSeq&gt; &lt;digestHex&gt;                           (mode "final" only, after a clean close)
 *   FAILED &lt;reason&gt;
 * </pre>
 * Arguments: directory, run number, seed, mode ({@code kill}: run until killed; {@code final}: submit a fixed number
 * of commands, close cleanly and exit), commands per producer in final mode.
 */
public final class CrashChild {
    static final int PRODUCERS = 3;
    static final int WINDOW = 100;
    static final long SEGMENT_BYTES = 256 << 10;
    static final long SNAPSHOT_EVERY = 3_000;
    private static final long RUN_STRIDE = 10_000_000_000L;
    private static final long PRODUCER_STRIDE = 1_000_000_000L;
    private static final int SETUP_PRODUCER = 9;

    private static PrintStream out;

    private CrashChild() {
    }

    public static void main(final String[] args) throws Exception {
        out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), false, StandardCharsets.UTF_8);
        final Path directory = Path.of(args[0]);
        final int run = Integer.parseInt(args[1]);
        final long seed = Long.parseLong(args[2]);
        final boolean finalRun = "final".equals(args[3]);
        final int perProducer = args.length > 4 ? Integer.parseInt(args[4]) : Integer.MAX_VALUE;
        try {
            drive(directory, run, seed, finalRun, perProducer);
        } catch (final Throwable e) {
            final StringWriter text = new StringWriter();
            e.printStackTrace(new PrintWriter(text));
            line("FAILED " + text.toString().replace('\n', '|'));
            System.exit(3);
        }
        System.exit(0);
    }

    private static synchronized void line(final String text) {
        out.print(text);
        out.print('\n');
        out.flush();
    }

    private static void drive(final Path directory, final int run, final long seed, final boolean finalRun, final int perProducer)
        throws InterruptedException, IOException {
        final Recovery.Recovered recovered = Recovery.recover(directory);
        for (final String note : recovered.notes()) {
            line("NOTE " + note.replace('\n', ' '));
        }
        final boolean needsSetup = !JournalTestSupport.setupDone(recovered.engine());
        line("RECOVERED " + recovered.lastSeq() + " " + recovered.engine().digestHex() + " " + recovered.snapshotSeq());

        final Semaphore[] windows = new Semaphore[10];
        for (int i = 0; i < windows.length; i++) {
            windows[i] = new Semaphore(WINDOW);
        }
        final ConcurrentHashMap<Long, String> commandHashes = new ConcurrentHashMap<>();
        final ResultListener listener = (correlation, seq, timestamp, events) -> {
            final String commandHash = commandHashes.remove(correlation);
            line("ACK " + correlation + " " + seq + " " + eventsHash(events) + " " + commandHash);
            windows[(int)(correlation / PRODUCER_STRIDE % 10)].release();
        };
        final LocalSequencer sequencer = new LocalSequencer(new LocalSequencer.Context().directory(directory).listener(listener)
            .fsync(true).segmentBytes(SEGMENT_BYTES).snapshotEveryCommands(SNAPSHOT_EVERY).ringBytes(1 << 20));
        line("OPENED " + sequencer.recoveryNotes().size());
        for (final String note : sequencer.recoveryNotes()) {
            line("SEQNOTE " + note.replace('\n', ' '));
        }
        if (sequencer.durableSeq() != recovered.lastSeq()) {
            throw new IllegalStateException("the sequencer recovered to " + sequencer.durableSeq() + ", not " + recovered.lastSeq());
        }
        if (needsSetup) {
            long correlation = run * RUN_STRIDE + SETUP_PRODUCER * PRODUCER_STRIDE;
            for (final Command command : JournalTestSupport.setup()) {
                submit(sequencer, windows[SETUP_PRODUCER], commandHashes, correlation++, command);
            }
            awaitWindow(sequencer, windows[SETUP_PRODUCER]);
        }
        final Thread[] producers = new Thread[PRODUCERS];
        for (int p = 0; p < PRODUCERS; p++) {
            final int producer = p;
            producers[p] = new Thread(() -> {
                final JournalTestSupport.CommandMix mix = new JournalTestSupport.CommandMix(seed * 31 + run * 7L + producer,
                    "r" + run + "p" + producer);
                final long base = run * RUN_STRIDE + producer * PRODUCER_STRIDE;
                for (int n = 0; n < perProducer && sequencer.failure() == null; n++) {
                    submit(sequencer, windows[producer], commandHashes, base + n, mix.next());
                }
            }, "producer-" + p);
            producers[p].setDaemon(true);
            producers[p].start();
        }
        for (final Thread producer : producers) {
            while (producer.isAlive()) {
                producer.join(100);
                checkAlive(sequencer);
            }
        }
        for (int p = 0; p < PRODUCERS; p++) {
            awaitWindow(sequencer, windows[p]);
        }
        sequencer.close();
        checkAlive(sequencer);
        sequencer.engine().checkInvariants();
        line("FINAL " + sequencer.durableSeq() + " " + sequencer.engine().digestHex());
        if (!finalRun) {
            throw new IllegalStateException("a kill-mode run ran out of commands");
        }
    }

    private static void submit(final LocalSequencer sequencer, final Semaphore window, final ConcurrentHashMap<Long, String> commandHashes,
        final long correlation, final Command command) {
        window.acquireUninterruptibly();
        commandHashes.put(correlation, JournalTestSupport.commandHash(command));
        while (!sequencer.submit(correlation, command)) {
            if (sequencer.failure() != null) {
                return;
            }
            LockSupport.parkNanos(10_000);
        }
    }

    private static void awaitWindow(final LocalSequencer sequencer, final Semaphore window) throws InterruptedException {
        while (!window.tryAcquire(WINDOW, 100, TimeUnit.MILLISECONDS)) {
            checkAlive(sequencer);
        }
        window.release(WINDOW);
    }


    private static void checkAlive(final LocalSequencer sequencer) {
        if (sequencer.failure() != null) {
            throw new IllegalStateException("sequencer failed", sequencer.failure());
        }
    }

    private static String eventsHash(final List<Event> events) {
        return JournalTestSupport.eventsHash(events);
    }
}
