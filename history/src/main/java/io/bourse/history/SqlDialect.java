package io.bourse.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * What differs between the two databases, in one place. The schema and every statement are otherwise the same SQL:
 * both speak {@code INSERT ... ON CONFLICT (...) DO UPDATE SET c = excluded.c}, {@code LIMIT ?} and
 * {@code CREATE ... IF NOT EXISTS}.
 */
enum SqlDialect {
    /** Embedded, one file; WAL so that readers never block the projector; synchronous=NORMAL (no fsync per commit). */
    SQLITE("jdbc:sqlite:", " WITHOUT ROWID"),
    /** A server; the projector's session commits asynchronously (the projection is rebuilt from the journal anyway). */
    POSTGRES("jdbc:postgresql:", "");

    private final String prefix;
    private final String tableOptions;

    SqlDialect(final String prefix, final String tableOptions) {
        this.prefix = prefix;
        this.tableOptions = tableOptions;
    }

    /** The dialect of a JDBC URL. */
    static SqlDialect of(final String jdbcUrl) {
        for (final SqlDialect dialect : values()) {
            if (jdbcUrl.startsWith(dialect.prefix)) {
                return dialect;
            }
        }
        throw new IllegalArgumentException("unsupported history database URL (jdbc:sqlite:<file> or jdbc:postgresql://...): " + jdbcUrl);
    }

    /** Appended to CREATE TABLE: SQLite clusters rows by their composite primary key without a rowid. */
    String tableOptions() {
        return tableOptions;
    }

    /** The connection properties to use, given the caller's. */
    Properties properties(final Properties given) {
        final Properties properties = new Properties();
        properties.putAll(given);
        if (this == POSTGRES) {
            // Batched INSERTs become multi-row INSERTs: several times faster for trades and klines.
            properties.putIfAbsent("reWriteBatchedInserts", "true");
            properties.putIfAbsent("ApplicationName", "bourse-history");
        }
        return properties;
    }

    /** Creates the directory an SQLite file lives in, so that a fresh data directory works. */
    void prepare(final String jdbcUrl) {
        if (this != SQLITE) {
            return;
        }
        String path = jdbcUrl.substring(prefix.length());
        if (path.startsWith("file:")) {
            path = path.substring("file:".length());
        }
        final int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (path.isEmpty() || path.startsWith(":memory:")) {
            throw new IllegalArgumentException("the history needs a database file (readers use their own connections): " + jdbcUrl);
        }
        final Path parent = Path.of(path).toAbsolutePath().getParent();
        if (parent != null) {
            try {
                Files.createDirectories(parent);
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot create " + parent, e);
            }
        }
    }

    /** Session settings of the projector's (only) writing connection. */
    void configureWriter(final Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (this == SQLITE) {
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA synchronous=NORMAL");
                statement.execute("PRAGMA busy_timeout=10000");
                statement.execute("PRAGMA cache_size=-32768");
                statement.execute("PRAGMA temp_store=MEMORY");
            } else {
                statement.execute("SET synchronous_commit = off");
            }
        }
        connection.setAutoCommit(false);
    }

    /** Session settings of a query connection. */
    void configureReader(final Connection connection) throws SQLException {
        if (this == SQLITE) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA busy_timeout=10000");
                statement.execute("PRAGMA query_only=ON");
            }
        }
        connection.setAutoCommit(true);
    }
}
