package io.bourse.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Reads and checks every segment of a journal directory (format in {@link JournalWriter}): segment headers, record
 * lengths, CRC32C, sequence continuity and the hash chain. A damaged last record of the last segment that runs to the
 * end of the file is a torn tail (a crash mid-write, never acknowledged) and is reported, not thrown; any other
 * damage throws {@link JournalCorruptException} naming file, offset and sequence number.
 */
public final class JournalReader {

    /** Receives each valid record in order. */
    @FunctionalInterface
    public interface RecordHandler {
        /** One record; {@code chainHash} is the chain hash after it (do not keep the array). */
        void onRecord(byte type, long seq, long timestampNanos, byte[] payload, byte[] chainHash);
    }

    /**
     * What a scan found.
     *
     * @param segments  number of segment files
     * @param records   number of valid records
     * @param lastSeq   sequence number of the last valid record (0 if none)
     * @param chainHash chain hash after the last valid record
     * @param tornFile  the segment with a torn tail, or null
     * @param tornOffset where the torn tail starts in {@code tornFile} (0: the whole segment goes, it holds no record)
     */
    public record ScanResult(int segments, long records, long lastSeq, byte[] chainHash, Path tornFile, long tornOffset) {
        /** Whether the journal ends in a torn record. */
        public boolean torn() {
            return tornFile != null;
        }
    }

    private JournalReader() {
    }

    /** The segment files of a directory, in sequence order. */
    public static List<Path> segments(final Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(JournalFormat::isSegment).sorted().toList();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    /** Checks every segment and hands each valid record to {@code handler}. */
    public static ScanResult scan(final Path directory, final RecordHandler handler) {
        final List<Path> segments = segments(directory);
        final byte[] chain = JournalFormat.GENESIS_HASH.clone();
        final MessageDigest sha256 = Sha256.newDigest();
        final CRC32C crc = new CRC32C();
        final byte[] computed = new byte[JournalFormat.HASH_LENGTH];
        long lastSeq = 0;
        long records = 0;
        for (int index = 0; index < segments.size(); index++) {
            final Path file = segments.get(index);
            final boolean last = index == segments.size() - 1;
            final byte[] bytes = readAll(file);
            if (bytes.length < JournalFormat.SEGMENT_HEADER_LENGTH) {
                if (last) {
                    return new ScanResult(segments.size(), records, lastSeq, chain, file, 0);
                }
                throw new JournalCorruptException(file, 0, lastSeq + 1, "segment header truncated (" + bytes.length + " bytes)");
            }
            checkHeader(file, bytes, crc, lastSeq + 1, chain);
            if (last && bytes.length == JournalFormat.SEGMENT_HEADER_LENGTH) {
                // A segment is created for a record; a header alone means the crash came before the record was written.
                return new ScanResult(segments.size(), records, lastSeq, chain, file, 0);
            }
            int offset = JournalFormat.SEGMENT_HEADER_LENGTH;
            final ByteBuffer view = ByteBuffer.wrap(bytes);
            while (offset < bytes.length) {
                final int left = bytes.length - offset;
                final int length = left >= 4 ? view.getInt(offset) : 0;
                final boolean lengthValid = length >= JournalFormat.MIN_RECORD_LENGTH
                    && length <= JournalFormat.MIN_RECORD_LENGTH + JournalFormat.MAX_PAYLOAD_LENGTH;
                if (left < 4 || !lengthValid || length > left) {
                    if (last && (left < 4 || (lengthValid && length > left) || allZero(bytes, offset))) {
                        return new ScanResult(segments.size(), records, lastSeq, chain, file, offset);
                    }
                    throw new JournalCorruptException(file, offset, lastSeq + 1,
                        left >= 4 && !lengthValid ? "invalid record length " + length : "record truncated");
                }
                final int payloadLength = length - JournalFormat.MIN_RECORD_LENGTH;
                final int covered = JournalFormat.RECORD_HEADER_LENGTH + payloadLength;
                crc.reset();
                crc.update(bytes, offset, covered);
                final long seq = view.getLong(offset + 5);
                if ((int)crc.getValue() != view.getInt(offset + covered)) {
                    if (last && offset + length == bytes.length) {
                        return new ScanResult(segments.size(), records, lastSeq, chain, file, offset);
                    }
                    throw new JournalCorruptException(file, offset, lastSeq + 1, "CRC32C mismatch");
                }
                if (seq != lastSeq + 1) {
                    throw new JournalCorruptException(file, offset, seq, "sequence gap: expected " + (lastSeq + 1));
                }
                sha256.update(chain);
                sha256.update(bytes, offset, covered + 4);
                Sha256.digestInto(sha256, computed);
                if (!Arrays.equals(bytes, offset + covered + 4, offset + length, computed, 0, JournalFormat.HASH_LENGTH)) {
                    throw new JournalCorruptException(file, offset, seq, "hash chain broken (record altered, removed or reordered)");
                }
                System.arraycopy(computed, 0, chain, 0, JournalFormat.HASH_LENGTH);
                handler.onRecord(bytes[offset + 4], seq, view.getLong(offset + 13),
                    Arrays.copyOfRange(bytes, offset + JournalFormat.RECORD_HEADER_LENGTH, offset + covered), chain);
                lastSeq = seq;
                records++;
                offset += length;
            }
        }
        return new ScanResult(segments.size(), records, lastSeq, chain, null, 0);
    }

    private static void checkHeader(final Path file, final byte[] bytes, final CRC32C crc, final long expectedSeq, final byte[] chain) {
        final ByteBuffer header = ByteBuffer.wrap(bytes, 0, JournalFormat.SEGMENT_HEADER_LENGTH);
        crc.reset();
        crc.update(bytes, 0, JournalFormat.SEGMENT_HEADER_LENGTH - 4);
        if (header.getLong(0) != JournalFormat.SEGMENT_MAGIC || header.getInt(8) != JournalFormat.VERSION
            || (int)crc.getValue() != header.getInt(JournalFormat.SEGMENT_HEADER_LENGTH - 4)) {
            throw new JournalCorruptException(file, 0, expectedSeq, "bad segment header (magic, version or CRC32C)");
        }
        final long firstSeq = header.getLong(12);
        if (firstSeq != expectedSeq || !JournalFormat.segmentPath(file.getParent(), firstSeq).getFileName().equals(file.getFileName())) {
            throw new JournalCorruptException(file, 0, firstSeq, "segment starts at seq " + firstSeq + " but " + expectedSeq
                + " was expected (a segment is missing or misnamed)");
        }
        if (!Arrays.equals(bytes, 20, 20 + JournalFormat.HASH_LENGTH, chain, 0, JournalFormat.HASH_LENGTH)) {
            throw new JournalCorruptException(file, 0, firstSeq, "segment does not continue the hash chain of the previous one");
        }
    }

    private static boolean allZero(final byte[] bytes, final int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] readAll(final Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
