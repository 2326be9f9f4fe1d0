package io.bourse.gateway;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

import io.vertx.core.Future;

/**
 * Maps method and path to a {@link Route}. Paths are exact; the admin API's few paths with an id in them are
 * registered as patterns with one {@code {}} segment.
 */
public final class Router {

    /** What a request must prove before its handler runs. */
    public enum Security {
        /** Public market data. */
        NONE,
        /** An API key in the header, no signature (the listenKey endpoints). */
        API_KEY,
        /** Signed, reading the account. */
        USER_DATA,
        /** Signed, with the TRADE permission. */
        TRADE,
        /** The admin token. */
        ADMIN
    }

    /** A handler. */
    @FunctionalInterface
    public interface Handler {
        /** Answers the request, or fails with an {@link ApiException}. */
        Future<Reply> handle(ApiRequest request);
    }

    /**
     * One endpoint.
     *
     * @param method   HTTP method
     * @param path     path, or a pattern with one {@code {}} segment
     * @param security what the request must prove
     * @param params   the parameters it takes (others are {@code -1103}); null for admin JSON endpoints
     * @param weight   its REQUEST_WEIGHT, which may depend on the parameters
     * @param handler  the handler
     */
    public record Route(String method, String path, Security security, Set<String> params, ToLongFunction<Params> weight, Handler handler) {
    }

    /**
     * A matched route.
     *
     * @param route       the route
     * @param pathParam   the {@code {}} segment's value, or null
     */
    public record Match(Route route, String pathParam) {
    }

    private final Map<String, Map<String, Route>> exact = new HashMap<>();
    private final Map<String, Map<String, Route>> patterns = new HashMap<>();

    /** Adds a route. */
    public Router add(final Route route) {
        final Map<String, Map<String, Route>> table = route.path().contains("{}") ? patterns : exact;
        if (table.computeIfAbsent(route.path(), k -> new HashMap<>()).put(route.method(), route) != null) {
            throw new IllegalArgumentException("two routes for " + route.method() + " " + route.path());
        }
        return this;
    }

    /** The route for a request; {@code 404} for an unknown path, {@code 405} for a known path with another method. */
    public Match find(final String method, final String path) {
        Map<String, Route> byMethod = exact.get(path);
        String pathParam = null;
        if (byMethod == null) {
            for (final Map.Entry<String, Map<String, Route>> entry : patterns.entrySet()) {
                pathParam = matchPattern(entry.getKey(), path);
                if (pathParam != null) {
                    byMethod = entry.getValue();
                    break;
                }
            }
        }
        if (byMethod == null) {
            throw ApiError.notFound().exception();
        }
        final Route route = byMethod.get(method);
        if (route == null) {
            throw ApiError.methodNotAllowed().exception();
        }
        return new Match(route, pathParam);
    }

    private static String matchPattern(final String pattern, final String path) {
        final int hole = pattern.indexOf("{}");
        final String prefix = pattern.substring(0, hole);
        final String suffix = pattern.substring(hole + 2);
        if (path.length() <= prefix.length() + suffix.length() || !path.startsWith(prefix) || !path.endsWith(suffix)) {
            return null;
        }
        final String value = path.substring(prefix.length(), path.length() - suffix.length());
        return value.indexOf('/') >= 0 ? null : value;
    }
}
