package io.bourse.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Snapshots capture everything that affects behaviour: at random points of a random command stream the engine is
 * snapshotted and restored (on {@link FastOrderBook}s and on {@link ReferenceOrderBook}s); the copies must have the
 * original's digest and snapshot bytes, and then, fed the same next few thousand commands as the original, must emit
 * the same events and end with the same digest. The stream then goes on with the restored copy, so later snapshots
 * are of engines that were themselves restored. Also: the same stream from scratch gives the same digest, and a
 * different stream a different one.
 */
class SnapshotRoundTripTest {
    private static final long[] SEEDS = {11L, 12L, -13L, 14L};
    private static final int COMMANDS = 60_000;

    @Test
    void restoredEngineBehavesExactlyLikeTheOriginal() {
        for (final long seed : SEEDS) {
            final int restores = roundTrips(seed, COMMANDS);
            assertThat(restores).as("snapshots taken for seed %d", seed).isGreaterThan(3);
        }
    }

    private static int roundTrips(final long seed, final int commands) {
        final SplittableRandom points = new SplittableRandom(seed * 31 + 7);
        final RandomCommandGenerator generator = new RandomCommandGenerator(seed);
        final StreamStats stats = new StreamStats();
        Engine engine = new Engine();
        // First on the empty engine, then right after the setup commands, then at random points.
        long nextSnapshot = 0;
        long index = 0;
        int restores = 0;
        while (index < commands) {
            if (index != nextSnapshot) {
                final RandomCommandGenerator.Step step = generator.next();
                final List<Event> events = engine.apply(step.seq(), step.timestampNanos(), step.command());
                generator.observe(events);
                stats.count(events);
                index++;
                continue;
            }
            final String where = "seed " + seed + " snapshot before command index " + index;
            final byte[] snapshot = engine.snapshot();
            final byte[] digest = engine.digest();
            final Engine restored = Engine.restore(snapshot);
            final Engine restoredOnReference = Engine.restore(snapshot, spec -> new ReferenceOrderBook());
            assertThat(restored.digest()).as(where + ": digest of the restored engine").isEqualTo(digest);
            assertThat(restored.snapshot()).as(where + ": snapshot of the restored engine").isEqualTo(snapshot);
            assertThat(restoredOnReference.digest()).as(where + ": digest of the engine restored on reference books").isEqualTo(digest);
            assertThat(restored.lastSequence()).as(where + ": last sequence").isEqualTo(engine.lastSequence());
            if (invariantsHold(engine)) {
                restored.checkInvariants();
                restoredOnReference.checkInvariants();
            }

            final int window = 1_000 + points.nextInt(3_000);
            for (int k = 0; k < window && index < commands; k++, index++) {
                final RandomCommandGenerator.Step step = generator.next();
                final List<Event> original = engine.apply(step.seq(), step.timestampNanos(), step.command());
                final List<Event> copy = restored.apply(step.seq(), step.timestampNanos(), step.command());
                final List<Event> referenceCopy = restoredOnReference.apply(step.seq(), step.timestampNanos(), step.command());
                if (!original.equals(copy)) {
                    throw new AssertionError(where + ", restored engine diverged:\n"
                        + DifferentialTest.divergence(seed, index, step, original, copy));
                }
                if (!original.equals(referenceCopy)) {
                    throw new AssertionError(where + ", engine restored on reference books diverged:\n"
                        + DifferentialTest.divergence(seed, index, step, original, referenceCopy));
                }
                generator.observe(original);
                stats.count(original);
            }
            final String after = where + ", after " + window + " more commands";
            if (invariantsHold(engine)) {
                restored.checkInvariants();
            }
            assertThat(restored.digest()).as(after + ": digest of the restored engine").isEqualTo(engine.digest());
            assertThat(restoredOnReference.digest()).as(after + ": digest of the reference copy").isEqualTo(engine.digest());
            engine = restored;
            restores++;
            nextSnapshot = restores == 1 ? Math.max(index, 150) : index + points.nextInt(2_000, 9_000);
        }
        System.out.println("SnapshotRoundTripTest " + restores + " round trips, " + stats.summary(seed));
        return restores;
    }

    @Test
    void sameStreamGivesTheSameDigestAndAnotherStreamAnother() {
        final int commands = 20_000;
        final Run first = runFromScratch(77, commands, null);
        final Run second = runFromScratch(77, commands, null);
        assertThat(second.digest()).as("digest of the same stream, run twice").isEqualTo(first.digest());
        assertThat(second.eventsHash()).as("events of the same stream, run twice").isEqualTo(first.eventsHash());

        final Run other = runFromScratch(78, commands, null);
        assertThat(other.digest()).as("digest of another seed's stream").isNotEqualTo(first.digest());

        final Run oneMoreUnit = runFromScratch(77, commands, new Command.Deposit(5, 0, 1, "one more"));
        assertThat(oneMoreUnit.digest()).as("digest after one extra minor unit").isNotEqualTo(first.digest());
        final Run newTier = runFromScratch(77, commands, new Command.SetFeeTier(40, 123, 456));
        assertThat(newTier.digest()).as("digest after a new fee tier").isNotEqualTo(first.digest());
        final Run newAccount = runFromScratch(77, commands, new Command.CreateAccount(500, 0, "NL", 1));
        assertThat(newAccount.digest()).as("digest after a new account").isNotEqualTo(first.digest());
    }

    @Test
    void emptyEngineRoundTrips() {
        final Engine engine = new Engine();
        final Engine restored = Engine.restore(engine.snapshot());
        assertThat(restored.digest()).isEqualTo(engine.digest());
        assertThat(restored.snapshot()).isEqualTo(engine.snapshot());
        assertThat(new Engine().digest()).isEqualTo(engine.digest());
    }

    /**
     * Whether the engine passes its own invariant checks; the restored copies are held to them only then, so that this
     * test reports snapshot problems and leaves engine bugs to {@link DifferentialTest}.
     */
    private static boolean invariantsHold(final Engine engine) {
        try {
            engine.checkInvariants();
            return true;
        } catch (final RuntimeException e) {
            return false;
        }
    }

    private record Run(byte[] digest, int eventsHash) {
    }

    /** Feeds a fresh engine {@code commands} commands of the seed's stream, then {@code extra} if given. */
    private static Run runFromScratch(final long seed, final int commands, final Command extra) {
        final Engine engine = new Engine();
        final RandomCommandGenerator generator = new RandomCommandGenerator(seed);
        int eventsHash = 1;
        long seq = 0;
        long timestamp = 0;
        for (int i = 0; i < commands; i++) {
            final RandomCommandGenerator.Step step = generator.next();
            final List<Event> events = engine.apply(step.seq(), step.timestampNanos(), step.command());
            generator.observe(events);
            eventsHash = 31 * eventsHash + events.hashCode();
            seq = step.seq();
            timestamp = step.timestampNanos();
        }
        if (extra != null) {
            final List<Event> events = engine.apply(seq + 1, timestamp, extra);
            assertThat(events).as("events of %s", extra).isNotEmpty().noneMatch(e -> e instanceof Event.CommandRejected);
        }
        return new Run(engine.digest(), eventsHash);
    }
}
