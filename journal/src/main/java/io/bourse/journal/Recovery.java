package io.bourse.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.bourse.engine.CommandCodec;
import io.bourse.engine.DiscardingEventSink;
import io.bourse.engine.Engine;
import io.bourse.engine.EventSink;

/**
 * Rebuilds the engine at start: the newest valid snapshot, then the journal's tail replayed on top. The whole journal
 * is checked on the way (CRCs, sequence, hash chain, and that the snapshot sits on the chain); a torn tail is cut off
 * and reported; any other damage stops the start with {@link JournalCorruptException}.
 */
public final class Recovery {

    /**
     * The recovered state.
     *
     * @param engine      the engine as of {@code lastSeq}
     * @param lastSeq     the last journaled (and now applied) command
     * @param chainHash   the chain hash after it (all zeros for an empty journal)
     * @param snapshotSeq the snapshot the replay started from (0: from scratch)
     * @param notes       what recovery did that an operator should know (torn tail cut, damaged snapshot skipped)
     */
    public record Recovered(Engine engine, long lastSeq, byte[] chainHash, long snapshotSeq, List<String> notes) {
    }

    private Recovery() {
    }

    /** Recovers from {@code directory} (created if missing), cutting a torn tail off the journal. */
    public static Recovered recover(final Path directory) {
        return recover(directory, Long.MAX_VALUE, true, DiscardingEventSink.INSTANCE);
    }

    /**
     * Rebuilds the state as of {@code toSeq} (or the journal's end), replaying into {@code sink}; with
     * {@code repair} a torn tail is cut off the journal, without it the files are left untouched.
     */
    public static Recovered recover(final Path directory, final long toSeq, final boolean repair, final EventSink sink) {
        return recover(directory, toSeq, repair, sink, toSeq, 0);
    }

    /**
     * How a projection that has applied everything up to {@code afterSeq} catches up: the state is rebuilt from a
     * snapshot at or before {@code afterSeq}, and only the events of the commands after it reach {@code sink}. The
     * files are not touched.
     */
    public static Recovered catchUp(final Path directory, final long afterSeq, final EventSink sink) {
        return recover(directory, Long.MAX_VALUE, false, sink, afterSeq, afterSeq);
    }

    private static Recovered recover(final Path directory, final long toSeq, final boolean repair, final EventSink sink,
        final long maxSnapshotSeq, final long emitAfterSeq) {
        if (repair) {
            try {
                Files.createDirectories(directory);
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot create " + directory, e);
            }
        }
        final List<String> notes = new ArrayList<>();
        final SnapshotStore.Snapshot snapshot = SnapshotStore.newestValid(directory, maxSnapshotSeq, notes);
        final Engine engine = snapshot == null ? new Engine() : Engine.restore(snapshot.state());
        if (snapshot != null && !Arrays.equals(engine.digest(), snapshot.digest())) {
            throw new JournalCorruptException(snapshot.file(), 0, snapshot.seq(), "restored state digest differs from the recorded one");
        }
        final long snapshotSeq = snapshot == null ? 0 : snapshot.seq();
        final boolean[] snapshotOnChain = {snapshot == null};
        final byte[] chainAtTarget = new byte[JournalFormat.HASH_LENGTH];
        final JournalReader.ScanResult scan = JournalReader.scan(directory, (type, seq, timestamp, payload, chain) -> {
            if (seq == snapshotSeq && snapshot != null) {
                if (!Arrays.equals(chain, snapshot.chainHash())) {
                    throw new JournalCorruptException(snapshot.file(), 0, seq, "snapshot's chain hash is not the journal's at its seq");
                }
                snapshotOnChain[0] = true;
            }
            if (seq > snapshotSeq && seq <= toSeq && type == JournalFormat.TYPE_COMMAND) {
                engine.apply(seq, timestamp, CommandCodec.decode(payload), seq > emitAfterSeq ? sink : DiscardingEventSink.INSTANCE);
            }
            if (seq <= toSeq) {
                System.arraycopy(chain, 0, chainAtTarget, 0, chainAtTarget.length);
            }
        });
        if (!snapshotOnChain[0]) {
            throw new JournalCorruptException(snapshot.file(), 0, snapshot.seq(),
                "snapshot covers seq " + snapshot.seq() + " but the journal ends at seq " + scan.lastSeq() + ": journal records are missing");
        }
        if (scan.torn()) {
            notes.add("torn tail in " + scan.tornFile() + " at offset " + scan.tornOffset() + " after seq " + scan.lastSeq()
                + (repair ? ": cut off (it was never acknowledged)" : ""));
            if (repair) {
                cutTornTail(scan);
            }
        }
        final long lastSeq = Math.min(scan.lastSeq(), toSeq);
        return new Recovered(engine, lastSeq, lastSeq == scan.lastSeq() ? scan.chainHash() : chainAtTarget, snapshotSeq,
            List.copyOf(notes));
    }

    private static void cutTornTail(final JournalReader.ScanResult scan) {
        try {
            if (scan.tornOffset() <= JournalFormat.SEGMENT_HEADER_LENGTH) {
                // Nothing of the segment survives but (part of) its header: remove it, so the next writer can start it anew.
                Files.delete(scan.tornFile());
            } else {
                try (FileChannel channel = FileChannel.open(scan.tornFile(), StandardOpenOption.WRITE)) {
                    channel.truncate(scan.tornOffset());
                    channel.force(true);
                }
            }
            Fsync.directory(scan.tornFile().getParent());
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot cut the torn tail of " + scan.tornFile(), e);
        }
    }
}
