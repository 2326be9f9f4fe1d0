package io.bourse.bench.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a subscriber connects and what it listens to, in Binance's three ways:
 * <ul>
 *   <li>{@code /ws/<stream>}: a raw stream, events as Binance's payloads;</li>
 *   <li>{@code /stream?streams=<a>/<b>}: a combined stream, each event wrapped {@code {"stream":..,"data":..}};</li>
 *   <li>{@code /ws} followed by {@code {"method":"SUBSCRIBE","params":[..],"id":1}}: raw events of the streams named
 *       in the request, once the server has answered {@code {"result":null,"id":1}}.</li>
 * </ul>
 * Written on the command line as the path, the last one as {@code /ws+<a>/<b>} (the streams it subscribes to after
 * connecting); {@code /ws} alone is a connection with no stream. A raw connection carries at most one stream of each
 * kind (diff depth, trades, other), since nothing in a raw event says which stream it belongs to.
 *
 * @param spec      the text it was parsed from
 * @param path      the handshake's request target
 * @param subscribe the streams a {@code SUBSCRIBE} request names after the handshake (empty: none sent)
 * @param streams   every stream the connection receives
 * @param combined  whether events arrive wrapped with their stream's name
 */
record Endpoint(String spec, String path, List<String> subscribe, List<String> streams, boolean combined) {
    private static final String COMBINED = "/stream?streams=";

    static Endpoint parse(final String spec) {
        final String text = spec.trim();
        if (text.startsWith(COMBINED)) {
            final List<String> streams = names(text.substring(COMBINED.length()), text);
            return new Endpoint(text, text, List.of(), streams, true);
        }
        if (text.startsWith("/ws+")) {
            final List<String> streams = names(text.substring(4), text);
            if (streams.stream().map(StreamRegistry::kindOf).distinct().count() < streams.size()) {
                throw new IllegalArgumentException("a raw connection cannot tell two streams of one kind apart: '" + spec + "'");
            }
            return new Endpoint(text, "/ws", streams, streams, false);
        }
        if (text.equals("/ws")) {
            return new Endpoint(text, "/ws", List.of(), List.of(), false);
        }
        if (text.startsWith("/ws/") && text.length() > 4 && text.indexOf('/', 4) < 0) {
            return new Endpoint(text, text, List.of(), List.of(text.substring(4)), false);
        }
        throw new IllegalArgumentException("not an endpoint: '" + spec + "' (/ws/<stream>, /stream?streams=<a>/<b>, /ws+<a>/<b> or /ws)");
    }

    /** A comma-separated list of endpoints, each possibly followed by {@code *N}: N times in a row. */
    static List<Endpoint> parseList(final String specs) {
        final List<Endpoint> endpoints = new ArrayList<>();
        for (final String spec : specs.split(",")) {
            if (spec.isBlank()) {
                continue;
            }
            final int star = spec.lastIndexOf('*');
            final int times = star < 0 ? 1 : Integer.parseInt(spec.substring(star + 1).trim());
            final Endpoint endpoint = parse(star < 0 ? spec : spec.substring(0, star));
            for (int i = 0; i < times; i++) {
                endpoints.add(endpoint);
            }
        }
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("no endpoint in '" + specs + "'");
        }
        return List.copyOf(endpoints);
    }

    private static List<String> names(final String list, final String spec) {
        final List<String> names = new ArrayList<>();
        for (final String name : list.split("/")) {
            if (name.isEmpty() || !name.equals(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("stream names are lowercase and not empty: '" + spec + "'");
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    /** The {@code SUBSCRIBE} request this endpoint sends after the handshake. */
    String subscribeRequest() {
        final StringBuilder json = new StringBuilder("{\"method\":\"SUBSCRIBE\",\"params\":[");
        for (int i = 0; i < subscribe.size(); i++) {
            json.append(i == 0 ? "\"" : ",\"").append(subscribe.get(i)).append('"');
        }
        return json.append("],\"id\":1}").toString();
    }
}
