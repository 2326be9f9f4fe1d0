package io.bourse.gateway.ws;

/**
 * The limits and timings of the WebSocket market streams, validated once at construction. Binance's values are the
 * {@link #defaults()}; tests shorten the timings instead of sleeping.
 *
 * @param pingIntervalMillis          how often the server pings every connection (Binance: 20 s)
 * @param pongTimeoutMillis           a connection that sent no pong to our pings for this long is closed (Binance: 1 min)
 * @param maxStreamsPerConnection     streams one connection may listen to (Binance: 1024)
 * @param maxIncomingPerSecond        incoming messages (text, ping, pong) a connection may send per second; one more
 *                                    closes it (Binance: 5)
 * @param maxFrameBytes               the largest incoming frame and message; a bigger one closes the connection with 1009
 * @param connectionsPerIpPer5Minutes handshakes one IP may attempt in any 5 minutes, 0 for no limit (Binance: 300)
 * @param outboundBufferBytes         bytes of messages a connection may have waiting for its socket beyond its channel
 *                                    buffer (references to the shared payloads); a client that lets more pile up is too
 *                                    slow: what waits is dropped and the connection closed (it can reconnect and resync)
 * @param channelBufferBytes          the Netty channel's own buffer (its high water mark; the low one is half): what a
 *                                    slow client is sent before the close frame, and all a closing connection holds
 * @param socketSendBufferBytes       SO_SNDBUF of each stream connection, 0 for the system's (auto-tuned) size; a fixed
 *                                    size bounds the kernel memory of many idle or slow connections
 * @param closeGraceMillis            after the server's close frame, how long the peer has to read what comes before it
 *                                    (at most the channel buffer) before the TCP connection is cut
 * @param publisherQueueCapacity      updates the sequencer thread may hand to the publisher before it falls behind
 * @param loopQueueCapacity           frame batches the publisher may hand to one event loop before it falls behind
 * @param fanoutSliceMicros           how long an event loop delivers frames before it lets the tasks queued meanwhile
 *                                    (HTTP responses) run, its sockets being read every eighth slice; 0 yields after
 *                                    every connection it flushes
 */
public record MarketStreamsConfig(long pingIntervalMillis, long pongTimeoutMillis, int maxStreamsPerConnection, int maxIncomingPerSecond,
    int maxFrameBytes, int connectionsPerIpPer5Minutes, int outboundBufferBytes, int channelBufferBytes, int socketSendBufferBytes,
    long closeGraceMillis, int publisherQueueCapacity, int loopQueueCapacity, long fanoutSliceMicros) {

    /** Validates every value. */
    public MarketStreamsConfig {
        positive("pingIntervalMillis", pingIntervalMillis);
        positive("pongTimeoutMillis", pongTimeoutMillis);
        positive("maxStreamsPerConnection", maxStreamsPerConnection);
        positive("maxIncomingPerSecond", maxIncomingPerSecond);
        positive("maxFrameBytes", maxFrameBytes);
        positive("outboundBufferBytes", outboundBufferBytes);
        positive("channelBufferBytes", channelBufferBytes);
        positive("closeGraceMillis", closeGraceMillis);
        positive("publisherQueueCapacity", publisherQueueCapacity);
        positive("loopQueueCapacity", loopQueueCapacity);
        if (connectionsPerIpPer5Minutes < 0 || socketSendBufferBytes < 0 || fanoutSliceMicros < 0) {
            throw new IllegalArgumentException("connectionsPerIpPer5Minutes, socketSendBufferBytes and fanoutSliceMicros must not be negative");
        }
    }

    private static void positive(final String name, final long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    /**
     * Binance's published limits; per connection 4 MiB of messages waiting beyond a 64 KiB channel buffer, and the
     * system's socket buffers; a closing connection waits up to a minute (as long as a missing pong is tolerated) for
     * its client to read the close frame; event loops deliver 250 µs at a time, and take up to 16,384 batches (the
     * publisher hands one over as soon as it has encoded a command's updates: a few thousand a second under load).
     */
    public static MarketStreamsConfig defaults() {
        return new MarketStreamsConfig(20_000, 60_000, 1024, 5, 64 * 1024, 300, 4 << 20, 64 * 1024, 0, 60_000, 1 << 16, 1 << 14, 250);
    }

    /** With other ping timings. */
    public MarketStreamsConfig withPing(final long intervalMillis, final long timeoutMillis) {
        return new MarketStreamsConfig(intervalMillis, timeoutMillis, maxStreamsPerConnection, maxIncomingPerSecond, maxFrameBytes,
            connectionsPerIpPer5Minutes, outboundBufferBytes, channelBufferBytes, socketSendBufferBytes, closeGraceMillis, publisherQueueCapacity,
            loopQueueCapacity, fanoutSliceMicros);
    }

    /** With another per-IP handshake limit (0: none). */
    public MarketStreamsConfig withConnectionsPerIpPer5Minutes(final int value) {
        return new MarketStreamsConfig(pingIntervalMillis, pongTimeoutMillis, maxStreamsPerConnection, maxIncomingPerSecond, maxFrameBytes, value,
            outboundBufferBytes, channelBufferBytes, socketSendBufferBytes, closeGraceMillis, publisherQueueCapacity, loopQueueCapacity,
            fanoutSliceMicros);
    }

    /** With another outbound buffer (beyond the channel's) and socket send buffer per connection. */
    public MarketStreamsConfig withBuffers(final int outboundBytes, final int socketSendBytes) {
        return new MarketStreamsConfig(pingIntervalMillis, pongTimeoutMillis, maxStreamsPerConnection, maxIncomingPerSecond, maxFrameBytes,
            connectionsPerIpPer5Minutes, outboundBytes, channelBufferBytes, socketSendBytes, closeGraceMillis, publisherQueueCapacity,
            loopQueueCapacity, fanoutSliceMicros);
    }

    /** With another channel buffer per connection (the Netty channel's high water mark). */
    public MarketStreamsConfig withChannelBuffer(final int bytes) {
        return new MarketStreamsConfig(pingIntervalMillis, pongTimeoutMillis, maxStreamsPerConnection, maxIncomingPerSecond, maxFrameBytes,
            connectionsPerIpPer5Minutes, outboundBufferBytes, bytes, socketSendBufferBytes, closeGraceMillis, publisherQueueCapacity,
            loopQueueCapacity, fanoutSliceMicros);
    }

    /** With another wait for a closing connection's client to read its close frame. */
    public MarketStreamsConfig withCloseGrace(final long millis) {
        return new MarketStreamsConfig(pingIntervalMillis, pongTimeoutMillis, maxStreamsPerConnection, maxIncomingPerSecond, maxFrameBytes,
            connectionsPerIpPer5Minutes, outboundBufferBytes, channelBufferBytes, socketSendBufferBytes, millis, publisherQueueCapacity,
            loopQueueCapacity, fanoutSliceMicros);
    }

    /** With other queue capacities (publisher updates, batches per event loop). */
    public MarketStreamsConfig withQueues(final int publisherCapacity, final int loopCapacity) {
        return new MarketStreamsConfig(pingIntervalMillis, pongTimeoutMillis, maxStreamsPerConnection, maxIncomingPerSecond, maxFrameBytes,
            connectionsPerIpPer5Minutes, outboundBufferBytes, channelBufferBytes, socketSendBufferBytes, closeGraceMillis, publisherCapacity,
            loopCapacity, fanoutSliceMicros);
    }

    /** With another fan-out slice (how long a loop delivers before it lets other work in; 0: one connection at a time). */
    public MarketStreamsConfig withFanoutSlice(final long micros) {
        return new MarketStreamsConfig(pingIntervalMillis, pongTimeoutMillis, maxStreamsPerConnection, maxIncomingPerSecond, maxFrameBytes,
            connectionsPerIpPer5Minutes, outboundBufferBytes, channelBufferBytes, socketSendBufferBytes, closeGraceMillis, publisherQueueCapacity,
            loopQueueCapacity, micros);
    }
}
