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
 * @param outboundBufferBytes         bytes a connection may have queued and not yet written to its socket; a client that
 *                                    lets more pile up is too slow and is closed (it can reconnect and resync)
 * @param socketSendBufferBytes       SO_SNDBUF of each stream connection, 0 for the system's (auto-tuned) size; a fixed
 *                                    size bounds the kernel memory of many idle or slow connections
 * @param closeGraceMillis            after the server's close frame, how long the peer has to read what was queued
 *                                    before the TCP connection is cut
 * @param publisherQueueCapacity      updates the sequencer thread may hand to the publisher before it falls behind
 * @param loopQueueCapacity           frame batches the publisher may hand to one event loop before it falls behind
 */
public record MarketStreamsConfig(long pingIntervalMillis, long pongTimeoutMillis, int maxStreamsPerConnection, int maxIncomingPerSecond,
    int maxFrameBytes, int connectionsPerIpPer5Minutes, int outboundBufferBytes, int socketSendBufferBytes, long closeGraceMillis,
    int publisherQueueCapacity, int loopQueueCapacity) {

    /** Validates every value. */
    public MarketStreamsConfig {
        positive("pingIntervalMillis", pingIntervalMillis);
        positive("pongTimeoutMillis", pongTimeoutMillis);
        positive("maxStreamsPerConnection", maxStreamsPerConnection);
        positive("maxIncomingPerSecond", maxIncomingPerSecond);
        positive("maxFrameBytes", maxFrameBytes);
        positive("outboundBufferBytes", outboundBufferBytes);
        positive("closeGraceMillis", closeGraceMillis);
        positive("publisherQueueCapacity", publisherQueueCapacity);
        positive("loopQueueCapacity", loopQueueCapacity);
        if (connectionsPerIpPer5Minutes < 0 || socketSendBufferBytes < 0) {
            throw new IllegalArgumentException("connectionsPerIpPer5Minutes and socketSendBufferBytes must not be negative");
        }
    }

    private static void positive(final String name, final long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    /** Binance's published limits, a 4 MiB outbound buffer per connection and the system's socket buffers. */
    public static MarketStreamsConfig defaults() {
        return new MarketStreamsConfig(20_000, 60_000, 1024, 5, 64 * 1024, 300, 4 << 20, 0, 5_000, 1 << 16, 4096);
    }

    /** With other ping timings. */
    public MarketStreamsConfig withPing(final long intervalMillis, final long timeoutMillis) {
        return new MarketStreamsConfig(intervalMillis, timeoutMillis, maxStreamsPerConnection, maxIncomingPerSecond, maxFrameBytes,
            connectionsPerIpPer5Minutes, outboundBufferBytes, socketSendBufferBytes, closeGraceMillis, publisherQueueCapacity, loopQueueCapacity);
    }

    /** With another per-IP handshake limit (0: none). */
    public MarketStreamsConfig withConnectionsPerIpPer5Minutes(final int value) {
        return new MarketStreamsConfig(pingIntervalMillis, pongTimeoutMillis, maxStreamsPerConnection, maxIncomingPerSecond, maxFrameBytes, value,
            outboundBufferBytes, socketSendBufferBytes, closeGraceMillis, publisherQueueCapacity, loopQueueCapacity);
    }

    /** With another outbound buffer and socket send buffer per connection. */
    public MarketStreamsConfig withBuffers(final int outboundBytes, final int socketSendBytes) {
        return new MarketStreamsConfig(pingIntervalMillis, pongTimeoutMillis, maxStreamsPerConnection, maxIncomingPerSecond, maxFrameBytes,
            connectionsPerIpPer5Minutes, outboundBytes, socketSendBytes, closeGraceMillis, publisherQueueCapacity, loopQueueCapacity);
    }

    /** With other queue capacities (publisher updates, batches per event loop). */
    public MarketStreamsConfig withQueues(final int publisherCapacity, final int loopCapacity) {
        return new MarketStreamsConfig(pingIntervalMillis, pongTimeoutMillis, maxStreamsPerConnection, maxIncomingPerSecond, maxFrameBytes,
            connectionsPerIpPer5Minutes, outboundBufferBytes, socketSendBufferBytes, closeGraceMillis, publisherCapacity, loopCapacity);
    }
}
