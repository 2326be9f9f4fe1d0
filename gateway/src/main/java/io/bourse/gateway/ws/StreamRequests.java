package io.bourse.gateway.ws;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.bourse.marketdata.BinanceJson;

/**
 * Answers the live requests of a market stream connection, as Binance's {@code web-socket-streams.md} documents them:
 * {@code SUBSCRIBE}, {@code UNSUBSCRIBE}, {@code LIST_SUBSCRIPTIONS}, {@code SET_PROPERTY} and {@code GET_PROPERTY}
 * ({@code combined}). Successes are {@code {"result":..,"id":..}}; failures are
 * {@code {"error":{"code":..,"msg":".."},"id":..}} with Binance's codes: 0 unknown property, 1 a value of the wrong
 * type, 2 an invalid request (bad id, method, parameters or stream name), 3 invalid JSON. A failed request changes
 * nothing: a {@code SUBSCRIBE} with one bad name subscribes to none.
 *
 * <p>Request ids may be 64-bit integers, strings of up to 36 letters, digits, '-' or '_' (a UUID fits), or null,
 * and are echoed as given. Stateless and thread-safe; the connection's state is behind {@link Session}.
 */
final class StreamRequests {
    static final int UNKNOWN_PROPERTY = 0;
    static final int INVALID_VALUE = 1;
    static final int INVALID_REQUEST = 2;
    static final int INVALID_JSON = 3;
    /** The longest string id. */
    static final int MAX_ID_LENGTH = 36;
    static final String INVALID_STREAM = "Invalid request: invalid stream";
    private static final String METHODS = "`SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY`";

    /** What a request may read and change of its connection (called on the connection's thread). */
    interface Session {
        /** Subscribes to the streams not yet subscribed; returns null, or an error message if it would exceed the limit. */
        String subscribe(List<StreamName> streams);

        /** Unsubscribes from these names (unknown ones are ignored). */
        void unsubscribe(List<String> names);

        /** The subscribed names, in the order they were subscribed. */
        List<String> subscriptions();

        boolean combined();

        void combined(boolean value);
    }

    private StreamRequests() {
    }

    /** The response to one text message. */
    static String handle(final String text, final Session session) {
        final Object parsed;
        try {
            parsed = JsonReader.parse(text);
        } catch (final JsonReader.SyntaxError e) {
            return error(INVALID_JSON, "Invalid JSON: " + e.getMessage(), null);
        }
        if (!(parsed instanceof Map<?, ?> request)) {
            return error(INVALID_REQUEST, "Invalid request: expected a JSON object", null);
        }
        final Object id = request.get("id");
        if (!validId(id)) {
            return error(INVALID_REQUEST, "Invalid request: request ID must be an unsigned integer", null);
        }
        final Object method = request.get("method");
        if (method == null) {
            return error(INVALID_REQUEST, "Invalid request: missing field `method` at line 1 column " + text.length(), id);
        }
        final Object params = request.get("params");
        final String name = method instanceof String s ? s : null;
        if (name == null) {
            return error(INVALID_REQUEST, "Invalid request: unknown variant " + render(method) + ", expected one of " + METHODS, id);
        }
        return switch (name) {
            case "SUBSCRIBE" -> subscribe(params, id, session);
            case "UNSUBSCRIBE" -> unsubscribe(params, id, session);
            case "LIST_SUBSCRIPTIONS" -> list(id, session);
            case "SET_PROPERTY" -> setProperty(params, id, session);
            case "GET_PROPERTY" -> getProperty(params, id, session);
            default -> error(INVALID_REQUEST, "Invalid request: unknown variant `" + name + "`, expected one of " + METHODS + " at line 1 column "
                + columnAfter(text, name), id);
        };
    }

    private static String subscribe(final Object params, final Object id, final Session session) {
        final List<String> names = names(params);
        if (names == null) {
            return error(INVALID_REQUEST, INVALID_STREAM, id);
        }
        final List<StreamName> streams = new ArrayList<>(names.size());
        for (final String n : names) {
            final StreamName stream = StreamName.parse(n);
            if (stream == null) {
                return error(INVALID_REQUEST, INVALID_STREAM, id);
            }
            streams.add(stream);
        }
        final String refused = session.subscribe(streams);
        return refused != null ? error(INVALID_REQUEST, refused, id) : result("null", id);
    }

    private static String unsubscribe(final Object params, final Object id, final Session session) {
        final List<String> names = names(params);
        if (names == null) {
            return error(INVALID_REQUEST, INVALID_STREAM, id);
        }
        session.unsubscribe(names);
        return result("null", id);
    }

    /** The stream names of {@code params} (none when absent), or null if it is not a list of strings. */
    private static List<String> names(final Object params) {
        if (params == null || params == JsonReader.NULL) {
            return List.of();
        }
        if (!(params instanceof List<?> list)) {
            return null;
        }
        final List<String> names = new ArrayList<>(list.size());
        for (final Object item : list) {
            if (!(item instanceof String s)) {
                return null;
            }
            names.add(s);
        }
        return names;
    }

    private static String list(final Object id, final Session session) {
        final StringBuilder out = new StringBuilder(64).append('[');
        final List<String> names = session.subscriptions();
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            quote(out, names.get(i));
        }
        return result(out.append(']').toString(), id);
    }

    private static String setProperty(final Object params, final Object id, final Session session) {
        final List<?> list = params instanceof List<?> l ? l : List.of();
        if (list.size() > 2) {
            return error(INVALID_REQUEST, "Invalid request: too many parameters", id);
        }
        if (list.isEmpty() || !(list.get(0) instanceof String property)) {
            return error(INVALID_REQUEST, "Invalid request: property name must be a string", id);
        }
        if (!property.equals("combined")) {
            return error(UNKNOWN_PROPERTY, "Unknown property", id);
        }
        if (list.size() < 2 || !(list.get(1) instanceof Boolean value)) {
            return error(INVALID_VALUE, "Invalid value type: expected Boolean", id);
        }
        session.combined(value);
        return result("null", id);
    }

    private static String getProperty(final Object params, final Object id, final Session session) {
        final List<?> list = params instanceof List<?> l ? l : List.of();
        if (list.size() > 1) {
            return error(INVALID_REQUEST, "Invalid request: too many parameters", id);
        }
        if (list.isEmpty() || !(list.get(0) instanceof String property)) {
            return error(INVALID_REQUEST, "Invalid request: property name must be a string", id);
        }
        if (!property.equals("combined")) {
            return error(UNKNOWN_PROPERTY, "Unknown property", id);
        }
        return result(Boolean.toString(session.combined()), id);
    }

    private static boolean validId(final Object id) {
        if (id == JsonReader.NULL || id instanceof Long) {
            return true;
        }
        if (!(id instanceof String s) || s.isEmpty() || s.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** Where the method's value ends, as the position Binance's parser reports with an unknown variant. */
    private static int columnAfter(final String text, final String method) {
        final int key = text.indexOf("\"method\"");
        final int value = key < 0 ? -1 : text.indexOf("\"" + method + "\"", key + "\"method\"".length());
        return value < 0 ? text.length() : value + method.length() + 2;
    }

    private static String render(final Object value) {
        if (value instanceof List || value instanceof Map) {
            return value instanceof List ? "a sequence" : "a map";
        }
        return value instanceof BigDecimal d ? "`" + d.toPlainString() + "`" : "`" + value + "`";
    }

    static String result(final String resultJson, final Object id) {
        final StringBuilder out = new StringBuilder(32 + resultJson.length()).append("{\"result\":").append(resultJson).append(",\"id\":");
        return id(out, id).append('}').toString();
    }

    static String error(final int code, final String message, final Object id) {
        final StringBuilder out = new StringBuilder(64 + message.length()).append("{\"error\":{\"code\":").append(code).append(",\"msg\":");
        quote(out, message);
        return id(out.append("},\"id\":"), id).append('}').toString();
    }

    private static StringBuilder id(final StringBuilder out, final Object id) {
        if (id == null || id == JsonReader.NULL) {
            return out.append("null");
        }
        if (id instanceof String s) {
            return quote(out, s);
        }
        return out.append(id);
    }

    static StringBuilder quote(final StringBuilder out, final String s) {
        return BinanceJson.quote(out, s);
    }
}
