package io.bourse.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable big-endian byte writer for snapshots; in memory, no I/O. */
final class SnapshotWriter {
    private byte[] bytes;
    private int length;

    /** A writer for a snapshot: starts at 64 KiB. */
    SnapshotWriter() {
        this(1 << 16);
    }

    /** A writer that starts with {@code capacity} bytes (a command is encoded in a few dozen). */
    SnapshotWriter(final int capacity) {
        bytes = new byte[capacity];
    }

    private void ensure(final int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    void writeByte(final int value) {
        ensure(1);
        bytes[length++] = (byte)value;
    }

    void writeBoolean(final boolean value) {
        writeByte(value ? 1 : 0);
    }

    void writeInt(final int value) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            bytes[length++] = (byte)(value >>> shift);
        }
    }

    void writeLong(final long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[length++] = (byte)(value >>> shift);
        }
    }

    /** A nullable string: length -1 for null, else UTF-8 bytes. */
    void writeString(final String value) {
        if (value == null) {
            writeInt(-1);
            return;
        }
        final byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        writeInt(utf8.length);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, bytes, length, utf8.length);
        length += utf8.length;
    }

    /** A nullable enum, by ordinal (-1 for null). */
    void writeEnum(final Enum<?> value) {
        writeByte(value == null ? -1 : value.ordinal());
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }
}
