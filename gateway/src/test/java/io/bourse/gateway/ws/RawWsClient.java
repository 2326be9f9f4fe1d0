package io.bourse.gateway.ws;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.vertx.core.json.JsonObject;

/**
 * A deliberately small WebSocket client over a plain socket, so that tests control everything a misbehaving client
 * might do: not reading at all (with a tiny receive buffer), not answering pings, sending binary, huge or garbage
 * frames. Text messages go to a queue (and to an optional listener on the reader thread); the server's close frame is
 * recorded. One reader thread per connection, started on demand.
 */
final class RawWsClient implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    /** The HTTP status of the handshake (101 when upgraded). */
    final int status;
    private final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final List<String> all = new ArrayList<>();
    private volatile boolean autoPong = true;
    private volatile Consumer<String> listener;
    private volatile boolean retain = true;
    private volatile int closeStatus = -1;
    private volatile String closeReason;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile long pings;
    private Thread reader;

    private RawWsClient(final Socket socket, final int status) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.status = status;
    }

    /** Connects and upgrades; {@code receiveBufferBytes} 0 keeps the system's; reading starts at once unless told not to. */
    static RawWsClient connect(final String httpUrl, final String pathAndQuery, final int receiveBufferBytes, final boolean startReading) {
        try {
            final URI uri = URI.create(httpUrl);
            final Socket socket = new Socket();
            if (receiveBufferBytes > 0) {
                socket.setReceiveBufferSize(receiveBufferBytes);
            }
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
            socket.setSoTimeout(30_000);
            final byte[] nonce = new byte[16];
            RANDOM.nextBytes(nonce);
            final String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            final String head = readHead(socket.getInputStream());
            final int status = Integer.parseInt(head.substring(9, 12));
            final RawWsClient client = new RawWsClient(socket, status);
            if (status == 101 && startReading) {
                client.startReading();
            }
            return client;
        } catch (final IOException e) {
            throw new IllegalStateException("cannot connect to " + pathAndQuery, e);
        }
    }

    static RawWsClient connect(final String httpUrl, final String pathAndQuery) {
        return connect(httpUrl, pathAndQuery, 0, true);
    }

    private static String readHead(final InputStream in) throws IOException {
        final ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            final int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the handshake");
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    RawWsClient autoPong(final boolean value) {
        autoPong = value;
        return this;
    }

    /** Whether to keep data messages for {@link #await} and {@link #find} (responses are always kept). */
    RawWsClient retain(final boolean value) {
        retain = value;
        return this;
    }

    /** Called with each text message on the reader thread (before it is queued). */
    RawWsClient listener(final Consumer<String> value) {
        listener = value;
        return this;
    }

    synchronized void startReading() {
        if (reader == null) {
            reader = new Thread(this::readLoop, "ws-test-reader");
            reader.setDaemon(true);
            reader.start();
        }
    }

    private void readLoop() {
        final ByteArrayOutputStream message = new ByteArrayOutputStream();
        try {
            while (true) {
                final int b0 = in.read();
                final int b1 = in.read();
                if (b0 < 0 || b1 < 0) {
                    break;
                }
                final boolean fin = (b0 & 0x80) != 0;
                final int opcode = b0 & 0x0F;
                long length = b1 & 0x7F;
                if (length == 126) {
                    length = (in.read() << 8) | in.read();
                } else if (length == 127) {
                    length = 0;
                    for (int i = 0; i < 8; i++) {
                        length = (length << 8) | in.read();
                    }
                }
                final byte[] payload = in.readNBytes((int) length);
                if (payload.length < length) {
                    break;
                }
                switch (opcode) {
                    case 0x0, 0x1 -> {
                        message.write(payload);
                        if (fin) {
                            final String text = message.toString(StandardCharsets.UTF_8);
                            message.reset();
                            final Consumer<String> l = listener;
                            if (l != null) {
                                l.accept(text);
                            }
                            if (retain || text.startsWith("{\"result\"") || text.startsWith("{\"error\"")) {
                                synchronized (all) {
                                    all.add(text);
                                    all.notifyAll();
                                }
                                texts.add(text);
                            }
                        }
                    }
                    case 0x8 -> {
                        if (closeStatus == -1) {
                            closeStatus = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                            closeReason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                            try {
                                // Echo the status, as RFC 6455 asks.
                                frame(0x8, Arrays.copyOf(payload, Math.min(2, payload.length)), true);
                            } catch (final IllegalStateException e) {
                                // The server already cut the connection.
                            }
                        }
                    }
                    case 0x9 -> {
                        pings++;
                        if (autoPong) {
                            frame(0xA, payload, true);
                        }
                    }
                    default -> {
                    }
                }
            }
        } catch (final IOException e) {
            // Reset or closed: the connection is over.
        } finally {
            ended.countDown();
        }
    }

    /** Sends one masked frame. */
    synchronized void frame(final int opcode, final byte[] payload, final boolean fin) {
        try {
            final ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
            frame.write((fin ? 0x80 : 0) | opcode);
            if (payload.length < 126) {
                frame.write(0x80 | payload.length);
            } else if (payload.length < 65536) {
                frame.write(0x80 | 126);
                frame.write(payload.length >>> 8);
                frame.write(payload.length & 0xFF);
            } else {
                frame.write(0x80 | 127);
                for (int i = 7; i >= 0; i--) {
                    frame.write((int) ((long) payload.length >>> (8 * i)) & 0xFF);
                }
            }
            final byte[] mask = new byte[4];
            RANDOM.nextBytes(mask);
            frame.write(mask);
            for (int i = 0; i < payload.length; i++) {
                frame.write(payload[i] ^ mask[i & 3]);
            }
            out.write(frame.toByteArray());
            out.flush();
        } catch (final IOException e) {
            throw new IllegalStateException("send failed", e);
        }
    }

    void send(final String text) {
        frame(0x1, text.getBytes(StandardCharsets.UTF_8), true);
    }

    /** Sends a request and waits for the response with the same (numeric) id. */
    JsonObject request(final String json, final long id) {
        return request(json, Long.toString(id));
    }

    /** Sends a request and waits for the response whose id is written as {@code idJson}. */
    JsonObject request(final String json, final String idJson) {
        send(json);
        return new JsonObject(await(t -> t.endsWith(",\"id\":" + idJson + "}"), Duration.ofSeconds(10)));
    }

    /** The next text message that matches, consuming those before it; fails after the timeout. */
    String await(final Predicate<String> wanted, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                final long left = deadline - System.nanoTime();
                final String text = left > 0 ? texts.poll(left, TimeUnit.NANOSECONDS) : null;
                if (text == null) {
                    throw new AssertionError("no matching message within " + timeout + "; closed " + closeStatus + " " + closeReason);
                }
                if (wanted.test(text)) {
                    return text;
                }
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * The first text message received so far, or within the timeout, that matches (without consuming anything); fails
     * after the timeout.
     */
    String find(final Predicate<String> wanted, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        synchronized (all) {
            while (true) {
                for (; checked < all.size(); checked++) {
                    if (wanted.test(all.get(checked))) {
                        return all.get(checked);
                    }
                }
                final long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching message within " + timeout + "; closed " + closeStatus + " " + closeReason);
                }
                try {
                    all.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    /** The next text message within the timeout, or null. */
    String poll(final Duration timeout) {
        try {
            return texts.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Every text message received so far. */
    List<String> received() {
        synchronized (all) {
            return new ArrayList<>(all);
        }
    }

    /** Waits until the connection is over (closed or reset); true if it ended in time. */
    boolean awaitEnd(final Duration timeout) {
        try {
            return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean ended() {
        return ended.getCount() == 0;
    }

    /** The server's close status, or -1 if none arrived. */
    int closeStatus() {
        return closeStatus;
    }

    String closeReason() {
        return closeReason;
    }

    long pings() {
        return pings;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (final IOException e) {
            // Closing anyway.
        }
    }
}
