package io.bourse.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bourse.engine.CommandCodec;
import io.bourse.engine.DiscardingEventSink;
import io.bourse.engine.Engine;

/**
 * Damages a copy of a multi-segment journal in each way a disk or an operator can, and checks that recovery and the
 * verifier both stop and name the file, the offset and the sequence number of the damage; that a torn tail is cut,
 * reported once and gone on the next start; and that a damaged snapshot is skipped for an older one (or a replay from
 * zero) with the same resulting state.
 */
class JournalCorruptionTest {
    private static final int COMMANDS = 6_000;
    private static final long SEGMENT_BYTES = 64 << 10;

    @TempDir
    static Path shared;
    @TempDir
    Path temp;

    private static Path original;
    private static List<Path> segments;
    private static String fullDigest;
    private static long lastSeq;
    private static long[] snapshotSeqs;

    @BeforeAll
    static void writeJournal() {
        original = shared.resolve("original");
        JournalTestSupport.writeJournal(original, JournalTestSupport.commands(7, COMMANDS), SEGMENT_BYTES);
        segments = JournalReader.segments(original);
        assertThat(segments).hasSizeGreaterThanOrEqualTo(6);
        // Snapshots in the first half of the journal, at the seqs of the second and third segments' first records.
        snapshotSeqs = new long[] {firstSeq(segments.get(1)) + 10, firstSeq(segments.get(2)) + 10};
        final Engine engine = new Engine();
        final AtomicInteger next = new AtomicInteger();
        final JournalReader.ScanResult scan = JournalReader.scan(original, (type, seq, ts, payload, chain) -> {
            engine.apply(seq, ts, CommandCodec.decode(payload), DiscardingEventSink.INSTANCE);
            if (next.get() < snapshotSeqs.length && seq == snapshotSeqs[next.get()]) {
                SnapshotStore.write(original, seq, chain, engine.digest(), engine.snapshot());
                next.incrementAndGet();
            }
        });
        assertThat(scan.torn()).isFalse();
        lastSeq = scan.lastSeq();
        assertThat(lastSeq).isEqualTo(JournalTestSupport.setup().size() + COMMANDS);
        fullDigest = engine.digestHex();
        final Recovery.Recovered clean = Recovery.recover(original, Long.MAX_VALUE, false, DiscardingEventSink.INSTANCE);
        assertThat(clean.engine().digestHex()).isEqualTo(fullDigest);
        assertThat(clean.snapshotSeq()).isEqualTo(snapshotSeqs[1]);
        assertThat(clean.notes()).isEmpty();
        assertThat(Verifier.verify(original).ok()).as("verifier on the undamaged journal: %s", Verifier.verify(original)).isTrue();
    }

    // ------------------------------------------------------------------------------------------------ damage in the middle

    @Test
    void flippedByteInTheMiddleOfAMiddleSegment() throws IOException {
        final int index = segments.size() / 2;
        final long size = Files.size(segments.get(index));
        final Random random = new Random(11);
        final long[] positions = new long[12];
        positions[0] = size / 2;
        positions[1] = 30; // in the segment header (its chain hash)
        for (int i = 2; i < positions.length; i++) {
            positions[i] = JournalFormat.SEGMENT_HEADER_LENGTH + random.nextLong(size - JournalFormat.SEGMENT_HEADER_LENGTH);
        }
        for (final long position : positions) {
            final Path copy = copy("flip-" + position);
            final Path file = copy.resolve(segments.get(index).getFileName());
            final byte[] bytes = JournalTestSupport.read(file);
            bytes[(int)position] ^= 0x20;
            JournalTestSupport.write(file, bytes);
            if (position < JournalFormat.SEGMENT_HEADER_LENGTH) {
                assertCorrupt(copy, file, 0, firstSeq(file), "bad segment header");
            } else {
                final JournalTestSupport.RecordPosition record = recordAt(segments.get(index), position);
                assertCorrupt(copy, file, record.offset(), record.seq(), null);
            }
        }
    }

    @Test
    void flippedByteInEachFieldOfARecord() {
        final Path segment = segments.get(segments.size() / 2);
        final List<JournalTestSupport.RecordPosition> records = JournalTestSupport.records(segment);
        final JournalTestSupport.RecordPosition record = records.get(records.size() / 2);
        final int payloadLength = record.length() - JournalFormat.MIN_RECORD_LENGTH;
        // field name, position in the record, expected reason
        final Object[][] fields = {
            {"length", 0, "invalid record length"}, // set to 20: shorter than any record
            {"length-high", 0, null}, // set to 2^30: longer than any record (reported as "record truncated")
            {"type", 4, "CRC32C mismatch"},
            {"seq", 12, "CRC32C mismatch"},
            {"timestamp", 20, "CRC32C mismatch"},
            {"payload", JournalFormat.RECORD_HEADER_LENGTH + payloadLength / 2, "CRC32C mismatch"},
            {"crc", JournalFormat.RECORD_HEADER_LENGTH + payloadLength + 1, "CRC32C mismatch"},
            {"chain hash", JournalFormat.RECORD_HEADER_LENGTH + payloadLength + 4 + 17, "hash chain broken"},
        };
        for (final Object[] field : fields) {
            final Path copy = copy("field-" + field[0].toString().replace(' ', '-'));
            final Path file = copy.resolve(segment.getFileName());
            final byte[] bytes = JournalTestSupport.read(file);
            if (field[0].equals("length")) {
                ByteBuffer.wrap(bytes).putInt((int)record.offset(), 20);
            } else if (field[0].equals("length-high")) {
                ByteBuffer.wrap(bytes).putInt((int)record.offset(), 1 << 30);
            } else {
                bytes[(int)record.offset() + (int)field[1]] ^= 0x01;
            }
            JournalTestSupport.write(file, bytes);
            assertCorrupt(copy, file, record.offset(), record.seq(), (String)field[2]);
        }
    }

    @Test
    void middleSegmentTruncatedMidRecord() throws IOException {
        final Path segment = segments.get(segments.size() / 2);
        final List<JournalTestSupport.RecordPosition> records = JournalTestSupport.records(segment);
        final JournalTestSupport.RecordPosition record = records.get(records.size() / 2);
        final Path copy = copy("truncated-middle");
        final Path file = copy.resolve(segment.getFileName());
        truncate(file, record.offset() + record.length() / 2);
        assertCorrupt(copy, file, record.offset(), record.seq(), "record truncated");
    }

    @Test
    void middleSegmentTruncatedAtARecordBoundary() throws IOException {
        final int index = segments.size() / 2;
        final List<JournalTestSupport.RecordPosition> records = JournalTestSupport.records(segments.get(index));
        final JournalTestSupport.RecordPosition record = records.get(records.size() / 2);
        final Path copy = copy("truncated-boundary");
        truncate(copy.resolve(segments.get(index).getFileName()), record.offset());
        // The records from the cut on are missing: the next segment does not start where the shortened one ends.
        final Path next = copy.resolve(segments.get(index + 1).getFileName());
        assertCorrupt(copy, next, 0, firstSeq(next), "was expected");
    }

    @Test
    void middleSegmentHeaderTruncated() throws IOException {
        final int index = segments.size() / 2;
        final Path copy = copy("header-truncated");
        final Path file = copy.resolve(segments.get(index).getFileName());
        truncate(file, 40);
        assertCorrupt(copy, file, 0, firstSeq(segments.get(index)), "segment header truncated");
    }

    @Test
    void middleSegmentDeleted() throws IOException {
        final int index = segments.size() / 2;
        final Path copy = copy("deleted");
        Files.delete(copy.resolve(segments.get(index).getFileName()));
        final Path next = copy.resolve(segments.get(index + 1).getFileName());
        assertCorrupt(copy, next, 0, firstSeq(next), "a segment is missing");
    }

    @Test
    void editedPayloadWithARecomputedCrcBreaksOnlyTheHashChain() {
        final Path segment = segments.get(segments.size() / 2);
        final List<JournalTestSupport.RecordPosition> records = JournalTestSupport.records(segment);
        // A limit order, so that the edit (a price digit) still decodes: only the chain can tell.
        JournalTestSupport.RecordPosition target = null;
        final byte[] original = JournalTestSupport.read(segment);
        for (int i = records.size() / 2; i < records.size() && target == null; i++) {
            final JournalTestSupport.RecordPosition r = records.get(i);
            if (original[(int)r.offset() + JournalFormat.RECORD_HEADER_LENGTH] == 10) {
                target = r;
            }
        }
        assertThat(target).as("a place-order record in the middle segment").isNotNull();
        final Path copy = copy("edited");
        final Path file = copy.resolve(segment.getFileName());
        final byte[] bytes = JournalTestSupport.read(file);
        final int offset = (int)target.offset();
        final int payloadLength = target.length() - JournalFormat.MIN_RECORD_LENGTH;
        final int covered = JournalFormat.RECORD_HEADER_LENGTH + payloadLength;
        // The payload ends with price, quantity, quoteOrderQty, stopPrice (8 bytes each) and the STP enum (1): alter the price.
        bytes[offset + covered - 1 - 8 - 8 - 8 - 2] ^= 0x01;
        final CRC32C crc = new CRC32C();
        crc.update(bytes, offset, covered);
        ByteBuffer.wrap(bytes).putInt(offset + covered, (int)crc.getValue());
        JournalTestSupport.write(file, bytes);
        final byte[] payload = Arrays.copyOfRange(bytes, offset + JournalFormat.RECORD_HEADER_LENGTH, offset + covered);
        assertThat(CommandCodec.decode(payload)).as("the edited command still decodes").isNotNull();
        assertCorrupt(copy, file, target.offset(), target.seq(), "hash chain broken");
    }

    // ------------------------------------------------------------------------------------------------ torn tail

    @Test
    void lastSegmentTruncatedMidRecordIsATornTailCutOnce() throws IOException {
        final Path last = segments.get(segments.size() - 1);
        final List<JournalTestSupport.RecordPosition> records = JournalTestSupport.records(last);
        for (final JournalTestSupport.RecordPosition record : List.of(records.get(records.size() - 1), records.get(records.size() / 2),
            records.get(0))) {
            for (final long cut : new long[] {record.offset() + 2, record.offset() + record.length() / 2, record.offset() + record.length() - 1}) {
                final Path copy = copy("torn-" + cut);
                final Path file = copy.resolve(last.getFileName());
                truncate(file, cut);
                assertTornTailCut(copy, file, record.offset(), record.seq() - 1);
            }
        }
    }

    @Test
    void lastSegmentWithATornHeaderIsDeleted() throws IOException {
        final Path last = segments.get(segments.size() - 1);
        final Path copy = copy("torn-header");
        final Path file = copy.resolve(last.getFileName());
        truncate(file, 40);
        assertTornTailCut(copy, file, 0, firstSeq(last) - 1);
        assertThat(file).doesNotExist();
    }

    @Test
    void lastRecordWithABadCrcRunningToTheEndIsATornTail() {
        final Path last = segments.get(segments.size() - 1);
        final List<JournalTestSupport.RecordPosition> records = JournalTestSupport.records(last);
        final JournalTestSupport.RecordPosition record = records.get(records.size() - 1);
        final Path copy = copy("torn-crc");
        final Path file = copy.resolve(last.getFileName());
        final byte[] bytes = JournalTestSupport.read(file);
        bytes[(int)record.offset() + JournalFormat.RECORD_HEADER_LENGTH + 1] ^= 0x01;
        JournalTestSupport.write(file, bytes);
        assertTornTailCut(copy, file, record.offset(), record.seq() - 1);
    }

    @Test
    void damageBeforeTheLastRecordOfTheLastSegmentIsNotATornTail() {
        final Path last = segments.get(segments.size() - 1);
        final List<JournalTestSupport.RecordPosition> records = JournalTestSupport.records(last);
        final JournalTestSupport.RecordPosition record = records.get(records.size() - 3);
        final Path copy = copy("last-segment-middle");
        final Path file = copy.resolve(last.getFileName());
        final byte[] bytes = JournalTestSupport.read(file);
        bytes[(int)record.offset() + JournalFormat.RECORD_HEADER_LENGTH + 1] ^= 0x01;
        JournalTestSupport.write(file, bytes);
        assertCorrupt(copy, file, record.offset(), record.seq(), "CRC32C mismatch");
    }

    // ------------------------------------------------------------------------------------------------ snapshots

    @Test
    void damagedNewestSnapshotFallsBackToTheOlderOne() {
        final Path copy = copy("snapshot-newest");
        final Path newest = JournalFormat.snapshotPath(copy, snapshotSeqs[1]);
        final byte[] bytes = JournalTestSupport.read(newest);
        bytes[bytes.length / 2] ^= 0x04;
        JournalTestSupport.write(newest, bytes);
        final Recovery.Recovered recovered = Recovery.recover(copy);
        assertThat(recovered.snapshotSeq()).isEqualTo(snapshotSeqs[0]);
        assertThat(recovered.notes()).anyMatch(note -> note.contains("skipped damaged snapshot") && note.contains(newest.toString()));
        assertThat(recovered.engine().digestHex()).isEqualTo(fullDigest);
        assertThat(recovered.lastSeq()).isEqualTo(lastSeq);
        final Verifier.Report report = Verifier.verify(copy);
        assertThat(report.ok()).isFalse();
        assertThat(report.problem()).contains(newest.getFileName().toString());
    }

    @Test
    void everySnapshotDamagedFallsBackToAReplayFromZero() throws IOException {
        final Path copy = copy("snapshot-all");
        final Path newest = JournalFormat.snapshotPath(copy, snapshotSeqs[1]);
        final Path older = JournalFormat.snapshotPath(copy, snapshotSeqs[0]);
        truncate(newest, Files.size(newest) - 7);
        final byte[] bytes = JournalTestSupport.read(older);
        bytes[3] ^= 0x10; // the magic
        JournalTestSupport.write(older, bytes);
        final Recovery.Recovered recovered = Recovery.recover(copy);
        assertThat(recovered.snapshotSeq()).isZero();
        assertThat(recovered.notes()).hasSize(2).allMatch(note -> note.contains("skipped damaged snapshot"));
        assertThat(recovered.engine().digestHex()).isEqualTo(fullDigest);
        assertThat(Verifier.verify(copy).ok()).isFalse();
    }

    @Test
    void snapshotWithAValidCrcButOffTheChainIsRefused() {
        // A snapshot file that reads back intact but whose chain hash is not the journal's: recovery must not trust it.
        final Path copy = copy("snapshot-off-chain");
        final SnapshotStore.Snapshot newest = SnapshotStore.read(JournalFormat.snapshotPath(copy, snapshotSeqs[1]));
        final byte[] chain = newest.chainHash().clone();
        chain[0] ^= 0x01;
        SnapshotStore.write(copy, newest.seq(), chain, newest.digest(), newest.state());
        assertThatThrownBy(() -> Recovery.recover(copy)).isInstanceOfSatisfying(JournalCorruptException.class, e -> {
            assertThat(e.file()).isEqualTo(newest.file());
            assertThat(e.seq()).isEqualTo(snapshotSeqs[1]);
        });
        assertThat(Verifier.verify(copy).problem()).contains(newest.file().getFileName().toString());
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void assertCorrupt(final Path directory, final Path file, final long offset, final long seq, final String reason) {
        final Map<String, byte[]> before = contents(directory);
        assertThatThrownBy(() -> Recovery.recover(directory))
            .as("recovery of %s damaged at offset %d", file, offset)
            .isInstanceOfSatisfying(JournalCorruptException.class, e -> {
                assertThat(e.file()).isEqualTo(file);
                assertThat(e.offset()).as("offset in %s", e.getMessage()).isEqualTo(offset);
                assertThat(e.seq()).as("seq in %s", e.getMessage()).isEqualTo(seq);
                assertThat(e.getMessage()).contains(file.toString(), "at offset " + offset + " ", "(seq " + seq + ")");
                if (reason != null) {
                    assertThat(e.getMessage()).contains(reason);
                }
            });
        assertThat(contents(directory)).as("a refused recovery changes no file").containsExactlyEntriesOf(before);
        final Verifier.Report report = Verifier.verify(directory);
        assertThat(report.ok()).as("verifier on %s damaged at offset %d", file, offset).isFalse();
        assertThat(report.problem()).contains(file.toString(), "at offset " + offset + " ", "(seq " + seq + ")");
        assertThat(report.lines()).isNotEmpty();
        assertThat(contents(directory)).as("the verifier changes no file").containsExactlyEntriesOf(before);
    }

    private static void assertTornTailCut(final Path directory, final Path file, final long offset, final long expectedLastSeq) {
        final Verifier.Report before = Verifier.verify(directory);
        assertThat(before.ok()).isFalse();
        assertThat(before.problem()).contains("torn tail", file.toString(), "offset " + offset);

        final Recovery.Recovered first = Recovery.recover(directory);
        assertThat(first.lastSeq()).isEqualTo(expectedLastSeq);
        assertThat(first.notes()).singleElement().asString().contains("torn tail", file.toString(), "at offset " + offset,
            "after seq " + expectedLastSeq, "cut off");
        final String expectedDigest = JournalTestSupport.replayFromZero(original, expectedLastSeq, null).engine().digestHex();
        assertThat(first.engine().digestHex()).isEqualTo(expectedDigest);
        if (offset > JournalFormat.SEGMENT_HEADER_LENGTH) {
            assertThat(file).hasSize(offset);
        } else {
            assertThat(file).as("a segment left with no record is removed, so the next writer can start it anew").doesNotExist();
        }

        final Recovery.Recovered second = Recovery.recover(directory);
        assertThat(second.notes()).as("a second recovery is clean").isEmpty();
        assertThat(second.lastSeq()).isEqualTo(expectedLastSeq);
        assertThat(second.engine().digestHex()).isEqualTo(expectedDigest);
        assertThat(second.chainHash()).isEqualTo(first.chainHash());
        final Verifier.Report after = Verifier.verify(directory);
        assertThat(after.ok()).as("verifier after the cut: %s", after).isTrue();
    }

    private Path copy(final String name) {
        return JournalTestSupport.copyDirectory(original, temp.resolve(name));
    }

    private static JournalTestSupport.RecordPosition recordAt(final Path segment, final long position) {
        for (final JournalTestSupport.RecordPosition record : JournalTestSupport.records(segment)) {
            if (position >= record.offset() && position < record.offset() + record.length()) {
                return record;
            }
        }
        throw new AssertionError("no record at " + position + " in " + segment);
    }

    private static long firstSeq(final Path segment) {
        return ByteBuffer.wrap(JournalTestSupport.read(segment)).getLong(12);
    }

    private static void truncate(final Path file, final long length) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(length);
        }
    }

    private static Map<String, byte[]> contents(final Path directory) {
        final Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(directory)) {
            list.forEach(file -> files.put(file.getFileName().toString(), JournalTestSupport.read(file)));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
