package io.bourse.journal;

import java.nio.file.Path;

/** The journal or a snapshot is damaged somewhere other than a torn tail: names the file, offset and sequence number. */
public final class JournalCorruptException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;
    private final long seq;

    JournalCorruptException(final Path file, final long offset, final long seq, final String reason) {
        super("journal corrupt: " + file + " at offset " + offset + " (seq " + seq + "): " + reason);
        this.file = file;
        this.offset = offset;
        this.seq = seq;
    }

    /** The damaged file. */
    public Path file() {
        return file;
    }

    /** Byte offset of the damaged record or header in the file. */
    public long offset() {
        return offset;
    }

    /** The sequence number found or expected there. */
    public long seq() {
        return seq;
    }
}
