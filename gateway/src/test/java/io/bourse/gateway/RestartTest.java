package io.bourse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonArray;

/** A restart on the same data directory recovers the engine (equal digest), the history, the keys and the admin token. */
class RestartTest {
    @TempDir
    Path dataDir;

    @Test
    void restartRecoversStateAndHistory() {
        final String digest;
        final String adminToken;
        final ApiKey buyerKey;
        final ApiKey sellerKey;
        final String allOrders;
        final String myTrades;
        final String klines;
        final long restingId;
        try (ExchangeNode node = ExchangeNode.start(NodeConfig.defaults(dataDir).withPort(0))) {
            buyerKey = node.demoKeys().get(0);
            sellerKey = node.demoKeys().get(1);
            final ApiClient buyer = new ApiClient(node.url(), buyerKey.apiKey(), buyerKey.hmacSecret());
            final ApiClient seller = new ApiClient(node.url(), sellerKey.apiKey(), sellerKey.hmacSecret());
            for (int i = 0; i < 5; i++) {
                assertThat(seller.signed("POST", "/api/v3/order", "symbol=ETHUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.5&price="
                    + (2000 + i)).status()).isEqualTo(200);
            }
            assertThat(buyer.signed("POST", "/api/v3/order", "symbol=ETHUSDT&side=BUY&type=MARKET&quantity=1.2").json().getString("status"))
                .isEqualTo("FILLED");
            restingId = buyer.signed("POST", "/api/v3/order",
                "symbol=ETHUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.1&price=1500&selfTradePreventionMode=EXPIRE_BOTH")
                .json().getLong("orderId");
            digest = node.stateDigest();
            adminToken = node.adminToken();
            allOrders = buyer.signed("GET", "/api/v3/allOrders", "symbol=ETHUSDT").body();
            myTrades = seller.signed("GET", "/api/v3/myTrades", "symbol=ETHUSDT").body();
            klines = buyer.get("/api/v3/klines", "symbol=ETHUSDT&interval=1m").body();
        }
        try (ExchangeNode node = ExchangeNode.start(NodeConfig.defaults(dataDir).withPort(0))) {
            assertThat(node.stateDigest()).isEqualTo(digest);
            assertThat(node.adminToken()).isEqualTo(adminToken);
            assertThat(node.demoKeys()).containsExactly(buyerKey, sellerKey);
            final ApiClient buyer = new ApiClient(node.url(), buyerKey.apiKey(), buyerKey.hmacSecret());
            final ApiClient seller = new ApiClient(node.url(), sellerKey.apiKey(), sellerKey.hmacSecret());
            assertThat(buyer.signed("GET", "/api/v3/allOrders", "symbol=ETHUSDT").body()).isEqualTo(allOrders);
            assertThat(seller.signed("GET", "/api/v3/myTrades", "symbol=ETHUSDT").body()).isEqualTo(myTrades);
            assertThat(buyer.get("/api/v3/klines", "symbol=ETHUSDT&interval=1m").body()).isEqualTo(klines);
            final JsonArray open = buyer.signed("GET", "/api/v3/openOrders", "symbol=ETHUSDT").array();
            assertThat(open).hasSize(1);
            assertThat(open.getJsonObject(0).getString("selfTradePreventionMode")).isEqualTo("EXPIRE_BOTH");
            final ApiClient.Response cancel = buyer.signed("DELETE", "/api/v3/order", "symbol=ETHUSDT&orderId=" + restingId);
            assertThat(cancel.status()).as(cancel.toString()).isEqualTo(200);
            assertThat(cancel.json().getString("price")).isEqualTo("1500.00000000");
            assertThat(cancel.json().getString("selfTradePreventionMode")).isEqualTo("EXPIRE_BOTH");
            // New orders continue the ids.
            final ApiClient.Response next = seller.signed("POST", "/api/v3/order",
                "symbol=ETHUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.5&price=2100");
            assertThat(next.json().getLong("orderId")).isGreaterThan(restingId);
        }
    }
}
