package io.bourse.history;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL the tests run against: {@code BOURSE_PG_URL} if set, else a throwaway server from
 * {@code scripts/postgres-test.sh} (which installs PostgreSQL with apt-get on a bare Debian machine). If neither works
 * the tests fail, with the script's output in the message: a PostgreSQL run is never skipped.
 *
 * <p>A server started here is stopped at the end of the test run ({@link PostgresLifecycle}) or, failing that, when the
 * JVM exits. A server that was already running is used and left running. Each test gets a schema of its own.
 */
final class TestPostgres {
    /** apt-get on a fresh machine can take a while. */
    private static final long START_TIMEOUT_MINUTES = 20;
    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    private static String url;
    private static String failure;
    private static Path script;
    private static boolean startedHere;
    private static final List<String> CREATED_SCHEMAS = new ArrayList<>();

    private TestPostgres() {
    }

    /** The server's JDBC URL (starting the server on first use). */
    static synchronized String url() {
        if (url != null) {
            return url;
        }
        if (failure != null) {
            throw new AssertionError(failure);
        }
        final String fromEnvironment = System.getenv("BOURSE_PG_URL");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            url = fromEnvironment.trim();
            return url;
        }
        try {
            script = findScript();
            final Result status = run("status", 1);
            if (status.exit() == 0 && status.lastLine().startsWith("jdbc:postgresql:")) {
                url = status.lastLine();
                return url;
            }
            final Result start = run("start", START_TIMEOUT_MINUTES);
            if (start.exit() != 0 || !start.lastLine().startsWith("jdbc:postgresql:")) {
                failure = "PostgreSQL could not be made available for the tests (" + script + " start exited with " + start.exit()
                    + "; set BOURSE_PG_URL to use an existing server). Its output:\n" + start.output();
                throw new AssertionError(failure);
            }
            startedHere = true;
            Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::stop, "bourse-test-postgres-stop"));
            url = start.lastLine();
            return url;
        } catch (final IOException e) {
            failure = "PostgreSQL could not be made available for the tests: " + e;
            throw new AssertionError(failure, e);
        }
    }

    /** A URL whose tables live in a new, empty schema (dropped at the end of the run). */
    static String newSchemaUrl() {
        final String base = url();
        final String schema = "t" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(base); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            statement.execute("CREATE SCHEMA " + schema);
        } catch (final SQLException e) {
            throw new AssertionError("cannot create a schema on " + JdbcHistoryStore.redact(base) + ": " + e.getMessage(), e);
        }
        synchronized (TestPostgres.class) {
            CREATED_SCHEMAS.add(schema);
        }
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** Drops the schemas of this run and stops the server if this run started it; idempotent. */
    static synchronized void stop() {
        if (url != null && !CREATED_SCHEMAS.isEmpty() && !startedHere) {
            try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
                for (final String schema : CREATED_SCHEMAS) {
                    statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                }
            } catch (final SQLException e) {
                System.err.println("could not drop the test schemas: " + e.getMessage());
            }
        }
        CREATED_SCHEMAS.clear();
        if (startedHere) {
            startedHere = false;
            try {
                final Result stop = run("stop", 2);
                if (stop.exit() != 0) {
                    System.err.println(script + " stop exited with " + stop.exit() + ":\n" + stop.output());
                }
            } catch (final IOException e) {
                System.err.println(script + " stop failed: " + e);
            }
        }
    }

    private record Result(int exit, String stdout, String output) {
        String lastLine() {
            final String[] lines = stdout.strip().split("\n");
            return lines[lines.length - 1].strip();
        }
    }

    /** Runs the script with its output in files, never pipes: the server it starts must not hold a pipe of this JVM. */
    private static Result run(final String command, final long timeoutMinutes) throws IOException {
        final Path out = Files.createTempFile("postgres-test-", ".out");
        final Path err = Files.createTempFile("postgres-test-", ".err");
        try {
            final Process process = new ProcessBuilder("bash", script.toString(), command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
            if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Result(-1, "", "timed out after " + timeoutMinutes + " min\n" + read(err));
            }
            final String stdout = read(out);
            return new Result(process.exitValue(), stdout, stdout + read(err));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String read(final Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** scripts/postgres-test.sh in the repository: the module directory's parent, or any ancestor of the working directory. */
    private static Path findScript() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            final Path candidate = dir.resolve("scripts").resolve("postgres-test.sh");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IOException("scripts/postgres-test.sh not found above " + Path.of("").toAbsolutePath());
    }
}
