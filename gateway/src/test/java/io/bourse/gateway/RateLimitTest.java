package io.bourse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** REQUEST_WEIGHT per IP with 429 then 418, ORDERS per account with 429 -1015, and the headers that count them. */
class RateLimitTest {
    @TempDir
    Path dataDir;

    @Test
    void weightOverTheLimitGets429ThenABan() {
        final RateLimiter.Limits limits = new RateLimiter.Limits(true, 10, 50, 160_000, 3, 120_000);
        try (ExchangeNode node = ExchangeNode.start(NodeConfig.defaults(dataDir).withPort(0).withRateLimits(limits))) {
            final ApiClient client = new ApiClient(node.url(), null, null);
            for (int i = 1; i <= 10; i++) {
                final ApiClient.Response ping = client.get("/api/v3/ping", "");
                assertThat(ping.status()).isEqualTo(200);
                assertThat(ping.header("X-MBX-USED-WEIGHT-1m")).isEqualTo(Integer.toString(i));
            }
            final ApiClient.Response limited = client.get("/api/v3/ping", "");
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.code()).isEqualTo(-1003);
            assertThat(limited.json().getString("msg")).startsWith("Too much request weight used; current limit is 10 request weight per 1m.");
            assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
            assertThat(client.get("/api/v3/exchangeInfo", "").status()).isEqualTo(429);
            assertThat(client.get("/api/v3/ping", "").status()).isEqualTo(429);
            final ApiClient.Response banned = client.get("/api/v3/ping", "");
            assertThat(banned.status()).isEqualTo(418);
            assertThat(banned.code()).isEqualTo(-1003);
            assertThat(banned.json().getString("msg")).startsWith("Way too much request weight used; IP banned until ");
            assertThat(Long.parseLong(banned.header("Retry-After"))).isBetween(100L, 120L);
            assertThat(client.get("/api/v3/time", "").status()).isEqualTo(418);
        }
    }

    @Test
    void ordersOverTheLimitGet1015() {
        final RateLimiter.Limits limits = new RateLimiter.Limits(true, 6000, 3, 160_000, 10, 120_000);
        try (ExchangeNode node = ExchangeNode.start(NodeConfig.defaults(dataDir).withPort(0).withRateLimits(limits))) {
            final ApiKey key = node.demoKeys().get(0);
            final ApiClient client = new ApiClient(node.url(), key.apiKey(), key.hmacSecret());
            for (int i = 1; i <= 3; i++) {
                final ApiClient.Response r = client.signed("POST", "/api/v3/order",
                    "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=20000");
                assertThat(r.status()).as(r.toString()).isEqualTo(200);
                assertThat(r.header("X-MBX-ORDER-COUNT-10s")).isEqualTo(Integer.toString(i));
                assertThat(r.header("X-MBX-ORDER-COUNT-1d")).isEqualTo(Integer.toString(i));
            }
            final ApiClient.Response limited = client.signed("POST", "/api/v3/order",
                "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=20000");
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.code()).isEqualTo(-1015);
            assertThat(limited.json().getString("msg")).isEqualTo("Too many new orders; current limit is 3 orders per 10 SECOND.");
            assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 10L);
            // Reads and cancels are not orders.
            assertThat(client.signed("GET", "/api/v3/openOrders", "symbol=BTCUSDT").array()).hasSize(3);
            assertThat(client.signed("DELETE", "/api/v3/openOrders", "symbol=BTCUSDT").status()).isEqualTo(200);
        }
    }

    @Test
    void offCountsButNeverRefuses() {
        final RateLimiter.Limits limits = new RateLimiter.Limits(false, 2, 1, 1, 0, 120_000);
        try (ExchangeNode node = ExchangeNode.start(NodeConfig.defaults(dataDir).withPort(0).withRateLimits(limits))) {
            final ApiClient client = new ApiClient(node.url(), null, null);
            for (int i = 0; i < 20; i++) {
                assertThat(client.get("/api/v3/exchangeInfo", "").status()).isEqualTo(200);
            }
        }
    }
}
