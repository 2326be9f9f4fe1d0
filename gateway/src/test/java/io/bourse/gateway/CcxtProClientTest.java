package io.bourse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The real, unmodified ccxt.pro (ccxt's WebSocket client, same pinned npm package as {@link CcxtClientTest}) against a
 * running node: {@code clients/ccxt/test-ccxt-pro.mjs} trades between two fresh accounts over REST while the buyer's
 * client watches the order book, trades, candles, its orders and its balance, then checks at the quiet point that
 * every watcher shows what REST says. The script's seed is random per run and printed; {@code -Dbourse.seed=N}
 * replays it.
 */
class CcxtProClientTest {
    private static final long RUN_TIMEOUT_SECONDS = 120;

    @TempDir
    Path dataDir;

    @Test
    void ccxtProWatchesTheNode() throws IOException, InterruptedException {
        final Path dir = CcxtClientTest.projectDir();
        CcxtClientTest.ensureInstalled(dir);
        final long seed = Long.getLong("bourse.seed", System.nanoTime() % 1_000_000_007L);
        System.out.println("CcxtProClientTest seed " + seed + " (replay with -Dbourse.seed=" + seed + ")");
        try (ExchangeNode node = ExchangeNode.start(NodeConfig.defaults(dataDir).withPort(0).withFsync(false))) {
            final Funding.Account buyer = Funding.open(node, "ccxt-pro-buyer", "USDT", "100000");
            final Funding.Account seller = Funding.open(node, "ccxt-pro-seller", "BTC", "2");
            final long started = System.nanoTime();
            final CcxtClientTest.Run result = CcxtClientTest.run(dir, RUN_TIMEOUT_SECONDS, Map.of("BOURSE_URL", node.url(),
                "BOURSE_BUYER_KEY", buyer.apiKey(), "BOURSE_BUYER_SECRET", buyer.secret(), "BOURSE_SELLER_KEY", seller.apiKey(),
                "BOURSE_SELLER_SECRET", seller.secret(), "BOURSE_SEED", Long.toString(seed)), "node", "test-ccxt-pro.mjs");
            System.out.printf("CcxtProClientTest: test-ccxt-pro.mjs ran in %d ms%n", (System.nanoTime() - started) / 1_000_000);
            final String output = result.output();
            final String last = output.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse(null);
            assertThat(last).as("test-ccxt-pro.mjs printed no JSON summary:\n" + output).isNotNull();
            final JsonObject summary = new JsonObject(last);
            final JsonArray checks = summary.getJsonArray("checks");
            for (final Object o : checks) {
                final JsonObject check = (JsonObject) o;
                assertThat(check.getBoolean("ok")).as(check.getString("name") + ": " + check.getString("detail")).isTrue();
            }
            assertThat(summary.getString("failure")).as("ccxt.pro run failed; its summary:\n" + summary.encodePrettily()).isNull();
            assertThat(result.exitCode()).as(output).isZero();
            assertThat(summary.getBoolean("ok")).isTrue();
            assertThat(checks.size()).isGreaterThanOrEqualTo(8);
            System.out.println("CcxtProClientTest: " + summary.getJsonObject("counts").encode());
        }
    }
}
