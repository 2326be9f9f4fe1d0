package io.bourse.engine;

import java.nio.charset.StandardCharsets;

/** Reads what {@link SnapshotWriter} wrote; throws {@link IllegalArgumentException} on truncated input. */
final class SnapshotReader {
    private final byte[] bytes;
    private int position;

    SnapshotReader(final byte[] bytes) {
        this.bytes = bytes;
    }

    private void need(final int count) {
        if (count < 0 || position + count > bytes.length) {
            throw new IllegalArgumentException("snapshot truncated at byte " + position);
        }
    }

    int readByte() {
        need(1);
        return bytes[position++];
    }

    boolean readBoolean() {
        return readByte() != 0;
    }

    int readInt() {
        need(4);
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | (bytes[position++] & 0xFF);
        }
        return value;
    }

    long readLong() {
        need(8);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[position++] & 0xFF);
        }
        return value;
    }

    String readString() {
        final int length = readInt();
        if (length == -1) {
            return null;
        }
        need(length);
        final String value = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return value;
    }

    <E extends Enum<E>> E readEnum(final E[] values) {
        final int ordinal = readByte();
        return ordinal < 0 ? null : values[ordinal];
    }

    boolean atEnd() {
        return position == bytes.length;
    }
}
