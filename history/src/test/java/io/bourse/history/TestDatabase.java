package io.bourse.history;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** The two databases every history test runs against; each call gives a new, empty database. */
enum TestDatabase {
    SQLITE,
    POSTGRES;

    private static final AtomicInteger FILES = new AtomicInteger();

    /** The URL of a new, empty database ({@code directory} holds SQLite files). */
    String newUrl(final Path directory) {
        return this == SQLITE
            ? "jdbc:sqlite:" + directory.resolve("history-" + FILES.incrementAndGet() + ".db").toAbsolutePath()
            : TestPostgres.newSchemaUrl();
    }
}
