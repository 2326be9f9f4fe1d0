package io.bourse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures signed POST /api/v3/order from a small in-process load loop: several client threads over keep-alive
 * connections, two accounts crossing orders, fsync on, rate limits off. Prints orders/s and p50/p99 latency; asserts
 * only that the orders succeeded.
 */
@Tag("slow")
class OrderLoadTest {
    private static final int THREADS = 16;
    private static final long WARMUP_MILLIS = 3_000;
    private static final long MEASURE_MILLIS = 5_000;

    @TempDir
    Path dataDir;

    @Test
    void signedOrdersPerSecondAndLatency() throws Exception {
        try (ExchangeNode node = ExchangeNode.start(NodeConfig.defaults(dataDir).withPort(0)
            .withRateLimits(RateLimiter.Limits.binance().off()))) {
            final ApiClient admin = new ApiClient(node.url(), null, null);
            final ApiKey[] keys = node.demoKeys().toArray(new ApiKey[0]);
            for (final ApiKey key : keys) {
                for (final String[] d : new String[][] {{"USDT", "1000000000"}, {"BTC", "100000"}}) {
                    assertThat(admin.admin("POST", "/admin/v1/deposits", node.adminToken(),
                        "{\"accountId\":" + key.accountId() + ",\"asset\":\"" + d[0] + "\",\"amount\":\"" + d[1] + "\"}").status()).isEqualTo(200);
                }
            }
            final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            final long[][] latencies = new long[THREADS][];
            final int[] counts = new int[THREADS];
            final AtomicLong failures = new AtomicLong();
            final long start = System.nanoTime();
            final long measureFrom = start + WARMUP_MILLIS * 1_000_000;
            final long end = measureFrom + MEASURE_MILLIS * 1_000_000;
            final Thread[] threads = new Thread[THREADS];
            for (int t = 0; t < THREADS; t++) {
                final int index = t;
                latencies[t] = new long[1 << 20];
                threads[t] = new Thread(() -> {
                    final ApiKey key = keys[index % 2];
                    final String side = index % 2 == 0 ? "BUY" : "SELL";
                    long now = System.nanoTime();
                    while (now < end) {
                        final String query = "symbol=BTCUSDT&side=" + side + "&type=LIMIT&timeInForce=GTC&quantity=0.001&price=30000"
                            + "&newOrderRespType=ACK&timestamp=" + System.currentTimeMillis();
                        final HttpRequest request = HttpRequest.newBuilder(URI.create(node.url() + "/api/v3/order?" + query + "&signature="
                            + Auth.hmacHex(key.hmacSecret(), query))).header("X-MBX-APIKEY", key.apiKey())
                            .POST(HttpRequest.BodyPublishers.noBody()).build();
                        final long sent = System.nanoTime();
                        try {
                            final HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() != 200) {
                                failures.incrementAndGet();
                            }
                        } catch (final Exception e) {
                            failures.incrementAndGet();
                        }
                        now = System.nanoTime();
                        if (sent >= measureFrom && now <= end && counts[index] < latencies[index].length) {
                            latencies[index][counts[index]++] = now - sent;
                        }
                    }
                });
                threads[t].start();
            }
            for (final Thread thread : threads) {
                thread.join();
            }
            int total = 0;
            for (final int count : counts) {
                total += count;
            }
            final long[] all = new long[total];
            int at = 0;
            for (int t = 0; t < THREADS; t++) {
                System.arraycopy(latencies[t], 0, all, at, counts[t]);
                at += counts[t];
            }
            Arrays.sort(all);
            System.out.printf("signed POST /api/v3/order, %d client threads, fsync on: %.0f orders/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms"
                + " (%d measured, %d failed)%n", THREADS, total / (MEASURE_MILLIS / 1000.0), all[total / 2] / 1e6, all[(int) (total * 0.99)] / 1e6,
                all[(int) (total * 0.999)] / 1e6, total, failures.get());
            assertThat(failures.get()).isZero();
            assertThat(total).isPositive();
        }
    }
}
