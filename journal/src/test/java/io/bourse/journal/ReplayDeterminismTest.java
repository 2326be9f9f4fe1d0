package io.bourse.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bourse.engine.Command;
import io.bourse.engine.DiscardingEventSink;
import io.bourse.engine.Engine;
import io.bourse.engine.Event;
import io.bourse.engine.EventCollector;

/**
 * A journal written by a {@link LocalSequencer} under a concurrent load, with the sequencer's own snapshots, replayed
 * in every way recovery can: twice from zero, from each snapshot alone, and to intermediate points. All must agree
 * on the state digest, and on the events, with each other and with what the live sequencer reported.
 */
class ReplayDeterminismTest {
    private static final int PRODUCERS = 3;
    private static final int PER_PRODUCER = 4_000;
    private static final long SNAPSHOT_EVERY = 1_500;

    @TempDir
    static Path shared;
    @TempDir
    Path temp;

    private static Path journal;
    /** seq to events hash, as the live sequencer reported them. */
    private static final Map<Long, String> LIVE = new ConcurrentHashMap<>();
    private static String liveDigest;
    private static long lastSeq;

    @BeforeAll
    static void writeJournal() throws InterruptedException {
        journal = shared.resolve("journal");
        final ResultListener listener = (correlation, seq, ts, events) -> LIVE.put(seq, JournalTestSupport.eventsHash(events));
        final LocalSequencer sequencer = new LocalSequencer(new LocalSequencer.Context().directory(journal).listener(listener)
            .fsync(false).segmentBytes(64 << 10).snapshotEveryCommands(SNAPSHOT_EVERY).maxBatch(64));
        try {
            long correlation = 0;
            for (final Command command : JournalTestSupport.setup()) {
                submit(sequencer, correlation++, command);
            }
            final List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                final int producer = p;
                final Thread thread = new Thread(() -> {
                    final JournalTestSupport.CommandMix mix = new JournalTestSupport.CommandMix(100 + producer, "p" + producer);
                    for (int i = 0; i < PER_PRODUCER; i++) {
                        submit(sequencer, 1_000_000L * (producer + 1) + i, mix.next());
                    }
                });
                thread.start();
                producers.add(thread);
            }
            for (final Thread thread : producers) {
                thread.join();
            }
            final long expected = JournalTestSupport.setup().size() + (long)PRODUCERS * PER_PRODUCER;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (LIVE.size() < expected && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            sequencer.close();
            assertThat(sequencer.failure()).isNull();
            assertThat(LIVE).hasSize((int)expected);
            liveDigest = sequencer.engine().digestHex();
            lastSeq = sequencer.durableSeq();
        } finally {
            sequencer.close();
        }
        assertThat(JournalReader.segments(journal)).hasSizeGreaterThan(5);
        assertThat(SnapshotStore.list(journal)).hasSizeGreaterThanOrEqualTo(5);
    }

    private static void submit(final LocalSequencer sequencer, final long correlation, final Command command) {
        while (!sequencer.submit(correlation, command)) {
            LockSupport.parkNanos(20_000);
        }
    }

    @Test
    void replayingTwiceFromZeroGivesTheSameStateAndEventsAsTheLiveRun() {
        final Map<Long, String> first = new TreeMap<>();
        final JournalTestSupport.Replay one = JournalTestSupport.replayFromZero(journal, Long.MAX_VALUE,
            (seq, payload, command, events, engine) -> first.put(seq, JournalTestSupport.eventsHash(events)));
        final Map<Long, String> second = new TreeMap<>();
        final JournalTestSupport.Replay two = JournalTestSupport.replayFromZero(journal, Long.MAX_VALUE,
            (seq, payload, command, events, engine) -> second.put(seq, JournalTestSupport.eventsHash(events)));
        assertThat(one.engine().digestHex()).isEqualTo(two.engine().digestHex()).isEqualTo(liveDigest);
        assertThat(first).isEqualTo(second).isEqualTo(new TreeMap<>(LIVE));
        assertThat(one.scan().lastSeq()).isEqualTo(lastSeq);
        one.engine().checkInvariants();
        // And through Recovery, from the newest snapshot, twice.
        final Recovery.Recovered once = Recovery.recover(journal, Long.MAX_VALUE, false, DiscardingEventSink.INSTANCE);
        final Recovery.Recovered twice = Recovery.recover(journal, Long.MAX_VALUE, false, DiscardingEventSink.INSTANCE);
        assertThat(once.snapshotSeq()).isPositive();
        assertThat(once.engine().digestHex()).isEqualTo(twice.engine().digestHex()).isEqualTo(liveDigest);
    }

    @Test
    void eachSnapshotAloneRestoresTheStateOfAReplayFromZero() throws IOException {
        final List<String> notes = new ArrayList<>();
        final List<SnapshotStore.Snapshot> snapshots = SnapshotStore.allValid(journal, notes);
        assertThat(notes).isEmpty();
        // The digest of a replay from zero at each snapshot's seq.
        final Map<Long, String> atSeq = new TreeMap<>();
        for (final SnapshotStore.Snapshot snapshot : snapshots) {
            atSeq.put(snapshot.seq(), null);
        }
        JournalTestSupport.replayFromZero(journal, Long.MAX_VALUE, (seq, payload, command, events, engine) -> {
            if (atSeq.containsKey(seq)) {
                atSeq.put(seq, engine.digestHex());
            }
        });
        for (final SnapshotStore.Snapshot snapshot : snapshots) {
            final Engine restored = Engine.restore(snapshot.state());
            assertThat(restored.digestHex()).as("snapshot %d restored", snapshot.seq()).isEqualTo(atSeq.get(snapshot.seq()));
            assertThat(restored.digest()).isEqualTo(snapshot.digest());
            restored.checkInvariants();

            final Path copy = JournalTestSupport.copyDirectory(journal, temp.resolve("only-" + snapshot.seq()));
            for (final Path other : SnapshotStore.list(copy)) {
                if (!other.getFileName().equals(snapshot.file().getFileName())) {
                    Files.delete(other);
                }
            }
            final Recovery.Recovered recovered = Recovery.recover(copy, Long.MAX_VALUE, false, DiscardingEventSink.INSTANCE);
            assertThat(recovered.snapshotSeq()).isEqualTo(snapshot.seq());
            assertThat(recovered.engine().digestHex()).as("snapshot %d plus replay", snapshot.seq()).isEqualTo(liveDigest);
        }
        // No snapshot at all: a replay from zero through Recovery.
        final Path none = JournalTestSupport.copyDirectory(journal, temp.resolve("none"));
        for (final Path file : SnapshotStore.list(none)) {
            Files.delete(file);
        }
        final Recovery.Recovered fromZero = Recovery.recover(none, Long.MAX_VALUE, false, DiscardingEventSink.INSTANCE);
        assertThat(fromZero.snapshotSeq()).isZero();
        assertThat(fromZero.engine().digestHex()).isEqualTo(liveDigest);
    }

    @Test
    void recoveryToIntermediatePointsMatchesAReplayFromZeroInStateAndEvents() {
        final Random random = new Random(5);
        final List<Long> points = new ArrayList<>(List.of(1L, (long)JournalTestSupport.setup().size(), lastSeq - 1, lastSeq));
        for (final SnapshotStore.Snapshot snapshot : SnapshotStore.allValid(journal, new ArrayList<>())) {
            points.add(snapshot.seq());
            points.add(snapshot.seq() + 1);
            points.add(snapshot.seq() - 1);
        }
        for (int i = 0; i < 6; i++) {
            points.add(1 + random.nextLong(lastSeq));
        }
        final Map<Long, String> digestAt = new TreeMap<>();
        final Map<Long, String> eventsAt = new TreeMap<>();
        for (final long point : points) {
            if (point >= 1 && point <= lastSeq) {
                digestAt.put(point, null);
            }
        }
        JournalTestSupport.replayFromZero(journal, Long.MAX_VALUE, (seq, payload, command, events, engine) -> {
            eventsAt.put(seq, JournalTestSupport.eventsHash(events));
            if (digestAt.containsKey(seq)) {
                digestAt.put(seq, engine.digestHex());
            }
        });
        for (final long point : digestAt.keySet()) {
            final EventCollector collector = new EventCollector();
            final Recovery.Recovered recovered = Recovery.recover(journal, point, false, collector);
            assertThat(recovered.lastSeq()).isEqualTo(point);
            assertThat(recovered.snapshotSeq()).isLessThanOrEqualTo(point);
            assertThat(recovered.engine().lastSequence()).isEqualTo(point);
            assertThat(recovered.engine().digestHex()).as("recovery to seq %d from snapshot %d", point, recovered.snapshotSeq())
                .isEqualTo(digestAt.get(point));
            // The replayed tail emits exactly the events a replay from zero emits for those seqs.
            final Map<Long, List<Event>> bySeq = new TreeMap<>();
            for (final Event event : collector.events()) {
                bySeq.computeIfAbsent(event.seq(), k -> new ArrayList<>()).add(event);
            }
            for (long seq = recovered.snapshotSeq() + 1; seq <= point; seq++) {
                assertThat(JournalTestSupport.eventsHash(bySeq.getOrDefault(seq, List.of()))).as("events of seq %d", seq)
                    .isEqualTo(eventsAt.get(seq));
            }
            assertThat(bySeq.keySet()).allMatch(seq -> seq > recovered.snapshotSeq() && seq <= point);
        }
    }

    @Test
    void catchUpEmitsExactlyTheEventsAfterItsStartingPoint() {
        final Map<Long, String> eventsAt = new TreeMap<>();
        JournalTestSupport.replayFromZero(journal, Long.MAX_VALUE,
            (seq, payload, command, events, engine) -> eventsAt.put(seq, JournalTestSupport.eventsHash(events)));
        final List<Long> points = new ArrayList<>(List.of(0L, 1L, lastSeq - 1, lastSeq));
        for (final SnapshotStore.Snapshot snapshot : SnapshotStore.allValid(journal, new ArrayList<>())) {
            points.add(snapshot.seq());
            points.add(snapshot.seq() + 17);
        }
        for (final long after : points) {
            if (after > lastSeq) {
                continue;
            }
            final EventCollector collector = new EventCollector();
            final Recovery.Recovered caughtUp = Recovery.catchUp(journal, after, collector);
            assertThat(caughtUp.snapshotSeq()).isLessThanOrEqualTo(after);
            assertThat(caughtUp.lastSeq()).isEqualTo(lastSeq);
            assertThat(caughtUp.engine().digestHex()).isEqualTo(liveDigest);
            final Map<Long, List<Event>> bySeq = new TreeMap<>();
            for (final Event event : collector.events()) {
                bySeq.computeIfAbsent(event.seq(), k -> new ArrayList<>()).add(event);
            }
            assertThat(bySeq.keySet()).as("seqs whose events a catch-up after %d emits", after).allMatch(seq -> seq > after);
            for (long seq = after + 1; seq <= lastSeq; seq++) {
                assertThat(JournalTestSupport.eventsHash(bySeq.getOrDefault(seq, List.of()))).as("events of seq %d after %d", seq, after)
                    .isEqualTo(eventsAt.get(seq));
            }
        }
    }
}
