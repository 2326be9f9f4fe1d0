package io.bourse.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The real, unmodified ccxt (npm {@code ccxt@4.5.84}, pinned with its lock file in {@code clients/ccxt}) against a
 * running node: {@code clients/ccxt/test-ccxt.mjs} trades between two accounts opened here and checks what ccxt makes of
 * every answer, then follows the buyer's orders, balance and trades with ccxt pro over the WebSocket API. The npm
 * packages are installed into {@code clients/ccxt/node_modules} on first use (npm's download cache in
 * {@code clients/ccxt/.npm-cache}), so later runs start at once. Without node or npm, or when the install fails, the
 * test fails: it never skips.
 */
class CcxtClientTest {
    private static final String CCXT_VERSION = "4.5.84";
    private static final long INSTALL_TIMEOUT_SECONDS = 600;
    private static final long RUN_TIMEOUT_SECONDS = 120;

    @TempDir
    Path dataDir;

    /** The ccxt project folder, found from the module's working directory upwards. */
    static Path projectDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            final Path candidate = dir.resolve("clients").resolve("ccxt");
            if (Files.isRegularFile(candidate.resolve("package.json"))) {
                return candidate;
            }
            dir = dir.getParent();
        }
        return fail("clients/ccxt/package.json not found above " + Path.of("").toAbsolutePath());
    }

    /** A finished command: its exit code and everything it printed. */
    record Run(int exitCode, String output) {
    }

    /** Runs a command in {@code dir}; fails the test when it cannot start or does not finish in time. */
    static Run run(final Path dir, final long timeoutSeconds, final Map<String, String> env, final String... command)
        throws IOException, InterruptedException {
        final Path log = Files.createTempFile("bourse-ccxt-", ".log");
        try {
            final ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
            builder.environment().putAll(env);
            final Process process;
            try {
                process = builder.start();
            } catch (final IOException e) {
                return fail("cannot run " + String.join(" ", command) + " (is Node.js 20+ with npm installed and on the PATH?): " + e.getMessage());
            }
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s; it printed:\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Installs the pinned ccxt into the project folder unless it is there already (one install at a time). */
    static void ensureInstalled(final Path dir) throws IOException, InterruptedException {
        final Run nodeVersion = run(dir, 30, Map.of(), "node", "--version");
        assertThat(nodeVersion.exitCode()).as("node --version: " + nodeVersion.output()).isZero();
        final String version = nodeVersion.output().trim();
        assertThat(Integer.parseInt(version.replaceAll("^v(\\d+)\\..*$", "$1"))).as("Node.js version " + version).isGreaterThanOrEqualTo(20);
        final Path marker = dir.resolve("node_modules").resolve("ccxt").resolve("package.json");
        try (FileChannel channel = FileChannel.open(dir.resolve(".install.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            final FileLock lock = channel.lock();
            try {
                installLocked(dir, marker);
            } finally {
                lock.release();
            }
        }
    }

    private static void installLocked(final Path dir, final Path marker) throws IOException, InterruptedException {
        if (Files.isRegularFile(marker) && new JsonObject(Files.readString(marker)).getString("version").equals(CCXT_VERSION)) {
            return;
        }
        final boolean locked = Files.isRegularFile(dir.resolve("package-lock.json"));
        final long started = System.nanoTime();
        final Run install = run(dir, INSTALL_TIMEOUT_SECONDS, Map.of("npm_config_cache", dir.resolve(".npm-cache").toString(),
            "npm_config_update_notifier", "false"), "npm", locked ? "ci" : "install", "--no-audit", "--no-fund");
        assertThat(install.exitCode()).as("npm " + (locked ? "ci" : "install") + " in " + dir + " failed:\n" + install.output()).isZero();
        System.out.printf("CcxtClientTest: npm %s took %d ms%n", locked ? "ci" : "install", (System.nanoTime() - started) / 1_000_000);
        assertThat(marker).as("ccxt after npm install").isRegularFile();
        assertThat(new JsonObject(Files.readString(marker)).getString("version")).isEqualTo(CCXT_VERSION);
    }

    @Test
    void ccxtTradesAgainstTheNode() throws IOException, InterruptedException {
        final Path dir = projectDir();
        ensureInstalled(dir);
        try (ExchangeNode node = ExchangeNode.start(NodeConfig.defaults(dataDir).withPort(0).withFsync(false))) {
            final Funding.Account buyer = Funding.open(node, "ccxt-buyer", "USDT", "100000");
            final Funding.Account seller = Funding.open(node, "ccxt-seller", "BTC", "2");
            final long started = System.nanoTime();
            final Run result = run(dir, RUN_TIMEOUT_SECONDS, Map.of("BOURSE_URL", node.url(), "BOURSE_BUYER_KEY", buyer.apiKey(),
                "BOURSE_BUYER_SECRET", buyer.secret(), "BOURSE_SELLER_KEY", seller.apiKey(), "BOURSE_SELLER_SECRET", seller.secret()),
                "node", "test-ccxt.mjs");
            System.out.printf("CcxtClientTest: test-ccxt.mjs ran in %d ms%n", (System.nanoTime() - started) / 1_000_000);
            final String output = result.output();
            final String last = output.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse(null);
            assertThat(last).as("test-ccxt.mjs printed no JSON summary:\n" + output).isNotNull();
            final JsonObject summary = new JsonObject(last);
            final JsonArray checks = summary.getJsonArray("checks");
            for (final Object o : checks) {
                final JsonObject check = (JsonObject) o;
                assertThat(check.getBoolean("ok")).as(check.getString("name") + ": " + check.getString("detail")).isTrue();
            }
            assertThat(summary.getString("failure")).as("ccxt run failed; its summary:\n" + summary.encodePrettily()).isNull();
            assertThat(result.exitCode()).as(output).isZero();
            assertThat(summary.getBoolean("ok")).isTrue();
            assertThat(checks.size()).isGreaterThanOrEqualTo(50);
            // ccxt pro's user data: over the WebSocket API (userDataStream.subscribe.signature), not a listenKey.
            assertThat(checks.stream().map(o -> ((JsonObject) o).getString("name")).toList()).contains("watchOrders: the new bid",
                "watchBalance: USDT as REST sees it", "watchMyTrades: the fill", "watchOrders: partially filled", "watchOrders: canceled",
                "watchBalance: nothing locked after the cancel");
            assertThat(summary.getJsonObject("wsUrls").getString("userData")).endsWith("/ws-api/v3");
            final List<String> calls = summary.getJsonArray("calls").stream().map(String::valueOf).toList();
            assertThat(calls).as("what ccxt called").containsExactlyInAnyOrderElementsOf(List.of(
                "DELETE /api/v3/order", "GET /api/v3/account", "GET /api/v3/aggTrades", "GET /api/v3/allOrders", "GET /api/v3/depth",
                "GET /api/v3/exchangeInfo", "GET /api/v3/klines", "GET /api/v3/myTrades", "GET /api/v3/openOrders", "GET /api/v3/order",
                "GET /api/v3/ticker/24hr", "GET /api/v3/ticker/price", "POST /api/v3/order"));
            final JsonObject errors = summary.getJsonObject("errors");
            assertThat(errors.getJsonObject("bad secret fetchBalance").getString("class")).isEqualTo("AuthenticationError");
            assertThat(errors.getJsonObject("too big order").getString("class")).isEqualTo("InsufficientFunds");
            assertThat(errors.getJsonObject("unknown symbol (server, signed order)").getString("class")).isEqualTo("BadSymbol");
        }
    }
}
