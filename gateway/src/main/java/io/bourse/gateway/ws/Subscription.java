package io.bourse.gateway.ws;

/**
 * One connection's subscription to one stream name. A name that is valid but matches no listed symbol has no topic: it
 * is listed and never fed. Owned by the connection's event loop.
 */
final class Subscription {
    final StreamConnection connection;
    final String name;
    /** Null for a silent (unknown symbol) stream. */
    final Topic topic;
    /** Position in the topic's {@link SubscriberList} of this loop, -1 when not in one. */
    int index = -1;
    /** Ended while its loop was delivering a batch: skipped, and taken out of the list once the batch is done. */
    boolean leaving;

    Subscription(final StreamConnection connection, final String name, final Topic topic) {
        this.connection = connection;
        this.name = name;
        this.topic = topic;
    }
}
