package io.bourse.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The API keys, in memory for lookups and in {@code api-keys.json} in the data directory for restarts. The file is
 * rewritten whole on every change, atomically (write a temporary file, force it, rename it over the old one) and is
 * readable by its owner only (0600): it holds HMAC secrets.
 */
public final class ApiKeyStore {
    /** The file's name in the data directory. */
    public static final String FILE_NAME = "api-keys.json";
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final Map<String, ApiKey> byKey = new ConcurrentHashMap<>();

    private ApiKeyStore(final Path file) {
        this.file = file;
    }

    /** Loads the store of a data directory (empty if the file does not exist yet). */
    public static ApiKeyStore open(final Path dataDir) {
        final ApiKeyStore store = new ApiKeyStore(dataDir.resolve(FILE_NAME));
        if (Files.exists(store.file)) {
            try {
                final JsonObject root = new JsonObject(Files.readString(store.file));
                for (final Object item : root.getJsonArray("keys", new JsonArray())) {
                    final JsonObject o = (JsonObject) item;
                    final ApiKey key = new ApiKey(o.getString("apiKey"), o.getLong("accountId"), o.getString("name", ""),
                        o.getString("hmacSecret"), o.getString("ed25519PublicKey"), o.getBoolean("canTrade", true), o.getBoolean("demo", false));
                    store.byKey.put(key.apiKey(), key);
                }
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot read " + store.file, e);
            }
        }
        return store;
    }

    /** The key, or null. */
    public ApiKey get(final String apiKey) {
        return byKey.get(apiKey);
    }

    /** Every key, demo keys first, then by account. */
    public List<ApiKey> all() {
        final List<ApiKey> keys = new ArrayList<>(byKey.values());
        keys.sort((a, b) -> a.demo() != b.demo() ? (a.demo() ? -1 : 1) : Long.compare(a.accountId(), b.accountId()));
        return keys;
    }

    /** Adds a key and rewrites the file. */
    public synchronized void add(final ApiKey key) {
        byKey.put(key.apiKey(), key);
        save();
    }

    /** A new random API key or HMAC secret: 64 letters and digits, as Binance's. */
    public static String randomToken() {
        return random(64);
    }

    /** {@code length} random letters and digits. */
    public static String random(final int length) {
        final char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length()));
        }
        return new String(chars);
    }

    private void save() {
        final Json json = new Json(1024).beginObject().field("version", 1).name("keys").beginArray();
        for (final ApiKey key : all()) {
            json.beginObject().field("apiKey", key.apiKey()).field("accountId", key.accountId()).field("name", key.name())
                .field("hmacSecret", key.hmacSecret()).field("ed25519PublicKey", key.ed25519PublicKey()).field("canTrade", key.canTrade())
                .field("demo", key.demo()).endObject();
        }
        json.endArray().endObject();
        writeAtomically(file, json.toString());
    }

    /** Writes a small file atomically with owner-only permissions (where the file system has POSIX permissions). */
    static void writeAtomically(final Path target, final String content) {
        final Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(temp);
            try {
                Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (final UnsupportedOperationException e) {
                Files.createFile(temp);
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                final ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            } catch (final IOException ignored) {
                // Some file systems cannot open a directory for syncing; the rename is still atomic.
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }
}
