package io.bourse.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Engine snapshots on disk, one file each, named {@code snapshot-<seq, 20 digits>.snap}:
 * <pre>
 *   magic "BOURSES1" (8) | version (4) | seq (8) | chain hash at seq (32) | state digest (32) | length (4) |
 *   engine snapshot bytes (length) | CRC32C of everything before (4)
 * </pre>
 * Written atomically: a temporary file is written and forced, renamed into place, and the directory is forced.
 */
public final class SnapshotStore {

    /**
     * A snapshot read back.
     *
     * @param file      where it was read from
     * @param seq       the last command it covers
     * @param chainHash the journal's chain hash after that command
     * @param digest    the engine's state digest at that point
     * @param state     the engine's snapshot bytes
     */
    public record Snapshot(Path file, long seq, byte[] chainHash, byte[] digest, byte[] state) {
    }

    private SnapshotStore() {
    }

    /** Writes a snapshot atomically; returns its path. */
    public static Path write(final Path directory, final long seq, final byte[] chainHash, final byte[] digest, final byte[] state) {
        final int length = 8 + 4 + 8 + JournalFormat.HASH_LENGTH * 2 + 4 + state.length + 4;
        final ByteBuffer buffer = ByteBuffer.allocate(length);
        buffer.putLong(JournalFormat.SNAPSHOT_MAGIC).putInt(JournalFormat.VERSION).putLong(seq).put(chainHash).put(digest)
            .putInt(state.length).put(state);
        final CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, buffer.position());
        buffer.putInt((int)crc.getValue());
        buffer.flip();
        final Path target = JournalFormat.snapshotPath(directory, seq);
        final Path temporary = directory.resolve("." + target.getFileName() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Fsync.directory(directory);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write snapshot " + target, e);
        }
        return target;
    }

    /** The snapshot files of a directory, newest (highest seq) first. */
    public static List<Path> list(final Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(JournalFormat::isSnapshot).sorted(Comparator.reverseOrder()).toList();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    /** Reads and checks one snapshot file; throws {@link JournalCorruptException} if it is damaged. */
    public static Snapshot read(final Path file) {
        final byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        final int fixed = 8 + 4 + 8 + JournalFormat.HASH_LENGTH * 2 + 4;
        if (bytes.length < fixed + 4) {
            throw new JournalCorruptException(file, 0, -1, "snapshot truncated");
        }
        final ByteBuffer view = ByteBuffer.wrap(bytes);
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if (view.getLong(0) != JournalFormat.SNAPSHOT_MAGIC || view.getInt(8) != JournalFormat.VERSION
            || (int)crc.getValue() != view.getInt(bytes.length - 4)) {
            throw new JournalCorruptException(file, 0, -1, "bad snapshot (magic, version or CRC32C)");
        }
        final long seq = view.getLong(12);
        final byte[] chainHash = new byte[JournalFormat.HASH_LENGTH];
        final byte[] digest = new byte[JournalFormat.HASH_LENGTH];
        view.get(20, chainHash);
        view.get(20 + JournalFormat.HASH_LENGTH, digest);
        final int length = view.getInt(20 + JournalFormat.HASH_LENGTH * 2);
        if (length != bytes.length - fixed - 4) {
            throw new JournalCorruptException(file, 0, seq, "snapshot length field disagrees with the file");
        }
        final byte[] state = new byte[length];
        view.get(fixed, state);
        return new Snapshot(file, seq, chainHash, digest, state);
    }

    /**
     * The newest snapshot that reads back intact and covers at most {@code maxSeq}; damaged ones are skipped and
     * named in {@code notes}. Null if there is none.
     */
    public static Snapshot newestValid(final Path directory, final long maxSeq, final List<String> notes) {
        for (final Path file : list(directory)) {
            try {
                final Snapshot snapshot = read(file);
                if (snapshot.seq() <= maxSeq) {
                    return snapshot;
                }
            } catch (final JournalCorruptException e) {
                notes.add("skipped damaged snapshot: " + e.getMessage());
            }
        }
        return null;
    }

    /** Every snapshot that reads back intact, oldest first; damaged ones are named in {@code notes}. */
    public static List<Snapshot> allValid(final Path directory, final List<String> notes) {
        final List<Snapshot> valid = new ArrayList<>();
        for (final Path file : list(directory)) {
            try {
                valid.add(0, read(file));
            } catch (final JournalCorruptException e) {
                notes.add("damaged snapshot: " + e.getMessage());
            }
        }
        return valid;
    }
}
