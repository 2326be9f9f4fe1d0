package io.bourse.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bourse.engine.Command;
import io.bourse.engine.Engine;

/**
 * {@link Sequencer#submit}'s promise under a concurrent {@link LocalSequencer#close}: a submission that returned true
 * is heard by the listener exactly once, even when it raced with the close; likewise a query that was accepted (a
 * non-null future) is completed, normally or exceptionally.
 */
class LocalSequencerCloseTest {
    @TempDir
    Path temp;

    @Test
    void everyAcceptedSubmissionIsReportedWhenCloseRacesWithProducers() throws Exception {
        final int rounds = 30;
        long lost = 0;
        final StringBuilder detail = new StringBuilder();
        for (int round = 0; round < rounds; round++) {
            final Path directory = temp.resolve("round-" + round);
            final AtomicLong results = new AtomicLong();
            final AtomicLong accepted = new AtomicLong();
            final LocalSequencer sequencer = new LocalSequencer(new LocalSequencer.Context().directory(directory).fsync(false)
                .listener((correlation, seq, ts, events) -> results.incrementAndGet()));
            final Thread[] producers = new Thread[3];
            for (int p = 0; p < producers.length; p++) {
                final int producer = p;
                producers[p] = new Thread(() -> {
                    long n = 0;
                    while (true) {
                        if (sequencer.submit(producer * 1_000_000_000L + n++, new Command.CreateAccount(n, 0, "DE", 1))) {
                            accepted.incrementAndGet();
                        } else if (sequencer.failure() != null || n > 5_000_000) {
                            return;
                        } else {
                            // refused: full, or closed; stop once closed
                            try {
                                sequencer.engine();
                                return;
                            } catch (final IllegalStateException running) {
                                Thread.onSpinWait();
                            }
                        }
                    }
                });
                producers[p].start();
            }
            LockSupport.parkNanos(2_000_000L + round * 300_000L);
            sequencer.close();
            for (final Thread producer : producers) {
                producer.join();
            }
            assertThat(sequencer.failure()).isNull();
            if (results.get() != accepted.get()) {
                lost += accepted.get() - results.get();
                detail.append(String.format("round %d: %d accepted, %d reported, durable seq %d%n", round, accepted.get(), results.get(),
                    sequencer.durableSeq()));
            }
        }
        assertThat(lost).as("submissions accepted but never reported:%n%s", detail).isZero();
    }

    @Test
    void everyAcceptedQueryIsCompletedWhenCloseRacesWithIt() throws Exception {
        long pending = 0;
        for (int round = 0; round < 30; round++) {
            final LocalSequencer sequencer = new LocalSequencer(new LocalSequencer.Context().directory(temp.resolve("q-" + round))
                .fsync(false).listener((correlation, seq, ts, events) -> { }));
            final List<CompletableFuture<Long>> futures = Collections.synchronizedList(new ArrayList<>());
            final Thread[] askers = new Thread[3];
            for (int a = 0; a < askers.length; a++) {
                askers[a] = new Thread(() -> {
                    for (int n = 0; n < 2_000_000; n++) {
                        final CompletableFuture<Long> future = sequencer.query(Engine::lastSequence);
                        if (future != null) {
                            futures.add(future);
                        } else {
                            try {
                                sequencer.engine();
                                return; // closed
                            } catch (final IllegalStateException running) {
                                Thread.onSpinWait(); // queue full
                            }
                        }
                    }
                });
                askers[a].start();
            }
            LockSupport.parkNanos(2_000_000L + round * 300_000L);
            sequencer.close();
            for (final Thread asker : askers) {
                asker.join();
            }
            Thread.sleep(50);
            pending += futures.stream().filter(future -> !future.isDone()).count();
        }
        assertThat(pending).as("queries accepted (non-null future) but never completed").isZero();
    }
}
