package io.bourse.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.zip.CRC32C;

/**
 * Appends records to the journal: segmented, append-only files, every record checksummed and hash-chained, written
 * in batches with one fsync per batch (group commit). Single-threaded: the sequencer's thread owns it.
 *
 * <p>A segment is named {@code journal-<first seq, 20 digits>.seg} and starts with a 64-byte header:
 * <pre>
 *   0                   8         12                20                                52        60        64
 *   +-------------------+---------+-----------------+---------------------------------+---------+---------+
 *   | magic "BOURSEJ1"  | version | first seq       | chain hash before this segment  | 0 (8)   | CRC32C  |
 *   +-------------------+---------+-----------------+---------------------------------+---------+---------+
 * </pre>
 * followed by records, each (big-endian):
 * <pre>
 *   0         4      5                13                 21             21+P        25+P                   57+P
 *   +---------+------+----------------+------------------+--------------+-----------+----------------------+
 *   | length  | type | sequence       | timestamp (ns)   | payload (P)  | CRC32C    | chain hash (SHA-256) |
 *   +---------+------+----------------+------------------+--------------+-----------+----------------------+
 * </pre>
 * {@code length} is the whole record (57 + P). The CRC32C covers bytes {@code [0, 21+P)}. The chain hash is
 * {@code SHA-256(previous record's chain hash || bytes [0, 25+P))}: it commits to the record, its CRC and, through
 * the previous hash, to everything before it, so editing any record (even with a fixed CRC), removing one, or
 * reordering them breaks every later hash. The first record's previous hash is 32 zero bytes; a segment header
 * carries the hash it continues from. Sequence numbers increase by exactly one from record to record and across
 * segments. Nothing is ever rewritten in place; recovery may only cut off a torn tail that was never acknowledged.
 */
public final class JournalWriter implements AutoCloseable {
    /** Default size at which a new segment is started. */
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    /** Bytes buffered between flushes; a batch larger than this is flushed in pieces (still one fsync). */
    private static final int BUFFER_BYTES = 4 << 20;

    private final Path directory;
    private final long segmentBytes;
    private final boolean fsync;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private final byte[] scratch = new byte[JournalFormat.RECORD_HEADER_LENGTH + JournalFormat.MAX_PAYLOAD_LENGTH + 4];
    private final MessageDigest sha256 = Sha256.newDigest();
    private final CRC32C crc = new CRC32C();
    private final byte[] chainHash;
    private FileChannel channel;
    private long segmentLength;
    private long lastSeq;
    private boolean dirty;

    /**
     * A writer that continues after {@code lastSeq} whose chain hash is {@code chainHash}; it starts a new segment
     * at the first append.
     */
    public JournalWriter(final Path directory, final long lastSeq, final byte[] chainHash, final long segmentBytes, final boolean fsync) {
        this.directory = directory;
        this.lastSeq = lastSeq;
        this.chainHash = chainHash.clone();
        this.segmentBytes = segmentBytes;
        this.fsync = fsync;
    }

    /** Sequence number of the last appended record. */
    public long lastSeq() {
        return lastSeq;
    }

    /** Chain hash after the last appended record. */
    public byte[] chainHash() {
        return chainHash.clone();
    }

    /** Appends a record to the current batch; {@code seq} must be the last one plus one. Not durable until {@link #flush}. */
    public void append(final byte type, final long seq, final long timestampNanos, final byte[] payload) {
        if (seq != lastSeq + 1) {
            throw new IllegalArgumentException("journal sequence gap: " + seq + " after " + lastSeq);
        }
        if (payload.length > JournalFormat.MAX_PAYLOAD_LENGTH) {
            throw new IllegalArgumentException("payload too large: " + payload.length);
        }
        final int length = JournalFormat.MIN_RECORD_LENGTH + payload.length;
        if (channel == null || segmentLength + buffer.position() + length > segmentBytes) {
            writeBuffer();
            startSegment(seq);
        }
        if (buffer.remaining() < length) {
            writeBuffer();
        }
        final ByteBuffer head = ByteBuffer.wrap(scratch);
        head.putInt(length).put(type).putLong(seq).putLong(timestampNanos).put(payload);
        final int covered = JournalFormat.RECORD_HEADER_LENGTH + payload.length;
        crc.reset();
        crc.update(scratch, 0, covered);
        head.putInt((int)crc.getValue());
        sha256.update(chainHash);
        sha256.update(scratch, 0, covered + 4);
        Sha256.digestInto(sha256, chainHash);
        buffer.put(scratch, 0, covered + 4).put(chainHash);
        lastSeq = seq;
        dirty = true;
    }

    /** Writes the batch and, unless fsync is off, forces it to disk: when this returns, the batch is durable. */
    public void flush() {
        if (!dirty) {
            return;
        }
        writeBuffer();
        try {
            if (fsync) {
                channel.force(false);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("journal fsync failed", e);
        }
        dirty = false;
    }

    private void writeBuffer() {
        if (buffer.position() == 0) {
            return;
        }
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                segmentLength += channel.write(buffer);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("journal write failed", e);
        }
        buffer.clear();
    }

    private void startSegment(final long firstSeq) {
        try {
            if (channel != null) {
                channel.force(false);
                channel.close();
            }
            final Path path = JournalFormat.segmentPath(directory, firstSeq);
            channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            final ByteBuffer header = ByteBuffer.allocate(JournalFormat.SEGMENT_HEADER_LENGTH);
            header.putLong(JournalFormat.SEGMENT_MAGIC).putInt(JournalFormat.VERSION).putLong(firstSeq).put(chainHash).putLong(0);
            crc.reset();
            crc.update(header.array(), 0, header.position());
            header.putInt((int)crc.getValue());
            header.flip();
            while (header.hasRemaining()) {
                channel.write(header);
            }
            segmentLength = JournalFormat.SEGMENT_HEADER_LENGTH;
            if (fsync) {
                channel.force(true);
                Fsync.directory(directory);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot start journal segment at seq " + firstSeq + " in " + directory, e);
        }
    }

    @Override
    public void close() {
        flush();
        if (channel != null) {
            try {
                channel.close();
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
            channel = null;
        }
    }
}
