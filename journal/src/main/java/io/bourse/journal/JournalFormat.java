package io.bourse.journal;

import java.nio.file.Path;

/**
 * Constants and names of the on-disk format; the layout itself is drawn in {@link JournalWriter}.
 */
public final class JournalFormat {
    /** First eight bytes of every segment. */
    static final long SEGMENT_MAGIC = 0x424F555253454A31L; // "BOURSEJ1"
    /** First eight bytes of every snapshot file. */
    static final long SNAPSHOT_MAGIC = 0x424F555253455331L; // "BOURSES1"
    static final int VERSION = 1;
    static final int SEGMENT_HEADER_LENGTH = 64;
    static final int RECORD_HEADER_LENGTH = 21;
    static final int HASH_LENGTH = 32;
    static final int RECORD_TRAILER_LENGTH = 4 + HASH_LENGTH;
    /** The smallest possible record: header and trailer around an empty payload. */
    static final int MIN_RECORD_LENGTH = RECORD_HEADER_LENGTH + RECORD_TRAILER_LENGTH;
    /** No command payload is larger; a length field beyond this is corruption, not a big record. */
    public static final int MAX_PAYLOAD_LENGTH = 1 << 20;
    /** Record type of a sequenced command. */
    public static final byte TYPE_COMMAND = 1;
    /** The chain hash before the first record. */
    static final byte[] GENESIS_HASH = new byte[HASH_LENGTH];

    private static final String SEGMENT_PREFIX = "journal-";
    private static final String SEGMENT_SUFFIX = ".seg";
    private static final String SNAPSHOT_PREFIX = "snapshot-";
    private static final String SNAPSHOT_SUFFIX = ".snap";

    private JournalFormat() {
    }

    static Path segmentPath(final Path directory, final long firstSeq) {
        return directory.resolve(SEGMENT_PREFIX + String.format("%020d", firstSeq) + SEGMENT_SUFFIX);
    }

    static boolean isSegment(final Path file) {
        final String name = file.getFileName().toString();
        return name.startsWith(SEGMENT_PREFIX) && name.endsWith(SEGMENT_SUFFIX);
    }

    static Path snapshotPath(final Path directory, final long seq) {
        return directory.resolve(SNAPSHOT_PREFIX + String.format("%020d", seq) + SNAPSHOT_SUFFIX);
    }

    static boolean isSnapshot(final Path file) {
        final String name = file.getFileName().toString();
        return name.startsWith(SNAPSHOT_PREFIX) && name.endsWith(SNAPSHOT_SUFFIX);
    }
}
