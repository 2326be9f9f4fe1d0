package io.bourse.gateway;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client over a plain socket, for requests no well-behaved client would send: it writes the bytes it
 * is given as they are, and reads one response (by {@code Content-Length}, chunked, or to the end of the stream). One
 * connection is kept alive across requests until the server closes it or the caller asks for a fresh one.
 */
final class RawHttp implements AutoCloseable {
    /** A response; {@code body} is null when the server closed the connection without answering. */
    record Response(int status, Map<String, String> headers, String body) {
        boolean answered() {
            return status > 0;
        }

        String header(final String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** No response: the server closed the connection first. */
    static final Response CLOSED = new Response(0, Map.of(), null);
    private static final int MAX_RESPONSE_BYTES = 1 << 20;

    private final String host;
    private final int port;
    private final int timeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    RawHttp(final String host, final int port, final int timeoutMillis) {
        this.host = host;
        this.port = port;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Sends {@code request} and reads the answer; {@code fresh} sends it on a new connection, closed afterwards.
     * Throws {@link java.net.SocketTimeoutException} when the server does not answer within the timeout.
     */
    Response exchange(final byte[] request, final boolean head, final boolean fresh) throws IOException {
        if (fresh) {
            reset();
        }
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(timeoutMillis);
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            in = new BufferedInputStream(socket.getInputStream(), 16384);
            out = socket.getOutputStream();
        }
        IOException writeFailure = null;
        try {
            out.write(request);
            out.flush();
        } catch (final IOException e) {
            // The server may answer (413, 400) and close before reading everything: read what it said.
            writeFailure = e;
        }
        final Response response;
        try {
            response = read(head);
        } catch (final IOException e) {
            reset();
            if (writeFailure != null && !(e instanceof java.net.SocketTimeoutException)) {
                return CLOSED;
            }
            throw e;
        }
        final String connection = response.header("connection");
        if (fresh || !response.answered() || writeFailure != null || (connection != null && connection.equalsIgnoreCase("close"))) {
            reset();
        }
        return response;
    }

    private Response read(final boolean head) throws IOException {
        final String statusLine = line();
        if (statusLine == null) {
            return CLOSED;
        }
        final String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].contains("/") || !parts[1].matches("[0-9]{3}")) {
            throw new IOException("not an HTTP status line: " + statusLine);
        }
        final int status = Integer.parseInt(parts[1]);
        final Map<String, String> headers = new HashMap<>();
        if (!parts[0].equals("HTTP/1.1")) {
            headers.put("connection", "close");
        }
        for (String h = line(); h != null && !h.isEmpty(); h = line()) {
            final int colon = h.indexOf(':');
            if (colon > 0) {
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
        }
        if (head || status == 204 || status == 304 || (status >= 100 && status < 200)) {
            return new Response(status, headers, "");
        }
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final String length = headers.get("content-length");
        if (length != null) {
            final int n = Integer.parseInt(length);
            if (n > MAX_RESPONSE_BYTES) {
                throw new IOException("response too long: " + n);
            }
            body.write(in.readNBytes(n));
            if (body.size() < n) {
                throw new IOException("response body cut short");
            }
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                body.write(in.readNBytes(size));
                line();
            }
            String trailer = line();
            while (trailer != null && !trailer.isEmpty()) {
                trailer = line();
            }
        } else {
            headers.put("connection", "close");
            final byte[] rest = in.readNBytes(MAX_RESPONSE_BYTES);
            body.write(rest);
        }
        return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        final ByteArrayOutputStream buffer = new ByteArrayOutputStream(128);
        int c = in.read();
        if (c < 0) {
            return null;
        }
        while (c >= 0 && c != '\n') {
            if (c != '\r') {
                buffer.write(c);
            }
            if (buffer.size() > 65536) {
                throw new IOException("header line too long");
            }
            c = in.read();
        }
        return buffer.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        reset();
    }

    /** Drops the connection; the next exchange opens a new one. */
    void reset() {
        if (socket != null) {
            try {
                socket.close();
            } catch (final IOException e) {
                // closing anyway
            }
            socket = null;
            in = null;
            out = null;
        }
    }
}
