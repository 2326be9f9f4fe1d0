package io.bourse.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bourse.gateway.ExchangeNode;
import io.bourse.gateway.NodeConfig;
import io.vertx.core.json.JsonObject;

/**
 * After a restart the projector starts from the recovered engine: the book and its update id come back (ids keep
 * growing, so a client's old snapshot can never look newer), a new subscriber's local book matches REST depth, and
 * aggregate trade ids continue after the history's newest instead of starting again at 1.
 */
class MarketStreamsRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    @Test
    void streamsContinueAfterARestart() {
        final Rest.Key seller;
        final Rest.Key buyer;
        final LocalBook.Snapshot before;
        final long lastAgg;
        try (ExchangeNode node = ExchangeNode.start(NodeConfig.defaults(dataDir).withPort(0).withFsync(false))) {
            seller = Rest.account(node, "restart-seller", "ETH", "100");
            buyer = Rest.account(node, "restart-buyer", "USDT", "1000000");
            for (int i = 0; i < 5; i++) {
                Rest.order(node, seller, "symbol=ETHUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.5&price=" + (2000 + i));
            }
            Rest.order(node, buyer, "symbol=ETHUSDT&side=BUY&type=MARKET&quantity=1.2");
            Rest.order(node, buyer, "symbol=ETHUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.1&price=1500");
            before = Rest.depth(node, "ETHUSDT", 5000);
            lastAgg = Rest.get(node, "/api/v3/aggTrades?symbol=ETHUSDT&limit=1").array().getJsonObject(0).getLong("a");
            assertThat(lastAgg).isEqualTo(3);
        }
        try (ExchangeNode node = ExchangeNode.start(NodeConfig.defaults(dataDir).withPort(0).withFsync(false))) {
            assertThat(node.marketStreams().healthy()).isTrue();
            final LocalBook.Snapshot after = Rest.depth(node, "ETHUSDT", 5000);
            assertThat(after.lastUpdateId()).isGreaterThanOrEqualTo(before.lastUpdateId());
            assertThat(after.bids()).isEqualTo(before.bids());
            assertThat(after.asks()).isEqualTo(before.asks());

            final RawWsClient client = RawWsClient.connect(node.url(), "/stream?streams=ethusdt@depth@100ms/ethusdt@aggTrade", 0, false);
            final LocalBook book = new LocalBook("after restart");
            client.listener(text -> {
                final JsonObject message = new JsonObject(text);
                if (message.getString("stream").endsWith("@depth@100ms")) {
                    book.onDiff(message.getJsonObject("data"));
                }
            });
            client.startReading();
            assertThat(Await.until(() -> book.sync(Rest.depth(node, "ETHUSDT", 5000)), WAIT)).isTrue();
            Rest.order(node, buyer, "symbol=ETHUSDT&side=BUY&type=MARKET&quantity=0.5");
            final JsonObject agg = new JsonObject(client.find(t -> t.startsWith("{\"stream\":\"ethusdt@aggTrade\""), WAIT)).getJsonObject("data");
            assertThat(agg.getLong("a")).as("aggregate ids continue after the history's newest").isEqualTo(lastAgg + 1);
            final LocalBook.Snapshot now = Rest.depth(node, "ETHUSDT", 5000);
            assertThat(now.lastUpdateId()).isGreaterThan(after.lastUpdateId());
            assertThat(Await.until(() -> book.updateId() >= now.lastUpdateId(), WAIT)).isTrue();
            assertThat(book.differenceFrom(now)).isNull();
            assertThat(book.problems()).isEmpty();
            client.close();
        }
    }
}
