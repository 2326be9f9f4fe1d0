package io.bourse.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.bourse.engine.Engine;

/**
 * Kills a child JVM running a {@link LocalSequencer} with SIGKILL at random moments, many times, restarting it on the
 * same directory each time (sometimes with a torn partial record appended to the journal, as a crash mid-write leaves
 * it), and then checks from the outside that: every acknowledged command is in the journal with the same result;
 * no sequence number was ever acknowledged twice (nothing acknowledged was lost and reused); every recovery's state
 * equals a clean replay from zero to the same sequence number; every record decodes, the replay's invariants hold and
 * the last run's final state equals the clean replay's. Reproduce a run with {@code -Dbourse.crash.seed=<seed>}.
 */
@Tag("slow")
class CrashRecoveryTest {
    private static final int MIN_KILLS = 24;
    private static final long LOAD_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(45);
    private static final int FINAL_PER_PRODUCER = 1_000;

    @TempDir
    Path temp;

    /** One acknowledged result as the child printed it. */
    private record Ack(int run, long correlation, long seq, String eventsHash, String commandHash) {
    }

    /** One recovery as the child printed it. */
    private record Recovered(int run, long lastSeq, String digest, long snapshotSeq, List<String> notes) {
    }

    /** What one child run printed. */
    private static final class RunOutput {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger acks = new AtomicInteger();
        volatile boolean recovered;
    }

    @Test
    @Timeout(value = 170, unit = TimeUnit.SECONDS)
    void acknowledgedCommandsSurviveRepeatedSigkill() throws Exception {
        final long seed = Long.getLong("bourse.crash.seed", System.nanoTime());
        System.out.println("CrashRecoveryTest seed " + seed + " (rerun with -Dbourse.crash.seed=" + seed + ")");
        final Random random = new Random(seed);
        final Path directory = temp.resolve("data");
        Files.createDirectories(directory);

        final Map<Long, Ack> acksBySeq = new HashMap<>();
        final Map<Long, Ack> acksByCorrelation = new HashMap<>();
        final List<Recovered> recoveries = new ArrayList<>();
        long maxAckedSeq = 0;
        int kills = 0;
        int torn = 0;
        int tornSeen = 0;
        boolean tornPending = false;
        int run = 0;
        final long start = System.nanoTime();
        final List<String> killLog = new ArrayList<>();
        while (kills < MIN_KILLS || (System.nanoTime() - start < LOAD_BUDGET_NANOS && kills < 2 * MIN_KILLS)) {
            final RunOutput output = new RunOutput();
            final Process process = startChild(directory, run, seed, false, output);
            final Thread reader = readLines(process, output);
            final int strategy = random.nextInt(100);
            final String how;
            if (strategy < 15) {
                final long delay = 50 + random.nextInt(700);
                Thread.sleep(delay);
                how = "after " + delay + " ms from start";
            } else {
                awaitRecovered(process, output, run);
                if (strategy < 60) {
                    final int target = random.nextInt(4_000);
                    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (output.acks.get() < target && process.isAlive() && System.nanoTime() < deadline) {
                        Thread.sleep(0, 200_000);
                    }
                    how = "after " + output.acks.get() + " acks (target " + target + ")";
                } else {
                    final long delay = random.nextInt(1_500);
                    Thread.sleep(delay);
                    how = "after " + delay + " ms of load";
                }
            }
            final boolean wasAlive = process.isAlive();
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(10_000);
            kills++;
            killLog.add("run " + run + ": killed " + how + (wasAlive ? "" : " (had already exited " + process.exitValue() + ")"));

            final Recovered recovered = parse(run, output.lines, acksBySeq, acksByCorrelation, recoveries);
            if (recovered != null && tornPending) {
                assertThat(recovered.notes()).as("run %d recovered after a torn record was appended", run)
                    .anyMatch(note -> note.contains("torn tail"));
                tornSeen++;
            }
            tornPending = false;
            if (recovered != null) {
                assertThat(recovered.lastSeq()).as("run %d recovered to %d but seq %d had been acknowledged before (seed %d)", run,
                    recovered.lastSeq(), maxAckedSeq, seed).isGreaterThanOrEqualTo(maxAckedSeq);
            }
            maxAckedSeq = Math.max(maxAckedSeq, acksBySeq.keySet().stream().mapToLong(Long::longValue).max().orElse(0));
            if (random.nextInt(100) < 30 && appendTornRecord(directory, random)) {
                torn++;
                tornPending = true;
                killLog.add("run " + run + ": appended a torn record");
            }
            run++;
        }

        // The last run: a fixed load, a clean close, its final state printed.
        final RunOutput output = new RunOutput();
        final Process process = startChild(directory, run, seed, true, output);
        final Thread reader = readLines(process, output);
        assertThat(process.waitFor(80, TimeUnit.SECONDS)).as("final run finished").isTrue();
        reader.join(10_000);
        assertThat(process.exitValue()).as("final run exit code; output tail %s", tail(output.lines)).isZero();
        final Recovered lastRecovery = parse(run, output.lines, acksBySeq, acksByCorrelation, recoveries);
        assertThat(lastRecovery).isNotNull();
        assertThat(lastRecovery.lastSeq()).isGreaterThanOrEqualTo(maxAckedSeq);
        final String[] fin = output.lines.stream().filter(l -> l.startsWith("FINAL ")).findFirst().orElseThrow().split(" ");
        final long finalSeq = Long.parseLong(fin[1]);
        final String finalDigest = fin[2];

        if (tornPending) {
            assertThat(lastRecovery.notes()).as("final run recovered after a torn record was appended").anyMatch(n -> n.contains("torn tail"));
            tornSeen++;
        }

        // (a), (b), (c): one clean replay from zero over the whole journal, checking acks and recovery points on the way.
        final Map<Long, List<Recovered>> recoveriesBySeq = new TreeMap<>();
        for (final Recovered r : recoveries) {
            recoveriesBySeq.computeIfAbsent(r.lastSeq(), k -> new ArrayList<>()).add(r);
        }
        final String emptyDigest = new Engine().digestHex();
        for (final Recovered r : recoveriesBySeq.getOrDefault(0L, List.of())) {
            assertThat(r.digest()).as("run %d recovered an empty journal", r.run()).isEqualTo(emptyDigest);
        }
        final AtomicInteger matchedAcks = new AtomicInteger();
        final AtomicInteger matchedRecoveries = new AtomicInteger(recoveriesBySeq.getOrDefault(0L, List.of()).size());
        final JournalTestSupport.Replay replay = JournalTestSupport.replayFromZero(directory, Long.MAX_VALUE,
            (seq, payload, command, events, engine) -> {
                final Ack ack = acksBySeq.get(seq);
                if (ack != null) {
                    assertThat(JournalTestSupport.eventsHash(events)).as("events of acknowledged seq %d (run %d, seed %d): %s", seq,
                        ack.run(), seed, events).isEqualTo(ack.eventsHash());
                    assertThat(JournalTestSupport.shortHash(payload)).as("command journaled at acknowledged seq %d", seq)
                        .isEqualTo(ack.commandHash());
                    matchedAcks.incrementAndGet();
                }
                final List<Recovered> here = recoveriesBySeq.get(seq);
                if (here != null) {
                    final String digest = engine.digestHex();
                    for (final Recovered r : here) {
                        assertThat(r.digest()).as("state recovered by run %d at seq %d (snapshot %d, seed %d)", r.run(), seq,
                            r.snapshotSeq(), seed).isEqualTo(digest);
                        matchedRecoveries.incrementAndGet();
                    }
                }
            });
        assertThat(replay.scan().torn()).as("journal after a clean close").isFalse();
        assertThat(matchedAcks.get()).as("acknowledged seqs found in the journal").isEqualTo(acksBySeq.size());
        assertThat(matchedRecoveries.get()).as("recoveries checked against the clean replay").isEqualTo(recoveries.size());
        replay.engine().checkInvariants();
        assertThat(replay.scan().lastSeq()).isEqualTo(finalSeq);
        assertThat(replay.engine().digestHex()).as("final state of the last run vs clean replay").isEqualTo(finalDigest);
        assertThat(Recovery.recover(directory).engine().digestHex()).as("recovery from the newest snapshot").isEqualTo(finalDigest);

        final long fromSnapshot = recoveries.stream().filter(r -> r.snapshotSeq() > 0).count();
        System.out.println("CrashRecoveryTest: " + kills + " kills, " + torn + " torn tails appended (" + tornSeen + " seen cut), "
            + recoveries.size()
            + " recoveries (" + fromSnapshot + " from a snapshot), " + acksBySeq.size() + " acks checked, " + finalSeq + " records in "
            + JournalReader.segments(directory).size() + " segments, " + SnapshotStore.list(directory).size() + " snapshots, "
            + (System.nanoTime() - start) / 1_000_000 + " ms");
        killLog.forEach(line -> System.out.println("  " + line));
        assertThat(fromSnapshot).as("recoveries that restored a snapshot").isPositive();
    }

    private Process startChild(final Path directory, final int run, final long seed, final boolean finalRun, final RunOutput output)
        throws IOException {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-cp", System.getProperty("java.class.path"),
            CrashChild.class.getName(),
            directory.toString(), Integer.toString(run), Long.toString(seed), finalRun ? "final" : "kill"));
        if (finalRun) {
            command.add(Integer.toString(FINAL_PER_PRODUCER));
        }
        return new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(temp.resolve("child-stderr.txt").toFile()))
            .start();
    }

    private static Thread readLines(final Process process, final RunOutput output) {
        final Thread thread = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.lines.add(line);
                    if (line.startsWith("ACK ")) {
                        output.acks.incrementAndGet();
                    } else if (line.startsWith("RECOVERED ")) {
                        output.recovered = true;
                    }
                }
            } catch (final IOException e) {
                // the child was killed mid-line; what was read is kept
            }
        }, "child-reader");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void awaitRecovered(final Process process, final RunOutput output, final int run) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!output.recovered && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(output.recovered).as("run %d printed RECOVERED; output %s", run, tail(output.lines)).isTrue();
    }

    /** Parses a run's lines into the maps; fails on FAILED lines, duplicate seqs or unclean second recoveries. */
    private static Recovered parse(final int run, final List<String> lines, final Map<Long, Ack> acksBySeq,
        final Map<Long, Ack> acksByCorrelation, final List<Recovered> recoveries) {
        final List<String> notes = new ArrayList<>();
        Recovered recovered = null;
        synchronized (lines) {
            for (final String line : lines) {
                final String[] f = line.split(" ");
                switch (f[0]) {
                    case "NOTE" -> notes.add(line.substring(5));
                    case "RECOVERED" -> {
                        recovered = new Recovered(run, Long.parseLong(f[1]), f[2], Long.parseLong(f[3]), List.copyOf(notes));
                        recoveries.add(recovered);
                    }
                    case "OPENED" -> assertThat(Integer.parseInt(f[1])).as("run %d: notes of the sequencer's own recovery, which must be "
                        + "clean after the first one cut the torn tail: %s", run, lines).isZero();
                    case "ACK" -> {
                        if (f.length < 5) {
                            break; // a line cut by the kill
                        }
                        final Ack ack = new Ack(run, Long.parseLong(f[1]), Long.parseLong(f[2]), f[3], f[4]);
                        final Ack previous = acksBySeq.putIfAbsent(ack.seq(), ack);
                        assertThat(previous).as("seq %d acknowledged twice: %s and %s", ack.seq(), previous, ack).isNull();
                        assertThat(acksByCorrelation.putIfAbsent(ack.correlation(), ack)).as("correlation acknowledged twice").isNull();
                    }
                    case "FAILED" -> throw new AssertionError("run " + run + " failed: " + line.replace('|', '\n'));
                    case "WORKAROUND" -> System.out.println("run " + run + ": " + line);
                    default -> {
                        // FINAL, SEQNOTE or a line cut by the kill
                    }
                }
            }
        }
        return recovered;
    }

    /**
     * Appends the beginning of a record to the last segment, as a crash in the middle of a write leaves it: either
     * fewer than four bytes, or a valid length field followed by fewer bytes than it announces. Not done if the
     * journal already ends torn (the kill itself tore a write).
     */
    private static boolean appendTornRecord(final Path directory, final Random random) {
        final List<Path> segments = JournalReader.segments(directory);
        if (segments.isEmpty() || JournalReader.scan(directory, (type, seq, ts, payload, chain) -> { }).torn()) {
            return false;
        }
        final byte[] tail;
        if (random.nextBoolean()) {
            tail = new byte[1 + random.nextInt(3)];
            random.nextBytes(tail);
        } else {
            final int length = JournalFormat.MIN_RECORD_LENGTH + 30 + random.nextInt(80);
            tail = new byte[4 + random.nextInt(length - 4)];
            random.nextBytes(tail);
            ByteBuffer.wrap(tail).putInt(0, length);
        }
        try (FileChannel channel = FileChannel.open(segments.get(segments.size() - 1), StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(tail));
            channel.force(true);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return true;
    }

    private static List<String> tail(final List<String> lines) {
        synchronized (lines) {
            return List.copyOf(lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        }
    }
}
