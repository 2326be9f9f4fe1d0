package io.bourse.bench.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.HdrHistogram.Histogram;

/**
 * The load generator: signed {@code POST /api/v3/order} (and {@code DELETE /api/v3/order}) requests from several
 * accounts over HTTP/1.1 keep-alive connections, no pipelining (one request at a time per connection), driven by one
 * thread with a NIO selector: no thread per request or per connection. It is deliberately lean (requests are written
 * as bytes, answers parsed just enough for the status, {@code Content-Length} and the few fields the order flow needs),
 * since it shares the machine's cores with the server it measures.
 *
 * <p>The order flow, on BTCUSDT around 30,000.00: each request goes to the next account in turn; it is a LIMIT GTC of
 * 0.001 to 0.005 BTC on a random side, priced anywhere from 10 ticks on its own side to 10 ticks across the middle, so
 * that about half cross the resting orders of the other accounts (and a third fill at once) and the rest rest. Each
 * account remembers its orders that rest (from the FULL answers); when it has more than {@code maxOpen}, its next
 * request cancels the oldest instead, which keeps the book bounded. The account cannot see its resting orders fill,
 * so many of these cancels come after the fill and are answered {@code -2011} (counted apart, not as errors): about
 * three requests in five are new orders, two are cancels, as on a real exchange where cancels are common.
 *
 * <p>Signing is Binance's: HMAC-SHA256, hex, over the query string followed by the body; new orders carry their
 * parameters in a form body (or, with {@code paramsInBody} false, in the query string), cancels in the query string.
 */
public final class LoadGenerator implements AutoCloseable {
    /** The symbol traded. */
    public static final String SYMBOL = "BTCUSDT";
    /** The width of one slice of {@link Stats#timeline}. */
    static final long TIMELINE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long MID_TICKS = 3_000_000; // 30,000.00 in ticks of 0.01
    private static final long ANSWER_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};

    /** Told of every trade a new order made at once (its FULL answer's {@code fills}), on the thread that runs {@link #run}. */
    @FunctionalInterface
    public interface FillListener {
        /** Trade {@code tradeId} came from an order sent at {@code sentNanos} and answered at {@code answeredNanos} ({@link System#nanoTime()}). */
        void onTrade(long tradeId, long sentNanos, long answeredNanos);
    }

    /** One trading account and its key. */
    public static final class Account {
        final long id;
        final String apiKey;
        final Mac mac;
        final ArrayDeque<Long> resting = new ArrayDeque<>();
        /** New orders sent and not answered yet (each may rest). */
        int pendingNew;
        /** Set when the server says the account has too many open orders (it lost count): the next request cancels them all. */
        boolean cancelAll;

        public Account(final long id, final String apiKey, final String secret) {
            this.id = id;
            this.apiKey = apiKey;
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            } catch (final GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        String sign(final String payload) {
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** What one row measured. Written by the generator thread; read after {@link #run} returns. */
    public static final class Stats {
        public final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(120), 3);
        public final Map<String, Long> errors = new TreeMap<>();
        /** The worst latency of the requests due in each {@link #TIMELINE_NANOS} slice of the window. */
        public long[] timeline = new long[0];
        public long windowStart;
        public long windowEnd;
        public long sent;
        public long measured;
        public long completedInWindow;
        public long okInWindow;
        public long newOk;
        public long newOkInWindow;
        public long cancelOk;
        public long cancelLate;
        public long rested;
        public long filled;
        public long expired;

        public long errorCount() {
            long total = 0;
            for (final long count : errors.values()) {
                total += count;
            }
            return total;
        }

        void error(final String error) {
            errors.merge(error, 1L, Long::sum);
        }
    }

    /** A request on its way: whom it is for, what it does, and when it was due. */
    private record Request(Account account, long cancelId, boolean cancel, long intended) {
    }

    /** One keep-alive connection: at most one request outstanding. */
    private final class Connection {
        final SocketChannel channel;
        final SelectionKey key;
        final ByteBuffer out = ByteBuffer.allocateDirect(BUFFER_BYTES);
        final ByteBuffer in = ByteBuffer.allocate(BUFFER_BYTES);
        Request request;
        long sentNanos;
        boolean dead;

        Connection() throws IOException {
            channel = SocketChannel.open();
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.connect(address);
            channel.configureBlocking(false);
            key = channel.register(selector, SelectionKey.OP_READ, this);
        }

        void send(final Request next, final byte[] bytes) throws IOException {
            request = next;
            sentNanos = System.nanoTime();
            out.clear();
            out.put(bytes).flip();
            channel.write(out);
            if (out.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        }

        void close() {
            dead = true;
            key.cancel();
            try {
                channel.close();
            } catch (final IOException e) {
                // closing anyway
            }
        }
    }

    private final InetSocketAddress address;
    private final String hostHeader;
    private final Account[] accounts;
    private final boolean paramsInBody;
    private final int maxOpen;
    private final SplittableRandom random = new SplittableRandom(42);
    private final Selector selector;
    private final StringBuilder text = new StringBuilder(1024);
    /** Guards the accounts, the statistics, the connections' outgoing requests and {@link #outstanding}. */
    private final Object lock = new Object();
    private FillListener fillListener;
    private int nextAccount;
    private int outstanding;

    public LoadGenerator(final String host, final int port, final Account[] accounts, final boolean paramsInBody, final int maxOpen) {
        this.address = new InetSocketAddress(host, port);
        this.hostHeader = host + ":" + port;
        this.accounts = accounts;
        this.paramsInBody = paramsInBody;
        this.maxOpen = maxOpen;
        try {
            this.selector = Selector.open();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs one row: closed loop, {@code connections} requests always outstanding, when {@code rate} is 0; else open loop
     * at {@code rate} requests/s over {@code connections} connections (a request due while all are busy waits for
     * one). Latency is measured from the send (closed) or from the scheduled send time (open: a stall is charged to
     * every request scheduled during it). Returns when every request sent is answered.
     *
     * <p>The calling thread runs the selector: it reads the answers and, in the closed loop, sends each connection's
     * next request. In the open loop a pacer thread sleeps until each request is due and sends it itself (the
     * selector thread is not woken to send). Both hold {@link #lock} while they touch the accounts, the statistics
     * or a connection's outgoing request.
     */
    public Stats run(final int rate, final int connections, final double seconds) throws IOException {
        final Stats row = new Stats();
        final Connection[] pool = new Connection[connections];
        for (int i = 0; i < connections; i++) {
            pool[i] = new Connection();
        }
        final long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        row.windowStart = start;
        row.windowEnd = start + (long) (seconds * 1e9);
        row.timeline = new long[(int) ((row.windowEnd - row.windowStart) / TIMELINE_NANOS) + 1];
        final Open open = rate > 0 ? new Open(row, start, 1e9 / rate, (long) Math.ceil(seconds * rate)) : null;
        LockSupport.parkNanos(start - System.nanoTime());
        synchronized (lock) {
            outstanding = 0;
            for (final Connection connection : pool) {
                if (open == null) {
                    outstanding += send(row, connection, System.nanoTime()) ? 1 : 0;
                } else {
                    open.idle.add(connection);
                }
            }
        }
        final Thread pacer = open == null ? null : Thread.ofPlatform().name("api-bench-pacer").start(open::pace);
        final long drainDeadline = row.windowEnd + ANSWER_TIMEOUT_NANOS;
        while (true) {
            final long now = System.nanoTime();
            synchronized (lock) {
                final boolean sending = open != null ? open.issued < open.scheduled : now < row.windowEnd;
                if (!sending && outstanding == 0 && (open == null || open.waiting.isEmpty())) {
                    break;
                }
                if (now > drainDeadline) {
                    for (final Connection connection : pool) {
                        if (connection.request != null) {
                            row.error("no answer within " + TimeUnit.NANOSECONDS.toSeconds(ANSWER_TIMEOUT_NANOS) + " s");
                        }
                    }
                    break;
                }
            }
            selector.select(open != null ? 5 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(row.windowEnd - now)));
            for (final SelectionKey key : selector.selectedKeys()) {
                final Connection connection = (Connection) key.attachment();
                if (!key.isValid()) {
                    continue;
                }
                if (key.isWritable()) {
                    synchronized (lock) {
                        connection.channel.write(connection.out);
                        if (!connection.out.hasRemaining()) {
                            key.interestOps(SelectionKey.OP_READ);
                        }
                    }
                }
                if (key.isReadable() && readAnswer(row, connection)) {
                    synchronized (lock) {
                        outstanding--;
                        final Connection next = connection.dead ? replace(pool, connection) : connection;
                        if (open == null) {
                            final long after = System.nanoTime();
                            if (after < row.windowEnd) {
                                outstanding += send(row, next, after) ? 1 : 0;
                            }
                        } else {
                            open.idle.add(next);
                            open.sendWaiting();
                        }
                    }
                }
            }
            selector.selectedKeys().clear();
        }
        if (pacer != null) {
            pacer.interrupt();
            try {
                pacer.join();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (final Connection connection : pool) {
            connection.close();
        }
        selector.selectNow();
        return row;
    }

    /** The open loop's schedule and its queue of requests due while every connection was busy. */
    private final class Open {
        final Stats row;
        final long start;
        final double interval;
        final long scheduled;
        final ArrayDeque<Connection> idle = new ArrayDeque<>();
        final ArrayDeque<Long> waiting = new ArrayDeque<>();
        long issued;

        Open(final Stats row, final long start, final double interval, final long scheduled) {
            this.row = row;
            this.start = start;
            this.interval = interval;
            this.scheduled = scheduled;
        }

        /** The pacer thread: request i is due at start + i * interval; it sends what is due on idle connections. */
        void pace() {
            long next = 0;
            while (next < scheduled && !Thread.currentThread().isInterrupted()) {
                final long now = System.nanoTime();
                final long at = start + (long) (next * interval);
                if (at > now) {
                    LockSupport.parkNanos(at - now);
                    continue;
                }
                synchronized (lock) {
                    while (next < scheduled && start + (long) (next * interval) <= now) {
                        waiting.add(start + (long) (next * interval));
                        next++;
                    }
                    issued = next;
                    try {
                        sendWaiting();
                    } catch (final IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }

        /** Sends waiting requests while there are idle connections (holding {@link #lock}). */
        void sendWaiting() throws IOException {
            while (!waiting.isEmpty() && !idle.isEmpty()) {
                outstanding += send(row, idle.poll(), waiting.poll()) ? 1 : 0;
            }
        }
    }

    /** A new connection in the place of a dead one. */
    private Connection replace(final Connection[] pool, final Connection dead) throws IOException {
        final Connection fresh = new Connection();
        for (int i = 0; i < pool.length; i++) {
            if (pool[i] == dead) {
                pool[i] = fresh;
            }
        }
        return fresh;
    }

    /** Builds, signs and sends the next request on {@code connection}; {@code intended} is when it was due. */
    private boolean send(final Stats row, final Connection connection, final long intended) throws IOException {
        final Account account = accounts[nextAccount];
        nextAccount = (nextAccount + 1) % accounts.length;
        final long timestamp = System.currentTimeMillis();
        final boolean cancel = account.cancelAll || !account.resting.isEmpty() && account.resting.size() + account.pendingNew > maxOpen;
        long cancelId = 0;
        text.setLength(0);
        if (account.cancelAll) {
            account.cancelAll = false;
            account.resting.clear();
            final String payload = "symbol=" + SYMBOL + "&timestamp=" + timestamp;
            text.append("DELETE /api/v3/openOrders?").append(payload).append("&signature=").append(account.sign(payload));
            head(account, 0, false);
        } else if (cancel) {
            cancelId = account.resting.pollFirst();
            final String payload = "symbol=" + SYMBOL + "&orderId=" + cancelId + "&timestamp=" + timestamp;
            text.append("DELETE /api/v3/order?").append(payload).append("&signature=").append(account.sign(payload));
            head(account, 0, false);
        } else {
            final boolean buy = random.nextBoolean();
            final long offset = random.nextLong(-10, 11); // ticks towards the other side: above 0 it may cross
            final long priceTicks = buy ? MID_TICKS + offset : MID_TICKS - offset;
            final int lots = 1 + random.nextInt(5);
            final String payload = "symbol=" + SYMBOL + "&side=" + (buy ? "BUY" : "SELL") + "&type=LIMIT&timeInForce=GTC&quantity=0.00" + lots
                + "&price=" + priceTicks / 100 + "." + (priceTicks % 100 < 10 ? "0" : "") + priceTicks % 100 + "&timestamp=" + timestamp;
            final String signed = payload + "&signature=" + account.sign(payload);
            if (paramsInBody) {
                text.append("POST /api/v3/order");
                head(account, signed.length(), true);
                text.append(signed);
            } else {
                text.append("POST /api/v3/order?").append(signed);
                head(account, 0, false);
            }
            account.pendingNew++;
        }
        row.sent++;
        final Request request = new Request(account, cancelId, cancel, intended);
        try {
            connection.send(request, text.toString().getBytes(StandardCharsets.ISO_8859_1));
            return true;
        } catch (final IOException e) {
            die(row, connection, "cannot send: " + e.getMessage());
            return false;
        }
    }

    /** The rest of the request line and the headers, after the target. */
    private void head(final Account account, final int bodyLength, final boolean form) {
        text.append(" HTTP/1.1\r\nHost: ").append(hostHeader).append("\r\nX-MBX-APIKEY: ").append(account.apiKey).append("\r\n");
        if (form) {
            text.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ").append(bodyLength).append("\r\n");
        }
        text.append("\r\n");
    }

    /** Reads what arrived; true when the outstanding answer is complete (or the connection died with it). */
    private boolean readAnswer(final Stats row, final Connection connection) throws IOException {
        final int read;
        try {
            read = connection.channel.read(connection.in);
        } catch (final IOException e) {
            return die(row, connection, "connection reset");
        }
        if (read < 0) {
            return die(row, connection, "connection closed by the server");
        }
        final ByteBuffer in = connection.in;
        final byte[] bytes = in.array();
        final int length = in.position();
        final int headerEnd = indexOf(bytes, length, HEADER_END);
        if (headerEnd < 0) {
            if (length == bytes.length) {
                return die(row, connection, "answer headers too long");
            }
            return false;
        }
        final String head = new String(bytes, 0, headerEnd, StandardCharsets.ISO_8859_1);
        final int contentLength = contentLength(head);
        final int total = headerEnd + 4 + contentLength;
        if (contentLength < 0 || total > bytes.length) {
            return die(row, connection, "answer without a usable Content-Length");
        }
        if (length < total) {
            return false;
        }
        final long now = System.nanoTime();
        final int status = Integer.parseInt(head.substring(9, 12));
        final String body = new String(bytes, headerEnd + 4, contentLength, StandardCharsets.UTF_8);
        in.clear();
        synchronized (lock) {
            if (length > total || connection.request == null) {
                return die(row, connection, "unexpected bytes from the server");
            }
            final Request request = connection.request;
            connection.request = null;
            answered(row, request, status, body, now);
            if (fillListener != null && status == 200 && !request.cancel()) {
                reportFills(body, connection.sentNanos, now);
            }
            finish(row, request, now);
            if (head.toLowerCase(Locale.ROOT).contains("\nconnection: close")) {
                connection.close();
            }
        }
        return true;
    }

    private boolean die(final Stats row, final Connection connection, final String why) {
        synchronized (lock) {
            return dieLocked(row, connection, why);
        }
    }

    private boolean dieLocked(final Stats row, final Connection connection, final String why) {
        final Request request = connection.request;
        connection.request = null;
        connection.close();
        if (request == null) {
            return false;
        }
        row.error("no answer: " + why);
        if (request.cancelId() != 0) {
            request.account().resting.addFirst(request.cancelId());
        }
        finish(row, request, System.nanoTime());
        return true;
    }

    /** Records a request's latency and completion. */
    private static void finish(final Stats row, final Request request, final long now) {
        if (!request.cancel()) {
            request.account().pendingNew--;
        }
        if (request.intended() >= row.windowStart && request.intended() < row.windowEnd) {
            final long latency = Math.min(Math.max(0, now - request.intended()), row.latency.getHighestTrackableValue());
            row.latency.recordValue(latency);
            row.measured++;
            final int slice = (int) ((request.intended() - row.windowStart) / TIMELINE_NANOS);
            row.timeline[slice] = Math.max(row.timeline[slice], latency);
        }
        if (now >= row.windowStart && now < row.windowEnd) {
            row.completedInWindow++;
        }
    }

    private static void answered(final Stats row, final Request request, final int status, final String text, final long now) {
        final boolean inWindow = now >= row.windowStart && now < row.windowEnd;
        final Account account = request.account();
        if (status == 200) {
            if (inWindow) {
                row.okInWindow++;
            }
            if (request.cancel()) {
                row.cancelOk++;
                return;
            }
            row.newOk++;
            if (inWindow) {
                row.newOkInWindow++;
            }
            final String orderStatus = stringField(text, "status");
            if ("NEW".equals(orderStatus) || "PARTIALLY_FILLED".equals(orderStatus)) {
                account.resting.addLast(Long.parseLong(numberField(text, "orderId")));
                row.rested++;
            } else if ("FILLED".equals(orderStatus)) {
                row.filled++;
            } else {
                row.expired++;
            }
            return;
        }
        final String code = numberField(text, "code");
        if (request.cancel() && "-2011".equals(code)) {
            row.cancelLate++;
            return;
        }
        if (request.cancelId() != 0) {
            account.resting.addFirst(request.cancelId()); // not canceled: still resting, cancel it later
        }
        if ("-1013".equals(code) && text.contains("MAX_NUM_ORDERS")) {
            account.cancelAll = true;
        }
        final String message = stringField(text, "msg");
        row.error("HTTP " + status + (code == null ? "" : " " + code) + (message == null ? "" : " " + message)
            + (request.cancel() ? " (cancel)" : " (new order)"));
    }

    private static int contentLength(final String head) {
        int at = 0;
        while ((at = head.indexOf('\n', at)) >= 0) {
            at++;
            if (head.regionMatches(true, at, "content-length:", 0, 15)) {
                int end = head.indexOf('\r', at);
                if (end < 0) {
                    end = head.length();
                }
                try {
                    return Integer.parseInt(head.substring(at + 15, end).trim());
                } catch (final NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private static int indexOf(final byte[] bytes, final int length, final byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The text of {@code "name":"value"} in a flat JSON answer, or null. */
    private static String stringField(final String json, final String name) {
        final String key = "\"" + name + "\":\"";
        final int at = json.indexOf(key);
        if (at < 0) {
            return null;
        }
        final int from = at + key.length();
        final int end = json.indexOf('"', from);
        return end < 0 ? null : json.substring(from, end);
    }

    /** The digits of {@code "name":-123} in a flat JSON answer, or null. */
    private static String numberField(final String json, final String name) {
        final String key = "\"" + name + "\":";
        final int at = json.indexOf(key);
        if (at < 0) {
            return null;
        }
        final int from = at + key.length();
        int end = from;
        while (end < json.length() && (json.charAt(end) == '-' || Character.isDigit(json.charAt(end)))) {
            end++;
        }
        return end == from ? null : json.substring(from, end);
    }

    /** Sets (or, with null, removes) the listener told of the trades each new order made. */
    public void fillListener(final FillListener listener) {
        synchronized (lock) {
            fillListener = listener;
        }
    }

    /** Tells the listener of each {@code "tradeId":N} in a FULL answer. */
    private void reportFills(final String body, final long sentNanos, final long answeredNanos) {
        final String key = "\"tradeId\":";
        for (int at = body.indexOf(key); at >= 0; at = body.indexOf(key, at)) {
            at += key.length();
            long id = 0;
            int digits = 0;
            for (; at < body.length() && Character.isDigit(body.charAt(at)); at++, digits++) {
                id = id * 10 + body.charAt(at) - '0';
            }
            if (digits > 0) {
                fillListener.onTrade(id, sentNanos, answeredNanos);
            }
        }
    }

    /** The resting orders the accounts remember (to cancel later). */
    public int remembered() {
        int total = 0;
        for (final Account account : accounts) {
            total += account.resting.size();
        }
        return total;
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (final IOException e) {
            // closing anyway
        }
    }
}
