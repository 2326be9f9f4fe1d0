package io.bourse.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bourse.engine.Command;
import io.bourse.engine.CommandCodec;

/**
 * Restarting after a crash that left the last segment with nothing but its header. Every start of a
 * {@link LocalSequencer} opens a new segment at its first batch; a crash after the segment's header is on disk but
 * before the batch is (or one that tears the batch's first record, which recovery then cuts back to the header) leaves
 * a segment {@code journal-<lastSeq+1>.seg} holding no record. The reader accepts it, and the next writer tries to
 * create a segment of the same name.
 */
class JournalRestartTest {
    @TempDir
    Path directory;

    @Test
    void restartsAfterACrashTornTheFirstRecordOfASegment() throws Exception {
        final Path second = journalWithTwoSegments();
        // A crash in the middle of the first write to the new segment: the header and 20 bytes of a record.
        truncate(second, JournalFormat.SEGMENT_HEADER_LENGTH + 20);
        final Recovery.Recovered recovered = Recovery.recover(directory);
        assertThat(recovered.notes()).anyMatch(note -> note.contains("torn tail"));
        assertThat(recovered.lastSeq()).isEqualTo(10);
        assertSequencerAccepts(11);
    }

    @Test
    void restartsAfterACrashLeftAHeaderOnlySegment() throws Exception {
        final Path second = journalWithTwoSegments();
        // A crash after the new segment's header was forced, before the batch was written.
        truncate(second, JournalFormat.SEGMENT_HEADER_LENGTH);
        assertThat(Recovery.recover(directory).lastSeq()).isEqualTo(10);
        assertSequencerAccepts(11);
    }

    /** Seqs 1-10 in the first segment, 11-15 in a second one written by a second writer (as after a restart). */
    private Path journalWithTwoSegments() {
        final byte[] payload = CommandCodec.encode(new Command.CreateAccount(1, 0, "DE", 1));
        final byte[] chain;
        try (JournalWriter first = new JournalWriter(directory, 0, JournalFormat.GENESIS_HASH, 1 << 20, true)) {
            for (long seq = 1; seq <= 10; seq++) {
                first.append(JournalFormat.TYPE_COMMAND, seq, seq, payload);
            }
            first.flush();
            chain = first.chainHash();
        }
        try (JournalWriter restarted = new JournalWriter(directory, 10, chain, 1 << 20, true)) {
            for (long seq = 11; seq <= 15; seq++) {
                restarted.append(JournalFormat.TYPE_COMMAND, seq, seq, payload);
            }
        }
        final List<Path> segments = JournalReader.segments(directory);
        assertThat(segments).hasSize(2);
        assertThat(segments.get(1).getFileName().toString()).isEqualTo("journal-00000000000000000011.seg");
        return segments.get(1);
    }

    private void assertSequencerAccepts(final long expectedSeq) throws InterruptedException {
        final ConcurrentHashMap<Long, Long> results = new ConcurrentHashMap<>();
        final ResultListener listener = (correlation, seq, ts, events) -> results.put(correlation, seq);
        final LocalSequencer sequencer = new LocalSequencer(new LocalSequencer.Context().directory(directory).listener(listener));
        try {
            assertThat(sequencer.submit(1, new Command.CreateAccount(2, 0, "FR", 1))).isTrue();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (results.isEmpty() && sequencer.failure() == null && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertThat(sequencer.failure()).as("sequencer failure after the restart").isNull();
            assertThat(results).containsEntry(1L, expectedSeq);
        } finally {
            sequencer.close();
        }
        assertThat(Recovery.recover(directory).lastSeq()).isEqualTo(expectedSeq);
    }

    private static void truncate(final Path file, final long length) throws Exception {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(length);
        }
        assertThat(Files.size(file)).isEqualTo(length);
    }
}
