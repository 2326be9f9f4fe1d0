package io.bourse.journal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import io.bourse.engine.CommandCodec;
import io.bourse.engine.DiscardingEventSink;
import io.bourse.engine.Engine;

/**
 * What an auditor runs on a data directory: walks every segment (CRC32C, sequence continuity, hash chain), replays
 * every command from scratch, and at each snapshot's sequence number compares the replayed state digest and the
 * chain hash with what the snapshot recorded. Stops at the first problem and names it. Reads only; changes nothing.
 */
public final class Verifier {

    /**
     * The outcome.
     *
     * @param problem null if everything checked out, else the first problem found
     * @param lines   a human-readable summary
     */
    public record Report(String problem, List<String> lines) {
        /** Whether nothing was wrong. */
        public boolean ok() {
            return problem == null;
        }
    }

    private Verifier() {
    }

    /** Verifies {@code directory}. */
    public static Report verify(final Path directory) {
        final List<String> lines = new ArrayList<>();
        final List<String> snapshotNotes = new ArrayList<>();
        final List<SnapshotStore.Snapshot> snapshots = SnapshotStore.allValid(directory, snapshotNotes);
        lines.add("data directory: " + directory.toAbsolutePath());
        if (!snapshotNotes.isEmpty()) {
            return new Report(snapshotNotes.get(0), lines);
        }
        final Engine engine = new Engine();
        final String[] problem = {null};
        final int[] nextSnapshot = {0};
        final JournalReader.ScanResult scan;
        try {
            scan = JournalReader.scan(directory, (type, seq, timestamp, payload, chain) -> {
                if (problem[0] != null) {
                    return;
                }
                if (type == JournalFormat.TYPE_COMMAND) {
                    engine.apply(seq, timestamp, CommandCodec.decode(payload), DiscardingEventSink.INSTANCE);
                }
                while (nextSnapshot[0] < snapshots.size() && snapshots.get(nextSnapshot[0]).seq() == seq) {
                    final SnapshotStore.Snapshot snapshot = snapshots.get(nextSnapshot[0]++);
                    if (!Arrays.equals(snapshot.chainHash(), chain)) {
                        problem[0] = snapshot.file() + ": chain hash at seq " + seq + " differs from the journal's";
                    } else if (!Arrays.equals(snapshot.digest(), engine.digest())) {
                        problem[0] = snapshot.file() + ": state digest at seq " + seq + " differs from the replay's";
                    }
                }
            });
        } catch (final JournalCorruptException e) {
            return new Report(e.getMessage(), lines);
        } catch (final IllegalArgumentException e) {
            return new Report("a journal record does not decode to a command: " + e.getMessage(), lines);
        }
        lines.add("segments: " + scan.segments() + ", records: " + scan.records() + ", last seq: " + scan.lastSeq());
        lines.add("chain head: " + HexFormat.of().formatHex(scan.chainHash()));
        lines.add("snapshots checked: " + nextSnapshot[0] + " of " + snapshots.size());
        lines.add("replayed state digest: " + engine.digestHex());
        if (problem[0] != null) {
            return new Report(problem[0], lines);
        }
        if (scan.torn()) {
            return new Report("torn tail in " + scan.tornFile() + " at offset " + scan.tornOffset() + " after seq " + scan.lastSeq()
                + " (an unacknowledged write; the next start cuts it off)", lines);
        }
        if (nextSnapshot[0] < snapshots.size()) {
            final SnapshotStore.Snapshot beyond = snapshots.get(nextSnapshot[0]);
            return new Report(beyond.file() + " covers seq " + beyond.seq() + " but the journal ends at seq " + scan.lastSeq()
                + ": journal records are missing", lines);
        }
        try {
            engine.checkInvariants();
        } catch (final IllegalStateException e) {
            return new Report("replayed state breaks an invariant: " + e.getMessage(), lines);
        }
        return new Report(null, lines);
    }
}
