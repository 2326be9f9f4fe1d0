package io.bourse.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.bourse.marketdata.DepthDiff;
import io.bourse.marketdata.PriceLevels;
import io.bourse.marketdata.SymbolFormat;
import io.bourse.marketdata.TradeUpdate;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.vertx.core.json.JsonObject;

/**
 * The publisher and one loop's fan-out, driven step by step on Netty's embedded channels (no sockets, no threads, a
 * clock the test moves): one encoding per stream shared by every subscriber, raw and combined forms, command order,
 * 100 ms and 1000 ms conflation with gap-free ids, and the overload policies (the publisher's queue overflowing, a
 * loop's queue overflowing, a client that stops reading): every affected connection is closed with a status and a
 * reason, nothing is skipped silently.
 */
class MarketStreamsFanoutTest {
    private static final long MILLI = 1_000_000L;
    private static final long START = 1_700_000_000_000L * MILLI;

    private final AtomicLong now = new AtomicLong(START);
    private StreamRegistry registry;
    private final StreamStats stats = new StreamStats();

    @BeforeEach
    void registry() {
        final StreamRegistry.Market btc = new StreamRegistry.Market(0, "BTCUSDT", new SymbolFormat(8, 8));
        registry = new StreamRegistry(StreamRegistry.markets(name -> "BTCUSDT".equals(name) ? btc : null, id -> id == 0 ? btc : null));
    }

    /** An embedded channel whose peer can stop reading: while it is stalled, what is flushed stays in the channel's buffer. */
    private static final class StallingChannel extends EmbeddedChannel {
        boolean stalled;
        /** Flushes that had something to write. */
        int flushes;

        StallingChannel() {
            super(new ChannelInboundHandlerAdapter());
        }

        @Override
        protected void doWrite(final ChannelOutboundBuffer in) throws Exception {
            if (in.current() != null) {
                flushes++;
            }
            if (!stalled) {
                super.doWrite(in);
            }
        }

        /** The peer reads again: everything flushed goes out, and the channel's writability events run. */
        void resume() {
            stalled = false;
            flushOutbound();
            runPendingTasks();
        }
    }

    /** A loop (on an embedded event loop) with one embedded channel per connection. */
    private final class Harness {
        final MarketStreamsPublisher publisher;
        final EmbeddedChannel loopChannel = new EmbeddedChannel();
        final LoopFanout loop;
        final List<StallingChannel> channels = new ArrayList<>();

        Harness(final MarketStreamsConfig config) {
            publisher = new MarketStreamsPublisher(registry, now::get, config.publisherQueueCapacity());
            loop = new LoopFanout(0, loopChannel.eventLoop(), config, registry, stats);
            publisher.addLoop(loop);
        }

        StreamConnection connect(final boolean combined, final String... streams) {
            final StallingChannel channel = new StallingChannel();
            channels.add(channel);
            final ChannelHandlerContext ctx = channel.pipeline().firstContext();
            final StreamConnection c = new StreamConnection(loop, ctx, combined, now.get());
            loop.add(c);
            final List<StreamName> names = new ArrayList<>();
            for (final String s : streams) {
                names.add(StreamName.parse(s));
            }
            assertThat(c.subscribe(names)).isNull();
            return c;
        }

        /** One publisher cycle, then the loop's pending tasks. */
        void cycle() {
            publisher.doWork();
            runLoop();
        }

        /** Runs the loop's tasks until its drain has delivered everything (however many slices that takes). */
        void runLoop() {
            for (int i = 0; i < 100_000; i++) {
                loopChannel.runPendingTasks();
                if (!loop.draining()) {
                    return;
                }
            }
            throw new AssertionError("the loop's drain never ended");
        }

        /** Everything written to connection {@code i}'s channel since the last call, as text (close frames as "close <code> <reason>"). */
        List<String> out(final int i) {
            final EmbeddedChannel channel = channels.get(i);
            channel.runPendingTasks();
            final List<String> texts = new ArrayList<>();
            Object message;
            while ((message = channel.readOutbound()) != null) {
                if (message instanceof TextWebSocketFrame text) {
                    texts.add(text.text());
                } else if (message instanceof CloseWebSocketFrame close) {
                    texts.add("close " + close.statusCode() + " " + close.reasonText());
                }
                io.netty.util.ReferenceCountUtil.release(message);
            }
            return texts;
        }
    }

    private static TradeUpdate trade(final long id) {
        return new TradeUpdate(0, "BTCUSDT", START / MILLI, id, 3_000_000_000_000L, 1_000_000, 30_000_000_000L, START / MILLI, id % 2 == 0, 1, 2);
    }

    private static DepthDiff diff(final long id, final long price, final long quantity) {
        return new DepthDiff(0, "BTCUSDT", START / MILLI, id, id, PriceLevels.of(new long[] {price}, new long[] {quantity}, 1), PriceLevels.EMPTY);
    }

    @Test
    void oneEncodingPerStreamRawAndCombinedInCommandOrder() {
        final Harness h = new Harness(MarketStreamsConfig.defaults());
        h.connect(false, "btcusdt@trade");
        h.connect(true, "btcusdt@trade");
        h.connect(false, "btcusdt@aggTrade");
        for (long id = 1; id <= 3; id++) {
            h.publisher.onTrade(trade(id));
        }
        h.cycle();
        final List<String> raw = h.out(0);
        final List<String> combined = h.out(1);
        assertThat(raw).hasSize(3);
        assertThat(combined).hasSize(3);
        assertThat(h.out(2)).isEmpty();
        for (int i = 0; i < 3; i++) {
            final JsonObject trade = new JsonObject(raw.get(i));
            assertThat(trade.getLong("t")).isEqualTo(i + 1);
            assertThat(trade.getString("p")).isEqualTo("30000.00000000");
            assertThat(combined.get(i)).isEqualTo("{\"stream\":\"btcusdt@trade\",\"data\":" + raw.get(i) + "}");
        }
        assertThat(h.publisher.framesPublished()).as("encoded once per trade, whatever the subscribers").isEqualTo(3);
    }

    @Test
    void switchingToCombinedAfterEncodingStillWrapsAndUnsubscribedStreamsAreNotEncoded() {
        final Harness h = new Harness(MarketStreamsConfig.defaults());
        final StreamConnection c = h.connect(false, "btcusdt@trade");
        h.publisher.onTrade(trade(1));
        h.publisher.doWork();
        c.combined(true);
        h.runLoop();
        assertThat(h.out(0)).singleElement().asString().startsWith("{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\"");
        c.unsubscribe(List.of("btcusdt@trade"));
        h.publisher.onTrade(trade(2));
        h.cycle();
        assertThat(h.out(0)).isEmpty();
        assertThat(h.publisher.framesPublished()).isEqualTo(1);
    }

    @Test
    void diffsAreConflatedPerWindowWithoutGaps() {
        final Harness h = new Harness(MarketStreamsConfig.defaults());
        h.connect(false, "btcusdt@depth@100ms");
        h.connect(false, "btcusdt@depth");
        h.cycle();
        for (long id = 1; id <= 5; id++) {
            h.publisher.onDepthDiff(diff(id, 3_000_000_000_000L + id, id * 10));
            now.addAndGet(30 * MILLI);
            h.cycle();
        }
        now.addAndGet(1_000 * MILLI);
        h.cycle();
        final List<String> fast = h.out(0);
        final List<String> slow = h.out(1);
        long next = 1;
        for (final String text : fast) {
            final JsonObject d = new JsonObject(text);
            assertThat(d.getLong("U")).isEqualTo(next);
            next = d.getLong("u") + 1;
        }
        assertThat(next).isEqualTo(6);
        assertThat(fast.size()).isBetween(2, 4);
        assertThat(slow).hasSize(1);
        final JsonObject merged = new JsonObject(slow.get(0));
        assertThat(merged.getLong("U")).isEqualTo(1);
        assertThat(merged.getLong("u")).isEqualTo(5);
        assertThat(merged.getJsonArray("b")).hasSize(5);
    }

    @Test
    void whenThePublisherFallsBehindEveryConnectionIsClosedToResyncThenStreamingResumes() {
        final Harness h = new Harness(MarketStreamsConfig.defaults().withQueues(4, 64));
        h.connect(false, "btcusdt@trade");
        for (long id = 1; id <= 10; id++) {
            h.publisher.onTrade(trade(id));
        }
        assertThat(h.publisher.droppedUpdates()).isEqualTo(6);
        h.cycle();
        final List<String> out = h.out(0);
        assertThat(out).hasSize(5);
        for (int i = 0; i < 4; i++) {
            assertThat(new JsonObject(out.get(i)).getLong("t")).isEqualTo(i + 1);
        }
        assertThat(out.get(4)).isEqualTo("close 1013 market data overloaded: resubscribe and resync");
        assertThat(stats.closedOverload()).isEqualTo(1);

        // A client that reconnects gets the updates that come after the gap.
        h.connect(false, "btcusdt@trade");
        h.publisher.onTrade(trade(11));
        h.cycle();
        assertThat(h.out(1)).singleElement().satisfies(text -> assertThat(new JsonObject(text).getLong("t")).isEqualTo(11));
    }

    @Test
    void whenALoopFallsBehindItsConnectionsAreClosedAfterWhatCameBeforeTheGap() {
        final Harness h = new Harness(MarketStreamsConfig.defaults().withQueues(1024, 2));
        h.connect(false, "btcusdt@trade");
        for (long id = 1; id <= 5; id++) {
            h.publisher.onTrade(trade(id));
            h.publisher.doWork();
        }
        h.runLoop();
        final List<String> out = h.out(0);
        assertThat(out).hasSize(3);
        assertThat(new JsonObject(out.get(0)).getLong("t")).isEqualTo(1);
        assertThat(new JsonObject(out.get(1)).getLong("t")).isEqualTo(2);
        assertThat(out.get(2)).startsWith("close 1013 ");
    }

    @Test
    void shutdownTellsEveryConnectionAndClosesIt() {
        final Harness h = new Harness(MarketStreamsConfig.defaults());
        h.connect(false, "btcusdt@trade");
        h.connect(true);
        h.publisher.control(FrameBatch.Control.SHUTDOWN);
        h.runLoop();
        final List<String> raw = h.out(0);
        assertThat(raw.get(0)).startsWith("{\"e\":\"serverShutdown\",\"E\":");
        assertThat(raw.get(1)).isEqualTo("close 1001 server shutting down: reconnect");
        assertThat(h.out(1).get(0)).startsWith("{\"stream\":\"!serverShutdown\",\"data\":{\"e\":\"serverShutdown\"");
    }

    /** Trade ids of the payloads in {@code texts} (raw trades), in order. */
    private static List<Long> tradeIds(final List<String> texts) {
        final List<Long> ids = new ArrayList<>();
        for (final String text : texts) {
            ids.add(new JsonObject(text).getLong("t"));
        }
        return ids;
    }

    private static List<Long> range(final long from, final long to) {
        final List<Long> ids = new ArrayList<>();
        for (long id = from; id <= to; id++) {
            ids.add(id);
        }
        return ids;
    }

    @Test
    void aClientThatStopsReadingGetsWhatWaitedInOrderOnceItReadsAgain() {
        final Harness h = new Harness(MarketStreamsConfig.defaults().withChannelBuffer(4096).withBuffers(64 * 1024, 0));
        final StreamConnection slow = h.connect(false, "btcusdt@trade");
        h.connect(false, "btcusdt@trade");
        h.channels.get(0).stalled = true;
        for (long id = 1; id <= 100; id++) {
            h.publisher.onTrade(trade(id));
            h.cycle();
        }
        assertThat(h.channels.get(0).isWritable()).as("the channel's own buffer is full").isFalse();
        assertThat(slow.backlogSize()).as("the rest waits in the backlog").isPositive();
        assertThat(tradeIds(h.out(1))).as("the other subscriber does not notice").isEqualTo(range(1, 100));

        h.channels.get(0).resume();
        assertThat(tradeIds(h.out(0))).isEqualTo(range(1, 100));
        assertThat(slow.backlogSize()).isZero();
        assertThat(stats.closedSlow()).isZero();
        h.publisher.onTrade(trade(101));
        h.cycle();
        assertThat(tradeIds(h.out(0))).containsExactly(101L);
    }

    @Test
    void aClientWhoseBacklogOverflowsGetsAGapFreePrefixThenTheCloseFrameRightBehindTheChannelBuffer() {
        final int channelBytes = 4096;
        final Harness h = new Harness(MarketStreamsConfig.defaults().withChannelBuffer(channelBytes).withBuffers(16 * 1024, 0));
        final StreamConnection slow = h.connect(false, "btcusdt@trade");
        h.connect(false, "btcusdt@trade");
        h.channels.get(0).stalled = true;
        long published = 0;
        while (stats.closedSlow() == 0 && published < 10_000) {
            h.publisher.onTrade(trade(++published));
            h.cycle();
        }
        assertThat(stats.closedSlow()).isEqualTo(1);
        assertThat(slow.backlogSize()).as("what waited is dropped, not sent later").isZero();
        assertThat(tradeIds(h.out(1))).isEqualTo(range(1, published));

        h.channels.get(0).resume();
        final List<String> out = h.out(0);
        final String close = out.remove(out.size() - 1);
        assertThat(close).isEqualTo("close 1008 " + StreamConnection.SLOW_REASON);
        assertThat(tradeIds(out)).as("a prefix of the stream, without a gap").isEqualTo(range(1, out.size()));
        final int prefixBytes = out.stream().mapToInt(String::length).sum();
        assertThat(prefixBytes).as("the close frame waited behind the channel's buffer only").isLessThanOrEqualTo(channelBytes + out.get(0).length());
        assertThat((long) out.size()).isLessThan(published);
        assertThat(h.channels.get(0).isOpen()).as("cut once the close frame is out").isFalse();
    }

    @Test
    void shutdownGoesRightBehindTheChannelBufferOfAStalledClient() {
        final Harness h = new Harness(MarketStreamsConfig.defaults().withChannelBuffer(4096).withBuffers(64 * 1024, 0));
        final StreamConnection slow = h.connect(false, "btcusdt@trade");
        h.channels.get(0).stalled = true;
        for (long id = 1; id <= 100; id++) {
            h.publisher.onTrade(trade(id));
            h.cycle();
        }
        assertThat(slow.backlogSize()).isPositive();
        h.publisher.control(FrameBatch.Control.SHUTDOWN);
        h.runLoop();
        h.channels.get(0).resume();
        final List<String> out = h.out(0);
        assertThat(out.get(out.size() - 1)).isEqualTo("close 1001 server shutting down: reconnect");
        assertThat(out.get(out.size() - 2)).startsWith("{\"e\":\"serverShutdown\"");
        assertThat(tradeIds(out.subList(0, out.size() - 2))).isEqualTo(range(1, out.size() - 2));
    }

    @Test
    void aBatchIsDeliveredInSlicesThatLetTheLoopsOtherTasksInWithOneFlushPerConnection() {
        final Harness h = new Harness(MarketStreamsConfig.defaults().withFanoutSlice(0));
        final int connections = 5;
        for (int i = 0; i < connections; i++) {
            h.connect(false, "btcusdt@trade");
        }
        for (long id = 1; id <= 3; id++) {
            h.publisher.onTrade(trade(id));
        }
        h.publisher.doWork();
        // An HTTP response, say, queued just after the batch: it runs before the batch is done.
        final int[] flushedBeforeTask = {-1};
        h.loop.executor.execute(() -> flushedBeforeTask[0] = (int) h.channels.stream().filter(c -> c.flushes > 0).count());
        h.runLoop();
        assertThat(flushedBeforeTask[0]).as("connections flushed when the other task ran").isBetween(1, connections - 1);
        for (int i = 0; i < connections; i++) {
            assertThat(tradeIds(h.out(i))).isEqualTo(range(1, 3));
            assertThat(h.channels.get(i).flushes).as("flushes of connection " + i).isEqualTo(1);
        }
    }

    @Test
    void subscriptionsThatEndDuringAPausedBatchMakeNobodyElseMissAFrame() {
        final Harness h = new Harness(MarketStreamsConfig.defaults().withFanoutSlice(0));
        final int connections = 20;
        final int frames = 10;
        final List<StreamConnection> all = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            all.add(h.connect(false, "btcusdt@trade"));
        }
        for (long id = 1; id <= frames; id++) {
            h.publisher.onTrade(trade(id));
        }
        h.publisher.doWork();
        // 200 writes, 32 per slice: the first slice ends in the middle of the second frame's subscribers, then this task
        // runs; both leave their place in the list, and the last subscribers must not be skipped for the frame under way.
        final boolean[] midBatch = {false};
        h.loop.executor.execute(() -> {
            midBatch[0] = h.loop.draining();
            all.get(0).unsubscribe(List.of("btcusdt@trade"));
            all.get(1).close(StreamConnection.CLOSE_POLICY, "test");
        });
        h.runLoop();
        assertThat(midBatch[0]).isTrue();
        final List<Long> left = tradeIds(h.out(0));
        assertThat(left).as("what was written before it left").isEqualTo(range(1, left.size())).isNotEmpty().hasSizeLessThan(frames);
        assertThat(h.out(1)).last().isEqualTo("close 1008 test");
        for (int i = 2; i < connections; i++) {
            assertThat(tradeIds(h.out(i))).as("connection " + i).isEqualTo(range(1, frames));
        }
        h.publisher.onTrade(trade(frames + 1));
        h.cycle();
        assertThat(h.out(0)).isEmpty();
        for (int i = 2; i < connections; i++) {
            assertThat(tradeIds(h.out(i))).containsExactly(frames + 1L);
        }
    }

    @Test
    void batchesThatWaitInTheLoopsQueueShareOneFlushPerConnection() {
        final Harness h = new Harness(MarketStreamsConfig.defaults());
        h.connect(false, "btcusdt@trade");
        h.connect(true, "btcusdt@trade");
        // Three publisher cycles, three batches, while the loop is busy elsewhere.
        for (long id = 1; id <= 3; id++) {
            h.publisher.onTrade(trade(id));
            h.publisher.doWork();
        }
        h.runLoop();
        for (int i = 0; i < 2; i++) {
            assertThat(h.out(i)).hasSize(3);
            assertThat(h.channels.get(i).flushes).as("one system call for the three batches").isEqualTo(1);
        }
        h.publisher.onTrade(trade(4));
        h.cycle();
        assertThat(tradeIds(h.out(0))).containsExactly(4L);
        assertThat(h.channels.get(0).flushes).as("a batch alone is flushed at once").isEqualTo(2);
    }
}
