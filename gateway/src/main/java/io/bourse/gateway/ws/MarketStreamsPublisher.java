package io.bourse.gateway.ws;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;

import io.bourse.marketdata.AggTradeUpdate;
import io.bourse.marketdata.BinanceJson;
import io.bourse.marketdata.BookTickerUpdate;
import io.bourse.marketdata.DepthConflator;
import io.bourse.marketdata.DepthDiff;
import io.bourse.marketdata.DepthSnapshot;
import io.bourse.marketdata.KlineInterval;
import io.bourse.marketdata.KlineUpdate;
import io.bourse.marketdata.MarketDataListener;
import io.bourse.marketdata.MarketDataProjector;
import io.bourse.marketdata.MarketDataUpdate;
import io.bourse.marketdata.PriceLevels;
import io.bourse.marketdata.SymbolFormat;
import io.bourse.marketdata.TickerUpdate;
import io.bourse.marketdata.TradeUpdate;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Turns the projector's updates into encoded frames and hands them to the event loops. Two sides:
 * <ul>
 *   <li>the {@link MarketDataListener} side runs on the sequencer thread: each update (an immutable record) is offered
 *       to a bounded single-producer queue, nothing else, so the sequencer never waits for the streams;</li>
 *   <li>the {@link Agent} side runs on its own thread: it drains the queue in order, encodes every update once per
 *       stream that has subscribers (and the combined wrapper once, when someone wants it), conflates diff depth per
 *       100 ms and 1000 ms window ({@link DepthConflator}), pushes partial books, tickers and klines on their
 *       schedules, and hands each cycle's frames as one {@link FrameBatch} to every loop with subscriptions.</li>
 * </ul>
 *
 * <h2>Schedules (as Binance)</h2>
 * Trades, aggregate trades and book tickers as they happen; {@code @depth@100ms} and {@code @depth} when their window
 * ends and the book changed in it; partial books every 100 ms or 1000 ms whether or not the book changed; tickers,
 * mini tickers and the all-market arrays every second, with only the symbols that changed; klines every second for
 * {@code 1s} and every two seconds for the others, and at once when a candle closes. Windows are aligned to the wall
 * clock.
 *
 * <h2>When the publisher falls behind</h2>
 * If the queue is full, the sequencer's side stops offering and drops every update from then on; once the publisher
 * has drained what came before the gap, it resets its conflators and tells every loop to close its connections with
 * 1013 ("try again later"), then accepts updates again. A gap is never hidden: clients reconnect and resync from a
 * fresh snapshot. The sequencer is never blocked.
 *
 * <h2>Threads</h2>
 * {@code on*} methods: the sequencer thread only. {@link #doWork()}: the publisher thread only. The counters are safe
 * on any thread.
 */
final class MarketStreamsPublisher implements MarketDataListener, Agent {
    /** Updates drained per duty cycle, so that one cycle's batch stays bounded. */
    static final int DRAIN_LIMIT = 4096;
    static final long FAST_NANOS = 100_000_000L;
    static final long SLOW_NANOS = 1_000_000_000L;
    private static final int MAX_PARTIAL_LEVELS = 20;
    private static final byte[] SHUTDOWN_HEAD = "{\"e\":\"serverShutdown\",\"E\":".getBytes(StandardCharsets.US_ASCII);

    private final StreamRegistry registry;
    private final EpochNanoClock clock;
    private final OneToOneConcurrentArrayQueue<MarketDataUpdate> inbox;
    private volatile boolean overflowed;
    private volatile boolean failed;
    private boolean failureSent;
    private volatile LoopFanout[] loops = new LoopFanout[0];
    private volatile MarketDataProjector projector;

    private final AtomicLong droppedUpdates = new AtomicLong();
    private final AtomicLong resyncs = new AtomicLong();
    private final AtomicLong framesPublished = new AtomicLong();
    private final AtomicLong batchesPublished = new AtomicLong();

    // Publisher thread only.
    private final StringBuilder text = new StringBuilder(4096);
    private SymbolState[] states = new SymbolState[0];
    private FrameBatch batch = new FrameBatch();
    private long nextFastTick;
    private long nextSlowTick;

    /** Per-symbol state of the publisher thread. */
    private static final class SymbolState {
        final SymbolTopics topics;
        DepthConflator fast = new DepthConflator(FAST_NANOS);
        DepthConflator slow = new DepthConflator(SLOW_NANOS);
        final KlineUpdate[] pendingKlines = new KlineUpdate[KlineInterval.values().length];
        TickerUpdate ticker;
        boolean tickerChanged;
        BookTickerUpdate book;
        boolean bookChanged;

        SymbolState(final SymbolTopics topics) {
            this.topics = topics;
        }
    }

    MarketStreamsPublisher(final StreamRegistry registry, final EpochNanoClock clock, final int queueCapacity) {
        this.registry = registry;
        this.clock = clock;
        this.inbox = new OneToOneConcurrentArrayQueue<>(queueCapacity);
    }

    /** The projector whose books the partial-depth streams read (set once, before the first update). */
    void projector(final MarketDataProjector value) {
        projector = value;
    }

    /** Adds an event loop to publish to. Any thread. */
    synchronized void addLoop(final LoopFanout loop) {
        final LoopFanout[] grown = Arrays.copyOf(loops, loops.length + 1);
        grown[loops.length] = loop;
        loops = grown;
    }

    LoopFanout[] loops() {
        return loops;
    }

    long droppedUpdates() {
        return droppedUpdates.get();
    }

    long resyncs() {
        return resyncs.get();
    }

    long framesPublished() {
        return framesPublished.get();
    }

    long batchesPublished() {
        return batchesPublished.get();
    }

    /** Market data failed for good: close every connection (any thread; the publisher does it). */
    void fail() {
        failed = true;
    }

    // ------------------------------------------------------------------------------------------------ sequencer side

    private void offer(final MarketDataUpdate update) {
        if (overflowed) {
            droppedUpdates.incrementAndGet();
        } else if (!inbox.offer(update)) {
            droppedUpdates.incrementAndGet();
            overflowed = true;
        }
    }

    @Override
    public void onDepthDiff(final DepthDiff diff) {
        offer(diff);
    }

    @Override
    public void onTrade(final TradeUpdate trade) {
        offer(trade);
    }

    @Override
    public void onAggTrade(final AggTradeUpdate aggTrade) {
        offer(aggTrade);
    }

    @Override
    public void onKline(final KlineUpdate kline) {
        offer(kline);
    }

    @Override
    public void onTicker(final TickerUpdate ticker) {
        offer(ticker);
    }

    @Override
    public void onBookTicker(final BookTickerUpdate bookTicker) {
        offer(bookTicker);
    }

    // ------------------------------------------------------------------------------------------------ publisher side

    /** Whether updates (or a failure) wait for the publisher thread: its idle strategy asks before parking. */
    boolean hasWork() {
        return !inbox.isEmpty() || (failed && !failureSent);
    }

    @Override
    public String roleName() {
        return "bourse-market-publisher";
    }

    @Override
    public int doWork() {
        final long now = clock.nanoTime();
        if (failed) {
            if (!failureSent) {
                failureSent = true;
                control(FrameBatch.Control.FAILED);
            }
            inbox.clear();
            return 0;
        }
        int work = 0;
        for (int i = 0; i < DRAIN_LIMIT; i++) {
            final MarketDataUpdate update = inbox.poll();
            if (update == null) {
                break;
            }
            try {
                onUpdate(update, now);
            } catch (final RuntimeException e) {
                // A bug: what was published so far goes out, then every client resyncs from a clean state.
                publish(batch, now);
                batch = new FrameBatch();
                resync();
                throw e;
            }
            work++;
        }
        if (now >= nextFastTick) {
            onFastTick(now);
            nextFastTick = (Math.floorDiv(now, FAST_NANOS) + 1) * FAST_NANOS;
            if (now >= nextSlowTick) {
                onSlowTick(now);
                nextSlowTick = (Math.floorDiv(now, SLOW_NANOS) + 1) * SLOW_NANOS;
            }
            work++;
        }
        if (batch.size() > 0) {
            publish(batch, now);
            batch = new FrameBatch();
        }
        if (overflowed && inbox.isEmpty()) {
            // Everything offered before the gap is out; nothing after it was taken. Start clean and make every client resync.
            resync();
            overflowed = false;
            work++;
        }
        return work;
    }

    private void resync() {
        for (final SymbolState state : states) {
            if (state != null) {
                state.fast = new DepthConflator(FAST_NANOS);
                state.slow = new DepthConflator(SLOW_NANOS);
                Arrays.fill(state.pendingKlines, null);
            }
        }
        control(FrameBatch.Control.RESYNC);
        resyncs.incrementAndGet();
    }

    /** Hands a control batch to every loop (publisher thread, or any thread once the publisher has stopped). */
    void control(final FrameBatch.Control control) {
        final FrameBatch marker = new FrameBatch(control);
        if (control == FrameBatch.Control.SHUTDOWN) {
            final byte[] raw = shutdownEvent(clock.nanoTime() / 1_000_000);
            final Topic shutdown = new Topic(new StreamName("!serverShutdown", null, null, 0, 0, null), -1);
            marker.add(shutdown, Unpooled.wrappedBuffer(raw), Unpooled.wrappedBuffer(wrap(shutdown, raw)));
        }
        for (final LoopFanout loop : loops) {
            loop.offerControl(marker);
        }
    }

    static byte[] shutdownEvent(final long timeMillis) {
        final byte[] time = Long.toString(timeMillis).getBytes(StandardCharsets.US_ASCII);
        final byte[] out = Arrays.copyOf(SHUTDOWN_HEAD, SHUTDOWN_HEAD.length + time.length + 1);
        System.arraycopy(time, 0, out, SHUTDOWN_HEAD.length, time.length);
        out[out.length - 1] = '}';
        return out;
    }

    private void publish(final FrameBatch frames, final long now) {
        if (frames.size() == 0) {
            return;
        }
        frames.publishedNanos = now;
        framesPublished.addAndGet(frames.size());
        batchesPublished.incrementAndGet();
        for (final LoopFanout loop : loops) {
            if (loop.hasSubscriptions()) {
                loop.offer(frames);
            }
        }
    }

    private SymbolState state(final int symbolId) {
        if (symbolId < states.length && states[symbolId] != null) {
            return states[symbolId];
        }
        final SymbolTopics topics = registry.symbols(symbolId);
        if (topics == null) {
            throw new IllegalStateException("symbol " + symbolId + " is not listed");
        }
        if (symbolId >= states.length) {
            states = Arrays.copyOf(states, symbolId + 1);
        }
        final SymbolState state = new SymbolState(topics);
        states[symbolId] = state;
        return state;
    }

    private void onUpdate(final MarketDataUpdate update, final long now) {
        final SymbolState s = state(update.symbolId());
        final SymbolFormat f = s.topics.format;
        switch (update) {
            case DepthDiff d -> {
                s.fast.add(d, now);
                s.slow.add(d, now);
            }
            case TradeUpdate t -> {
                if (s.topics.trade.subscribers() > 0) {
                    emit(s.topics.trade, encode(BinanceJson.trade(start(), t, f)));
                }
            }
            case AggTradeUpdate a -> {
                if (s.topics.aggTrade.subscribers() > 0) {
                    emit(s.topics.aggTrade, encode(BinanceJson.aggTrade(start(), a, f)));
                }
            }
            case BookTickerUpdate b -> {
                s.book = b;
                s.bookChanged = true;
                if (s.topics.bookTicker.subscribers() > 0) {
                    emit(s.topics.bookTicker, encode(BinanceJson.bookTicker(start(), b, f)));
                }
            }
            case KlineUpdate k -> onKline(s, k);
            case TickerUpdate t -> {
                s.ticker = t;
                s.tickerChanged = true;
            }
        }
    }

    /** Keeps the newest state of each candle for the next push; a closed candle goes out at once, after any older one. */
    private void onKline(final SymbolState s, final KlineUpdate k) {
        final int i = k.interval().ordinal();
        final KlineUpdate pending = s.pendingKlines[i];
        if (pending != null && pending.openTimeMillis() != k.openTimeMillis()) {
            emitKline(s, pending);
            s.pendingKlines[i] = null;
        }
        if (k.closed()) {
            emitKline(s, k);
            s.pendingKlines[i] = null;
        } else {
            s.pendingKlines[i] = k;
        }
    }

    private void emitKline(final SymbolState s, final KlineUpdate k) {
        final Topic topic = s.topics.klines[k.interval().ordinal()];
        if (topic.subscribers() > 0) {
            emit(topic, encode(BinanceJson.kline(start(), k, s.topics.format)));
        }
    }

    private void onFastTick(final long now) {
        for (final SymbolState s : states) {
            if (s == null) {
                continue;
            }
            final DepthDiff fast = s.fast.poll(now);
            if (fast != null && SymbolTopics.anySubscriber(s.topics.diff100)) {
                emit(s.topics.diff100, encode(BinanceJson.depthUpdate(start(), fast, s.topics.format)));
            }
            final DepthDiff slow = s.slow.poll(now);
            if (slow != null && SymbolTopics.anySubscriber(s.topics.diff1000)) {
                emit(s.topics.diff1000, encode(BinanceJson.depthUpdate(start(), slow, s.topics.format)));
            }
        }
        partialBooks(true);
    }

    private void onSlowTick(final long now) {
        partialBooks(false);
        final boolean evenSecond = Math.floorDiv(now, SLOW_NANOS) % 2 == 0;
        final List<TickerUpdate> full = new ArrayList<>();
        final List<SymbolFormat> fullFormats = new ArrayList<>();
        final List<TickerUpdate> mini = new ArrayList<>();
        final List<SymbolFormat> miniFormats = new ArrayList<>();
        for (final SymbolState s : states) {
            if (s == null) {
                continue;
            }
            final SymbolFormat f = s.topics.format;
            for (int i = 0; i < s.pendingKlines.length; i++) {
                final KlineUpdate k = s.pendingKlines[i];
                if (k != null && (k.interval() == KlineInterval.S1 || evenSecond)) {
                    emitKline(s, k);
                    s.pendingKlines[i] = null;
                }
            }
            if (s.ticker == null) {
                continue;
            }
            if (s.tickerChanged || s.bookChanged) {
                final TickerUpdate t = s.book != null ? s.ticker.withBook(s.book) : s.ticker;
                full.add(t);
                fullFormats.add(f);
                if (s.topics.ticker.subscribers() > 0) {
                    emit(s.topics.ticker, encode(BinanceJson.ticker(start(), t, f)));
                }
            }
            if (s.tickerChanged) {
                mini.add(s.ticker);
                miniFormats.add(f);
                if (s.topics.miniTicker.subscribers() > 0) {
                    emit(s.topics.miniTicker, encode(BinanceJson.miniTicker(start(), s.ticker, f)));
                }
            }
            s.tickerChanged = false;
            s.bookChanged = false;
        }
        if (!full.isEmpty() && registry.allTickers.subscribers() > 0) {
            emit(registry.allTickers, encode(BinanceJson.tickerArray(start(), full, fullFormats, false)));
        }
        if (!mini.isEmpty() && registry.allMiniTickers.subscribers() > 0) {
            emit(registry.allMiniTickers, encode(BinanceJson.tickerArray(start(), mini, miniFormats, true)));
        }
    }

    /** The {@code @depthN} (fast) or {@code @depthN@100ms} streams: the top of the book, whether or not it changed. */
    private void partialBooks(final boolean fast) {
        final MarketDataProjector source = projector;
        if (source == null) {
            return;
        }
        for (final SymbolState s : states) {
            if (s == null) {
                continue;
            }
            final Topic[][] groups = fast ? s.topics.partial100 : s.topics.partial1000;
            int deepest = 0;
            for (int i = 0; i < groups.length; i++) {
                if (SymbolTopics.anySubscriber(groups[i])) {
                    deepest = SymbolTopics.LEVELS[i];
                }
            }
            if (deepest == 0) {
                continue;
            }
            final DepthSnapshot book = source.depth(s.topics.symbolId, Math.min(deepest, MAX_PARTIAL_LEVELS));
            if (book == null) {
                continue;
            }
            for (int i = 0; i < groups.length; i++) {
                if (SymbolTopics.anySubscriber(groups[i])) {
                    emit(groups[i], encode(BinanceJson.partialDepth(start(), top(book, SymbolTopics.LEVELS[i]), s.topics.format)));
                }
            }
        }
    }

    private static DepthSnapshot top(final DepthSnapshot book, final int levels) {
        if (book.bids().size() <= levels && book.asks().size() <= levels) {
            return book;
        }
        return new DepthSnapshot(book.symbolId(), book.symbol(), book.lastUpdateId(), top(book.bids(), levels), top(book.asks(), levels));
    }

    private static PriceLevels top(final PriceLevels levels, final int count) {
        final int n = Math.min(count, levels.size());
        final long[] prices = new long[n];
        final long[] quantities = new long[n];
        for (int i = 0; i < n; i++) {
            prices[i] = levels.price(i);
            quantities[i] = levels.quantity(i);
        }
        return PriceLevels.of(prices, quantities, n);
    }

    // ------------------------------------------------------------------------------------------------ encoding

    private StringBuilder start() {
        text.setLength(0);
        return text;
    }

    /** The builder's text as UTF-8 (ASCII in practice: copied char by char without an intermediate String). */
    private static byte[] encode(final StringBuilder out) {
        final int n = out.length();
        final byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            final char c = out.charAt(i);
            if (c >= 0x80) {
                return out.toString().getBytes(StandardCharsets.UTF_8);
            }
            bytes[i] = (byte) c;
        }
        return bytes;
    }

    private void emit(final Topic topic, final byte[] raw) {
        batch.add(topic, Unpooled.wrappedBuffer(raw), topic.combinedSubscribers() > 0 ? Unpooled.wrappedBuffer(wrap(topic, raw)) : null);
    }

    private void emit(final Topic[] group, final byte[] raw) {
        final ByteBuf shared = Unpooled.wrappedBuffer(raw);
        for (final Topic topic : group) {
            if (topic.subscribers() > 0) {
                batch.add(topic, shared, topic.combinedSubscribers() > 0 ? Unpooled.wrappedBuffer(wrap(topic, raw)) : null);
            }
        }
    }

    /** {@code {"stream":"<name>","data":<raw>}}. */
    static byte[] wrap(final Topic topic, final byte[] raw) {
        final byte[] head = topic.combinedHead;
        final byte[] out = new byte[head.length + raw.length + 1];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(raw, 0, out, head.length, raw.length);
        out[out.length - 1] = '}';
        return out;
    }
}
