package io.bourse.bench.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The exchange under test, in a child JVM: what {@code ./bourse start} runs ({@code io.bourse.app.Main start} on the
 * app's classpath with the launcher's JVM flags), on a free port, a fresh data directory, rate limits off, and an admin
 * token passed in {@code BOURSE_ADMIN_TOKEN}. Its output goes to {@code server.log} beside the data directory.
 */
public final class ServerProcess implements AutoCloseable {
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(120);

    private final Process process;
    private final int port;
    private final Path log;
    private final List<String> command;

    private ServerProcess(final Process process, final int port, final Path log, final List<String> command) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.command = command;
    }

    /** Starts the server and waits until {@code GET /api/v3/ping} answers 200. */
    public static ServerProcess start(final String classpath, final Path dataDir, final Path log, final String adminToken,
        final List<String> extraJvmFlags) throws IOException, InterruptedException {
        final int port = freePort();
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("--add-exports");
        command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("--enable-native-access=ALL-UNNAMED");
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(extraJvmFlags);
        command.add("-cp");
        command.add(classpath);
        command.add("io.bourse.app.Main");
        command.add("start");
        command.add("--port");
        command.add(Integer.toString(port));
        command.add("--data-dir");
        command.add(dataDir.toString());
        command.add("--rate-limits");
        command.add("off");
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("BOURSE_ADMIN_TOKEN", adminToken);
        final Process process = builder.start();
        final ServerProcess server = new ServerProcess(process, port, log, command);
        try {
            server.awaitPing();
        } catch (final IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitPing() throws IOException, InterruptedException {
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        final HttpRequest ping = HttpRequest.newBuilder(URI.create(url() + "/api/v3/ping")).timeout(Duration.ofSeconds(5)).GET().build();
        final long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with code " + process.exitValue() + "; its output:\n" + logTail());
            }
            try {
                if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (final IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the server did not answer /api/v3/ping within 120 s; its output:\n" + logTail());
            }
            Thread.sleep(100);
        }
    }

    /** The base URL. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public List<String> command() {
        return command;
    }

    /** The last lines the server printed. */
    public String logTail() {
        try {
            final List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (final IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Stops the server as Ctrl-C does (SIGTERM: final snapshot), killing it if it takes more than a minute. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (final InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Deletes a benchmark's work directory (the data directory and the server log) and everything in it. */
    public static void deleteRecursively(final Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (final Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (final UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException("no free port on the loopback", e);
        }
    }
}
