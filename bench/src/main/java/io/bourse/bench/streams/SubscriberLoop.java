package io.bourse.bench.streams;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * One selector thread driving many WebSocket client connections (RFC 6455, no extensions): non-blocking connect, the
 * upgrade handshake, an optional {@code SUBSCRIBE} request, then frames. It is deliberately lean, because it shares
 * the machine's two cores with the server it measures: every socket is read into one direct scratch buffer per thread
 * (a connection keeps only the bytes of a frame that has not arrived whole), frames are decoded in place, and an
 * event's payload is scanned for the few fields the checks need ({@code E}, {@code U}/{@code u}, {@code t}/{@code T},
 * the combined wrapper's {@code stream}) without building strings or objects. Pings are answered with pongs carrying
 * the same payload, as Binance requires; a server's close frame is answered and recorded with its code and reason.
 *
 * <p>Each receipt is stamped once per socket read, on the wall clock (microseconds, for the latency from the
 * payload's {@code E}, which the server stamped on the same machine's clock) and on {@link System#nanoTime()} (for
 * the window and the {@link FanOut} lag). What the loop measures goes to its current {@link WindowStats}, which only
 * this thread touches; other threads talk to the loop through {@link #call}, which runs a task on it.
 */
final class SubscriberLoop implements AutoCloseable {
    private static final int SCRATCH_BYTES = 256 * 1024;
    /** A frame longer than this is a protocol failure (a diff of 50,000 levels is about 2.5 MB). */
    private static final int MAX_FRAME_BYTES = 64 * 1024 * 1024;
    private static final int MAX_HANDSHAKE_BYTES = 16 * 1024;
    /** Connections between the start of their TCP connect and their subscription, per loop at a time. */
    private static final int MAX_IN_FLIGHT = 128;
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] HEADER_END = ascii("\r\n\r\n");
    private static final byte[] COMBINED_PREFIX = ascii("{\"stream\":\"");
    private static final byte[] DATA = ascii("\"data\":");
    private static final byte[] EVENT_TYPE = ascii("\"e\":\"");
    private static final byte[] DEPTH_UPDATE = ascii("depthUpdate\"");
    private static final byte[] TRADE = ascii("trade\"");
    private static final byte[] KEY_EVENT_TIME = ascii("\"E\":");
    private static final byte[] KEY_TRADE_TIME = ascii("\"T\":");
    private static final byte[] KEY_TRADE_ID = ascii("\"t\":");
    private static final byte[] KEY_FIRST_UPDATE = ascii("\"U\":");
    private static final byte[] KEY_FINAL_UPDATE = ascii("\"u\":");
    private static final byte[] KEY_RESULT = ascii("\"result\"");
    private static final int OP_CONTINUATION = 0x0;
    private static final int OP_TEXT = 0x1;
    private static final int OP_BINARY = 0x2;
    private static final int OP_CLOSE = 0x8;
    private static final int OP_PING = 0x9;
    private static final int OP_PONG = 0xA;

    /** Where a connection is in its life. */
    private enum State { CONNECTING, HANDSHAKE, SUBSCRIBING, OPEN, CLOSED }

    /**
     * A connection to open: where to, from which local address (null: any), and whether it stalls: a stalled
     * connection stops reading once subscribed (a consumer that fell behind) until {@link #resumeStalled}.
     */
    record Target(Endpoint endpoint, InetSocketAddress local, boolean stalled) {
    }

    /** What the loop's connections look like now, for the main thread. */
    record Summary(int open, int ended, int failed, int withGaps, int withOutOfOrder, int[] openPerStream, int stalled, int stalledEnded,
        int stalledWithGaps) {
        Summary add(final Summary other) {
            final int[] perStream = openPerStream.clone();
            for (int i = 0; i < perStream.length; i++) {
                perStream[i] += other.openPerStream[i];
            }
            return new Summary(open + other.open, ended + other.ended, failed + other.failed, withGaps + other.withGaps,
                withOutOfOrder + other.withOutOfOrder, perStream, stalled + other.stalled, stalledEnded + other.stalledEnded,
                stalledWithGaps + other.stalledWithGaps);
        }
    }

    /** One WebSocket client connection. Touched by the loop thread only. */
    private final class Connection {
        final Target target;
        /** Registry index of each of the endpoint's streams. */
        final int[] streams;
        /** The last {@code u} or {@code t} seen on each stream, -1 before the first event. */
        final long[] lastIds;
        /** On a raw connection, the stream that takes diffs, trades and other events (-1: none subscribed). */
        final int depthSlot;
        final int tradeSlot;
        final int otherSlot;
        SocketChannel channel;
        SelectionKey key;
        State state = State.CONNECTING;
        String secKey;
        /** The start of a frame (or of the handshake answer) that has not arrived whole. */
        byte[] pending = EMPTY;
        int pendingLength;
        /** A frame longer than the scratch buffer, read whole into its own buffer. */
        ByteBuffer bigFrame;
        /** A fragmented message being put together. */
        byte[] fragments = EMPTY;
        int fragmentLength;
        boolean fragmented;
        /** Bytes the socket did not take yet. */
        ByteBuffer out;
        long gaps;
        long outOfOrder;
        boolean subscribed;

        Connection(final Target target) {
            this.target = target;
            final List<String> names = target.endpoint().streams();
            streams = new int[names.size()];
            lastIds = new long[names.size()];
            int depth = -1;
            int trade = -1;
            int other = -1;
            for (int i = 0; i < streams.length; i++) {
                streams[i] = registry.index(names.get(i));
                lastIds[i] = -1;
                switch (registry.kind(streams[i])) {
                    case DIFF_DEPTH -> depth = i;
                    case TRADE -> trade = i;
                    default -> other = i;
                }
            }
            depthSlot = depth;
            tradeSlot = trade;
            otherSlot = other;
        }

        /** The slot of the stream whose name is {@code buf[from, to)}, or -1. */
        int slotOf(final ByteBuffer buf, final int from, final int to) {
            for (int i = 0; i < streams.length; i++) {
                final byte[] name = registry.nameBytes(streams[i]);
                if (name.length == to - from && startsWith(buf, from, to, name)) {
                    return i;
                }
            }
            return -1;
        }
    }

    private final StreamRegistry registry;
    private final InetSocketAddress server;
    private final byte[] hostHeader;
    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(SCRATCH_BYTES);
    private final SplittableRandom random;
    private final MessageDigest sha1;
    private final ArrayDeque<Connection> toConnect = new ArrayDeque<>();
    private final List<Connection> connections = new ArrayList<>();
    /** Why connections failed before they were subscribed, shared by the loops (rare). */
    private final Map<String, LongAdder> failures;
    /** How subscribed connections ended, at any time, shared by the loops (rare). */
    private final Map<String, LongAdder> closes;
    private WindowStats stats;
    private int inFlight;
    private volatile int pendingCount;
    private volatile int openCount;
    private volatile int failedCount;
    private volatile int endedCount;
    private volatile boolean running = true;

    SubscriberLoop(final int index, final StreamRegistry registry, final InetSocketAddress server, final Map<String, LongAdder> failures,
        final Map<String, LongAdder> closes) throws IOException {
        this.registry = registry;
        this.server = server;
        this.hostHeader = ascii("Host: " + server.getHostString() + ":" + server.getPort() + "\r\n");
        this.failures = failures;
        this.closes = closes;
        this.random = new SplittableRandom(1_000 + index);
        try {
            this.sha1 = MessageDigest.getInstance("SHA-1");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        this.stats = new WindowStats(registry.size(), Long.MAX_VALUE, Long.MAX_VALUE);
        this.selector = Selector.open();
        this.thread = Thread.ofPlatform().name("streams-loop-" + index).daemon().start(this::run);
    }

    /** Runs {@code task} on the loop thread; its result, when it has run. */
    <T> CompletableFuture<T> call(final Supplier<T> task) {
        final CompletableFuture<T> result = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                result.complete(task.get());
            } catch (final RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        selector.wakeup();
        return result;
    }

    /** Queues connections to open (at most {@link #MAX_IN_FLIGHT} handshakes at a time). */
    CompletableFuture<Void> open(final List<Target> targets) {
        return call(() -> {
            for (final Target target : targets) {
                toConnect.add(new Connection(target));
            }
            pendingCount = pendingCount + targets.size();
            return null;
        });
    }

    /** Starts measuring a new window; the measurements of the last one. */
    CompletableFuture<WindowStats> swapStats(final long startNanos, final long endNanos) {
        return call(() -> {
            final WindowStats last = stats;
            stats = new WindowStats(registry.size(), startNanos, endNanos);
            return last;
        });
    }

    CompletableFuture<Summary> summary() {
        return call(() -> {
            int withGaps = 0;
            int withOutOfOrder = 0;
            int stalled = 0;
            int stalledEnded = 0;
            int stalledWithGaps = 0;
            final int[] perStream = new int[registry.size()];
            for (final Connection c : connections) {
                if (c.target.stalled()) {
                    stalled++;
                    stalledEnded += c.subscribed && c.state == State.CLOSED ? 1 : 0;
                    stalledWithGaps += c.gaps > 0 ? 1 : 0;
                    continue;
                }
                withGaps += c.gaps > 0 ? 1 : 0;
                withOutOfOrder += c.outOfOrder > 0 ? 1 : 0;
                if (c.state == State.OPEN) {
                    for (final int stream : c.streams) {
                        perStream[stream]++;
                    }
                }
            }
            return new Summary(openCount, endedCount, failedCount, withGaps, withOutOfOrder, perStream, stalled, stalledEnded, stalledWithGaps);
        });
    }

    /** Closes every connection (a close frame 1000, then the socket) and forgets them. */
    CompletableFuture<Void> closeAll() {
        return call(() -> {
            toConnect.clear();
            for (final Connection c : connections) {
                if (c.state != State.CLOSED) {
                    if (c.state == State.OPEN || c.state == State.SUBSCRIBING) {
                        sendClose(c, 1000);
                    }
                    shut(c);
                }
            }
            connections.clear();
            inFlight = 0;
            pendingCount = 0;
            openCount = 0;
            failedCount = 0;
            endedCount = 0;
            return null;
        });
    }

    /** Lets the stalled connections read again (what the server buffered for them, or its close). */
    CompletableFuture<Void> resumeStalled() {
        return call(() -> {
            for (final Connection c : connections) {
                if (c.target.stalled() && c.state == State.OPEN) {
                    c.key.interestOps(SelectionKey.OP_READ | (c.out != null ? SelectionKey.OP_WRITE : 0));
                }
            }
            return null;
        });
    }

    int pending() {
        return pendingCount;
    }

    int open() {
        return openCount;
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(5_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (running) {
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                startConnects();
                selector.select(100);
                final long passStart = System.nanoTime();
                for (final SelectionKey key : selector.selectedKeys()) {
                    final Connection c = (Connection) key.attachment();
                    try {
                        if (!key.isValid()) {
                            continue;
                        }
                        if (key.isConnectable()) {
                            onConnectable(c);
                            continue;
                        }
                        if (key.isWritable()) {
                            flush(c);
                        }
                        if (key.isReadable()) {
                            onReadable(c);
                        }
                    } catch (final IOException e) {
                        lost(c, "I/O error: " + e.getMessage());
                    }
                }
                selector.selectedKeys().clear();
                if (stats.covers(passStart)) {
                    stats.passNanos.recordValue(Math.min(System.nanoTime() - passStart, stats.passNanos.getHighestTrackableValue()));
                }
            }
        } catch (final IOException | RuntimeException e) {
            System.err.println(Thread.currentThread().getName() + " died: " + e);
            e.printStackTrace();
        } finally {
            for (final Connection c : connections) {
                shut(c);
            }
            try {
                selector.close();
            } catch (final IOException e) {
                // closing anyway
            }
        }
    }

    private void startConnects() {
        while (inFlight < MAX_IN_FLIGHT && !toConnect.isEmpty()) {
            final Connection c = toConnect.poll();
            connections.add(c);
            inFlight++;
            try {
                c.channel = SocketChannel.open();
                c.channel.configureBlocking(false);
                c.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (c.target.local() != null) {
                    c.channel.bind(c.target.local());
                }
                final boolean connected = c.channel.connect(server);
                c.key = c.channel.register(selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, c);
                if (connected) {
                    sendHandshake(c);
                }
            } catch (final IOException e) {
                failed(c, "connect: " + e.getMessage());
            }
        }
    }

    private void onConnectable(final Connection c) {
        try {
            if (c.channel.finishConnect()) {
                c.key.interestOps(SelectionKey.OP_READ);
                sendHandshake(c);
            }
        } catch (final IOException e) {
            failed(c, "connect: " + e.getMessage());
        }
    }

    private void sendHandshake(final Connection c) throws IOException {
        final byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        c.secKey = Base64.getEncoder().encodeToString(nonce);
        final ByteBuffer request = ByteBuffer.allocate(512 + c.target.endpoint().path().length());
        request.put(ascii("GET " + c.target.endpoint().path() + " HTTP/1.1\r\n")).put(hostHeader)
            .put(ascii("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + c.secKey + "\r\nSec-WebSocket-Version: 13\r\n\r\n"));
        c.state = State.HANDSHAKE;
        write(c, request.flip());
    }

    private void onReadable(final Connection c) throws IOException {
        if (c.bigFrame != null) {
            readBigFrame(c);
            return;
        }
        scratch.clear();
        if (c.pendingLength > 0) {
            scratch.put(c.pending, 0, c.pendingLength);
            c.pendingLength = 0;
        }
        final int read = c.channel.read(scratch);
        if (read < 0) {
            lost(c, "EOF without a close frame");
            return;
        }
        final long nowNanos = System.nanoTime();
        final long wallMicros = wallMicros();
        if (stats.covers(nowNanos)) {
            stats.wireBytes += read;
        }
        scratch.flip();
        if (c.state == State.HANDSHAKE && !onHandshakeAnswer(c)) {
            return;
        }
        decodeFrames(c, scratch, nowNanos, wallMicros);
        if (scratch.hasRemaining() && c.state != State.CLOSED && c.bigFrame == null) {
            final int rest = scratch.remaining();
            if (c.pending.length < rest) {
                c.pending = new byte[Math.max(rest, Math.min(SCRATCH_BYTES, c.pending.length * 2))];
            }
            scratch.get(c.pending, 0, rest);
            c.pendingLength = rest;
        }
    }

    private void readBigFrame(final Connection c) throws IOException {
        final int read = c.channel.read(c.bigFrame);
        if (read < 0) {
            lost(c, "EOF without a close frame");
            return;
        }
        final long nowNanos = System.nanoTime();
        if (stats.covers(nowNanos)) {
            stats.wireBytes += read;
        }
        if (!c.bigFrame.hasRemaining()) {
            final ByteBuffer frame = c.bigFrame.flip();
            c.bigFrame = null;
            decodeFrames(c, frame, nowNanos, wallMicros());
        }
    }

    /** Reads the handshake's answer from the scratch buffer; false if it is not complete (or failed). */
    private boolean onHandshakeAnswer(final Connection c) {
        final int end = indexOf(scratch, HEADER_END, scratch.position(), scratch.limit());
        if (end < 0) {
            if (scratch.remaining() > MAX_HANDSHAKE_BYTES) {
                failed(c, "handshake: answer headers too long");
            } else {
                c.pending = new byte[scratch.remaining()];
                scratch.get(c.pending);
                c.pendingLength = c.pending.length;
            }
            return false;
        }
        final byte[] headBytes = new byte[end - scratch.position()];
        scratch.get(headBytes);
        scratch.position(end + HEADER_END.length);
        final String head = new String(headBytes, StandardCharsets.ISO_8859_1);
        final int lineEnd = head.indexOf('\r');
        final String statusLine = lineEnd < 0 ? head : head.substring(0, lineEnd);
        if (!statusLine.startsWith("HTTP/1.1 101")) {
            failed(c, "handshake: " + statusLine);
            return false;
        }
        final String expected = Base64.getEncoder().encodeToString(sha1.digest(ascii(c.secKey + ACCEPT_GUID)));
        if (!head.toLowerCase(Locale.ROOT).contains("\nsec-websocket-accept: " + expected.toLowerCase(Locale.ROOT))) {
            failed(c, "handshake: no or wrong Sec-WebSocket-Accept");
            return false;
        }
        if (c.target.endpoint().subscribe().isEmpty()) {
            opened(c);
        } else {
            c.state = State.SUBSCRIBING;
            final byte[] request = c.target.endpoint().subscribeRequest().getBytes(StandardCharsets.UTF_8);
            sendFrame(c, OP_TEXT, ByteBuffer.wrap(request), 0, request.length);
        }
        return true;
    }

    /** Decodes the whole frames in {@code buf} from its position, leaving it at the first byte of an incomplete one. */
    private void decodeFrames(final Connection c, final ByteBuffer buf, final long nowNanos, final long wallMicros) {
        while (c.state != State.CLOSED) {
            final int at = buf.position();
            final int available = buf.remaining();
            if (available < 2) {
                return;
            }
            final int b0 = buf.get(at) & 0xFF;
            final int b1 = buf.get(at + 1) & 0xFF;
            if ((b1 & 0x80) != 0) {
                failOpen(c, "protocol: the server masked a frame");
                return;
            }
            long length = b1 & 0x7F;
            int header = 2;
            if (length == 126) {
                if (available < 4) {
                    return;
                }
                length = buf.getShort(at + 2) & 0xFFFF;
                header = 4;
            } else if (length == 127) {
                if (available < 10) {
                    return;
                }
                length = buf.getLong(at + 2);
                header = 10;
            }
            if (length < 0 || length > MAX_FRAME_BYTES) {
                failOpen(c, "protocol: a frame of " + length + " bytes");
                return;
            }
            final int total = header + (int) length;
            if (available < total) {
                if (total > SCRATCH_BYTES) {
                    c.bigFrame = ByteBuffer.allocate(total);
                    c.bigFrame.put(buf);
                }
                return;
            }
            buf.position(at + total);
            onFrame(c, b0, buf, at + header, (int) length, nowNanos, wallMicros);
        }
    }

    private void onFrame(final Connection c, final int b0, final ByteBuffer buf, final int from, final int length, final long nowNanos,
        final long wallMicros) {
        final boolean fin = (b0 & 0x80) != 0;
        switch (b0 & 0x0F) {
            case OP_TEXT, OP_BINARY -> {
                if (c.fragmented) {
                    failOpen(c, "protocol: a new message inside a fragmented one");
                } else if (fin) {
                    onMessage(c, buf, from, from + length, nowNanos, wallMicros);
                } else {
                    c.fragmented = true;
                    c.fragmentLength = 0;
                    appendFragment(c, buf, from, length);
                }
            }
            case OP_CONTINUATION -> {
                if (!c.fragmented) {
                    failOpen(c, "protocol: a continuation frame outside a message");
                    return;
                }
                appendFragment(c, buf, from, length);
                if (fin) {
                    c.fragmented = false;
                    onMessage(c, ByteBuffer.wrap(c.fragments, 0, c.fragmentLength), 0, c.fragmentLength, nowNanos, wallMicros);
                }
            }
            case OP_PING -> sendFrame(c, OP_PONG, buf, from, length);
            case OP_PONG -> {
                // unsolicited or late: nothing to do
            }
            case OP_CLOSE -> {
                final int code = length >= 2 ? buf.getShort(from) & 0xFFFF : 1005;
                final byte[] reason = new byte[Math.max(0, length - 2)];
                if (reason.length > 0) {
                    buf.get(from + 2, reason);
                }
                sendClose(c, code == 1005 ? 1000 : code);
                final String text = new String(reason, StandardCharsets.UTF_8);
                lost(c, "close frame " + code + (text.isEmpty() ? "" : " \"" + text + "\""));
            }
            default -> failOpen(c, "protocol: opcode " + (b0 & 0x0F));
        }
    }

    private void appendFragment(final Connection c, final ByteBuffer buf, final int from, final int length) {
        if (c.fragmentLength + length > MAX_FRAME_BYTES) {
            failOpen(c, "protocol: a fragmented message over " + MAX_FRAME_BYTES + " bytes");
            return;
        }
        if (c.fragments.length < c.fragmentLength + length) {
            c.fragments = Arrays.copyOf(c.fragments, Math.max(c.fragmentLength + length, c.fragments.length * 2));
        }
        buf.get(from, c.fragments, c.fragmentLength, length);
        c.fragmentLength += length;
    }

    /** One whole text message, {@code buf[from, to)}: an event of a subscribed stream, or an answer to a request. */
    private void onMessage(final Connection c, final ByteBuffer buf, final int from, final int to, final long nowNanos, final long wallMicros) {
        int slot = -1;
        int at = from;
        if (c.target.endpoint().combined() && startsWith(buf, from, to, COMBINED_PREFIX)) {
            final int nameFrom = from + COMBINED_PREFIX.length;
            final int nameTo = indexOf(buf, (byte) '"', nameFrom, to);
            slot = nameTo < 0 ? -1 : c.slotOf(buf, nameFrom, nameTo);
            final int data = indexOf(buf, DATA, Math.max(nameFrom, nameTo), to);
            at = data < 0 ? to : data + DATA.length;
        }
        final int type = indexOf(buf, EVENT_TYPE, at, to);
        if (type < 0) {
            onAnswer(c, buf, from, to, nowNanos);
            return;
        }
        final int name = type + EVENT_TYPE.length;
        final boolean inWindow = stats.covers(nowNanos);
        if (startsWith(buf, name, to, DEPTH_UPDATE)) {
            slot = slot >= 0 ? slot : c.depthSlot;
            if (slot < 0 || registry.kind(c.streams[slot]) != StreamRegistry.Kind.DIFF_DEPTH) {
                other(inWindow);
                return;
            }
            final long first = number(buf, KEY_FIRST_UPDATE, at, to);
            final long last = number(buf, KEY_FINAL_UPDATE, at, to);
            final StreamStats s = stats.streams[c.streams[slot]];
            check(c, slot, s, first, last, inWindow);
            if (inWindow) {
                s.ids(first, last);
            }
            received(c, slot, s, last, number(buf, KEY_EVENT_TIME, at, to), to - from, nowNanos, wallMicros, inWindow);
        } else if (startsWith(buf, name, to, TRADE)) {
            slot = slot >= 0 ? slot : c.tradeSlot;
            if (slot < 0 || registry.kind(c.streams[slot]) != StreamRegistry.Kind.TRADE) {
                other(inWindow);
                return;
            }
            final long id = number(buf, KEY_TRADE_ID, at, to);
            final StreamStats s = stats.streams[c.streams[slot]];
            check(c, slot, s, id, id, inWindow);
            if (inWindow) {
                s.ids(id, id);
            }
            received(c, slot, s, id, number(buf, KEY_EVENT_TIME, at, to), to - from, nowNanos, wallMicros, inWindow);
            if (inWindow) {
                s.recordLatency(s.fromTradeTimeMicros, wallMicros - number(buf, KEY_TRADE_TIME, at, to) * 1000);
            }
        } else {
            slot = slot >= 0 ? slot : c.otherSlot;
            if (slot < 0) {
                other(inWindow);
                return;
            }
            final StreamStats s = stats.streams[c.streams[slot]];
            if (inWindow) {
                s.messages++;
                s.payloadBytes += to - from;
                final long eventTime = number(buf, KEY_EVENT_TIME, at, to);
                if (eventTime > 0) {
                    s.recordLatency(s.fromEventMicros, wallMicros - eventTime * 1000);
                }
            }
        }
    }

    /** Ordering: a diff's {@code U} must be the last {@code u + 1}, a trade's id the last id + 1. */
    private static void check(final Connection c, final int slot, final StreamStats s, final long first, final long last, final boolean inWindow) {
        final long previous = c.lastIds[slot];
        if (previous >= 0) {
            if (first > previous + 1) {
                c.gaps++;
                if (inWindow) {
                    s.gaps++;
                    s.missedIds += first - previous - 1;
                }
            } else if (first <= previous) {
                c.outOfOrder++;
                if (inWindow) {
                    s.outOfOrder++;
                }
            }
        }
        c.lastIds[slot] = Math.max(previous, last);
    }

    private void received(final Connection c, final int slot, final StreamStats s, final long id, final long eventTimeMillis, final int bytes,
        final long nowNanos, final long wallMicros, final boolean inWindow) {
        final long lag = registry.fanOut(c.streams[slot]).onReceipt(id, nowNanos);
        if (inWindow) {
            s.messages++;
            s.payloadBytes += bytes;
            s.recordLatency(s.fromEventMicros, wallMicros - eventTimeMillis * 1000);
            s.fanOutNanos.recordValue(Math.min(lag, s.fanOutNanos.getHighestTrackableValue()));
        }
    }

    private void other(final boolean inWindow) {
        if (inWindow) {
            stats.otherMessages++;
        }
    }

    /** A message that is not an event: the answer to {@code SUBSCRIBE}, or an error. */
    private void onAnswer(final Connection c, final ByteBuffer buf, final int from, final int to, final long nowNanos) {
        if (c.state == State.SUBSCRIBING) {
            if (indexOf(buf, KEY_RESULT, from, to) >= 0) {
                opened(c);
            } else {
                final byte[] text = new byte[Math.min(200, to - from)];
                buf.get(from, text);
                failed(c, "SUBSCRIBE answered " + new String(text, StandardCharsets.UTF_8));
            }
            return;
        }
        other(stats.covers(nowNanos));
    }

    private void opened(final Connection c) {
        c.state = State.OPEN;
        c.subscribed = true;
        if (c.target.stalled()) {
            c.key.interestOps(0);
        }
        inFlight--;
        pendingCount = pendingCount - 1;
        openCount = openCount + 1;
    }

    /** A connection that never got subscribed. */
    private void failed(final Connection c, final String why) {
        if (c.state == State.CLOSED) {
            return;
        }
        failures.computeIfAbsent(why, k -> new LongAdder()).increment();
        inFlight--;
        pendingCount = pendingCount - 1;
        failedCount = failedCount + 1;
        shut(c);
    }

    /** A protocol failure: before the subscription, the connection failed; after, it is lost. */
    private void failOpen(final Connection c, final String why) {
        if (c.state == State.OPEN) {
            lost(c, why);
        } else {
            failed(c, why);
        }
    }

    /** A subscribed connection that ended: recorded with how, in the window when it falls in one. */
    private void lost(final Connection c, final String how) {
        if (c.state != State.OPEN) {
            failed(c, how);
            return;
        }
        final String what = c.target.stalled() ? "stalled subscriber: " + how : how;
        if (stats.covers(System.nanoTime())) {
            stats.closes.merge(what, 1L, Long::sum);
        }
        closes.computeIfAbsent(what, k -> new LongAdder()).increment();
        openCount = openCount - 1;
        endedCount = endedCount + 1;
        shut(c);
    }

    private void shut(final Connection c) {
        c.state = State.CLOSED;
        c.pending = EMPTY;
        c.fragments = EMPTY;
        c.bigFrame = null;
        if (c.key != null) {
            c.key.cancel();
        }
        if (c.channel != null) {
            try {
                c.channel.close();
            } catch (final IOException e) {
                // closing anyway
            }
        }
    }

    private void sendClose(final Connection c, final int code) {
        final ByteBuffer payload = ByteBuffer.allocate(2).putShort((short) code).flip();
        sendFrame(c, OP_CLOSE, payload, 0, 2);
    }

    /** Sends one frame, masked as a client must, with the payload {@code buf[from, from + length)}. */
    private void sendFrame(final Connection c, final int opcode, final ByteBuffer buf, final int from, final int length) {
        final ByteBuffer frame = ByteBuffer.allocate(14 + length);
        frame.put((byte) (0x80 | opcode));
        if (length < 126) {
            frame.put((byte) (0x80 | length));
        } else if (length < 65_536) {
            frame.put((byte) (0x80 | 126)).putShort((short) length);
        } else {
            frame.put((byte) (0x80 | 127)).putLong(length);
        }
        final int mask = random.nextInt();
        frame.putInt(mask);
        for (int i = 0; i < length; i++) {
            frame.put((byte) (buf.get(from + i) ^ (mask >>> (8 * (3 - (i & 3))))));
        }
        try {
            write(c, frame.flip());
        } catch (final IOException e) {
            lost(c, "I/O error: " + e.getMessage());
        }
    }

    private void write(final Connection c, final ByteBuffer bytes) throws IOException {
        if (c.out != null && c.out.hasRemaining()) {
            final ByteBuffer joined = ByteBuffer.allocate(c.out.remaining() + bytes.remaining());
            c.out = joined.put(c.out).put(bytes).flip();
        } else {
            c.channel.write(bytes);
            if (!bytes.hasRemaining()) {
                return;
            }
            c.out = bytes;
        }
        c.key.interestOps(c.key.interestOps() | SelectionKey.OP_WRITE);
    }

    private void flush(final Connection c) throws IOException {
        if (c.out != null) {
            c.channel.write(c.out);
            if (c.out.hasRemaining()) {
                return;
            }
            c.out = null;
        }
        c.key.interestOps(c.key.interestOps() & ~SelectionKey.OP_WRITE);
    }

    /** The wall clock in microseconds (the JDK reads it with nanosecond resolution on Linux). */
    static long wallMicros() {
        final Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** The non-negative integer after {@code key} in {@code buf[from, to)} (spaces allowed), or -1. */
    static long number(final ByteBuffer buf, final byte[] key, final int from, final int to) {
        int at = indexOf(buf, key, from, to);
        if (at < 0) {
            return -1;
        }
        at += key.length;
        while (at < to && buf.get(at) == ' ') {
            at++;
        }
        long value = 0;
        int digits = 0;
        for (; at < to; at++, digits++) {
            final int d = buf.get(at) - '0';
            if (d < 0 || d > 9) {
                break;
            }
            value = value * 10 + d;
        }
        return digits == 0 ? -1 : value;
    }

    static boolean startsWith(final ByteBuffer buf, final int from, final int to, final byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buf.get(from + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(final ByteBuffer buf, final byte[] pattern, final int from, final int to) {
        final byte first = pattern[0];
        for (int i = from, last = to - pattern.length; i <= last; i++) {
            if (buf.get(i) == first && startsWith(buf, i, to, pattern)) {
                return i;
            }
        }
        return -1;
    }

    static int indexOf(final ByteBuffer buf, final byte value, final int from, final int to) {
        for (int i = from; i < to; i++) {
            if (buf.get(i) == value) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] ascii(final String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
