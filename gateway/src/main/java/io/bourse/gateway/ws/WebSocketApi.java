package io.bourse.gateway.ws;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.bourse.gateway.ApiError;
import io.bourse.gateway.ApiException;
import io.bourse.gateway.ApiKey;
import io.bourse.gateway.ApiRequest;
import io.bourse.gateway.Auth;
import io.bourse.gateway.Json;
import io.bourse.gateway.Params;
import io.bourse.gateway.RateLimiter;
import io.bourse.gateway.Reply;
import io.bourse.gateway.Router;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;

/**
 * The WebSocket API at {@code /ws-api/v3}: requests {@code {"id", "method", "params"}} in text frames, answered with
 * {@code {"id", "status", "result" | "error", "rateLimits"}}, and user data stream subscriptions whose events arrive as
 * {@code {"subscriptionId": N, "event": {...}}}.
 *
 * <p>The REST API's endpoints do the work: each method names a route ({@code order.place} is {@code POST
 * /api/v3/order}), whose parameter checks, weight, security and handler run unchanged on the request's parameters. Only
 * authentication differs, as Binance's WebSocket API defines it: the API key is the {@code apiKey} parameter, the
 * signature covers all parameters but {@code signature} sorted by name, and a session logged on with
 * {@code session.logon} may leave out {@code apiKey} and {@code signature}. Weights count against the connection's IP
 * like REST requests (connecting costs 2), and each response reports the counters in {@code rateLimits}.
 *
 * <p>Every fault is answered in that format, with Binance's code; a bug answers -1000 with status 500 and no details.
 * A connection's responses and events share one bounded {@link Outbox}; a client that stops reading is closed with a
 * reason. A connection waits with reading its next request while {@link #MAX_IN_FLIGHT} of its requests are open.
 */
public final class WebSocketApi implements WebSocketGateway.Endpoint {
    /** The most requests of one connection being worked on at a time. */
    public static final int MAX_IN_FLIGHT = 64;
    /** The most active user data subscriptions on one connection, as Binance allows. */
    public static final int MAX_SUBSCRIPTIONS = 1000;
    /** The most subscriptions over one connection's life, as Binance allows. */
    public static final int MAX_SUBSCRIPTION_IDS = 65_535;
    /** The weight of opening a connection. */
    public static final long CONNECT_WEIGHT = 2;
    private static final Logger LOG = Logger.getLogger(WebSocketApi.class.getName());
    /** Parameters that belong to the WebSocket API, not to the endpoint: signed, but not passed on. */
    private static final Set<String> CONNECTION_PARAMS = Set.of("apiKey", "returnRateLimits");
    private static final Set<String> SIGNED_ONLY = Set.of("timestamp", "recvWindow");

    /** The methods served by a REST route: method name to HTTP method and path. */
    private static final Map<String, String[]> ROUTES = routes();

    private final Router router;
    private final Auth auth;
    private final RateLimiter limiter;
    private final UserDataStreams streams;
    private final LongSupplier clockMillis;
    private final int maxQueued;

    /**
     * @param router      the REST routes the methods run
     * @param auth        authentication
     * @param limiter     the rate limiter shared with REST
     * @param streams     the user data streams
     * @param clockMillis the server's clock
     * @param maxQueued   how many messages may wait per connection before it is closed as too slow
     */
    public WebSocketApi(final Router router, final Auth auth, final RateLimiter limiter, final UserDataStreams streams,
        final LongSupplier clockMillis, final int maxQueued) {
        this.router = router;
        this.auth = auth;
        this.limiter = limiter;
        this.streams = streams;
        this.clockMillis = clockMillis;
        this.maxQueued = maxQueued;
        for (final Map.Entry<String, String[]> entry : ROUTES.entrySet()) {
            router.find(entry.getValue()[0], entry.getValue()[1]);
        }
    }

    private static Map<String, String[]> routes() {
        final Map<String, String[]> m = new HashMap<>();
        m.put("exchangeInfo", new String[] {"GET", "/api/v3/exchangeInfo"});
        m.put("depth", new String[] {"GET", "/api/v3/depth"});
        m.put("trades.recent", new String[] {"GET", "/api/v3/trades"});
        m.put("trades.historical", new String[] {"GET", "/api/v3/historicalTrades"});
        m.put("trades.aggregate", new String[] {"GET", "/api/v3/aggTrades"});
        m.put("klines", new String[] {"GET", "/api/v3/klines"});
        m.put("uiKlines", new String[] {"GET", "/api/v3/uiKlines"});
        m.put("avgPrice", new String[] {"GET", "/api/v3/avgPrice"});
        m.put("ticker.24hr", new String[] {"GET", "/api/v3/ticker/24hr"});
        m.put("ticker.price", new String[] {"GET", "/api/v3/ticker/price"});
        m.put("ticker.book", new String[] {"GET", "/api/v3/ticker/bookTicker"});
        m.put("order.place", new String[] {"POST", "/api/v3/order"});
        m.put("order.test", new String[] {"POST", "/api/v3/order/test"});
        m.put("order.status", new String[] {"GET", "/api/v3/order"});
        m.put("order.cancel", new String[] {"DELETE", "/api/v3/order"});
        m.put("order.cancelReplace", new String[] {"POST", "/api/v3/order/cancelReplace"});
        m.put("openOrders.status", new String[] {"GET", "/api/v3/openOrders"});
        m.put("openOrders.cancelAll", new String[] {"DELETE", "/api/v3/openOrders"});
        m.put("allOrders", new String[] {"GET", "/api/v3/allOrders"});
        m.put("myTrades", new String[] {"GET", "/api/v3/myTrades"});
        m.put("account.status", new String[] {"GET", "/api/v3/account"});
        m.put("userDataStream.start", new String[] {"POST", "/api/v3/userDataStream"});
        m.put("userDataStream.ping", new String[] {"PUT", "/api/v3/userDataStream"});
        m.put("userDataStream.stop", new String[] {"DELETE", "/api/v3/userDataStream"});
        return Map.copyOf(m);
    }

    @Override
    public void open(final ServerWebSocketHandshake handshake) {
        final String ip = handshake.remoteAddress() == null ? "" : handshake.remoteAddress().host();
        final RateLimiter.Decision decision = limiter.acquireWeight(ip, CONNECT_WEIGHT, clockMillis.getAsLong());
        if (decision.error() != null) {
            handshake.reject(decision.error().httpStatus());
            return;
        }
        final Context context = Vertx.currentContext();
        final boolean returnRateLimits = !"false".equalsIgnoreCase(queryParam(handshake.query(), "returnRateLimits"));
        handshake.accept().onSuccess(socket -> new Session(context, socket, ip, returnRateLimits).start());
    }

    private static String queryParam(final String query, final String name) {
        if (query == null) {
            return null;
        }
        for (final String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------------ one connection

    /** One connection: its logon, its subscriptions, its outbox. Runs on the connection's event loop. */
    private final class Session {
        private final Context context;
        private final ServerWebSocket socket;
        private final String ip;
        private final boolean returnRateLimitsByDefault;
        private final long connectedSince;
        private final Outbox outbox;
        private final Map<Integer, UserDataStreams.Subscriber> subscriptions = new LinkedHashMap<>();
        private int nextSubscriptionId;
        private String loggedOnKey;
        private long authorizedSince;
        private int sessionSubscriptionId = -1;
        private int inFlight;
        private boolean paused;

        Session(final Context context, final ServerWebSocket socket, final String ip, final boolean returnRateLimitsByDefault) {
            this.context = context;
            this.socket = socket;
            this.ip = ip;
            this.returnRateLimitsByDefault = returnRateLimitsByDefault;
            this.connectedSince = clockMillis.getAsLong();
            this.outbox = new Outbox(context, socket, maxQueued);
        }

        void start() {
            Heartbeat.start(context, socket, clockMillis, this::onClosed);
            socket.textMessageHandler(this::onRequest);
            socket.binaryMessageHandler(b -> respondError("null", ApiError.invalidJson(), null, null, true));
        }

        private void onClosed() {
            outbox.onClosed();
            for (final UserDataStreams.Subscriber subscriber : subscriptions.values()) {
                streams.unsubscribe(subscriber, null);
            }
            subscriptions.clear();
        }

        // -------------------------------------------------------------------------------------------- dispatch

        private void onRequest(final String text) {
            final long now = clockMillis.getAsLong();
            final WsRequest request;
            try {
                request = WsRequest.parse(text);
            } catch (final WsRequest.Malformed e) {
                final RateLimiter.Decision charged = limiter.acquireWeight(ip, 1, now);
                respondError(e.idJson(), e.duplicate() ? ApiError.duplicateParameter() : ApiError.invalidJson(), charged, null,
                    returnRateLimitsByDefault);
                return;
            }
            final boolean returnRateLimits = returnRateLimits(request);
            final Map<String, String> headers = new HashMap<>();
            RateLimiter.Decision charged = null;
            try {
                final String[] target = ROUTES.get(request.method());
                if (target != null) {
                    final Router.Route route = router.find(target[0], target[1]).route();
                    final Params params = Params.ofWebSocket(request.params(), CONNECTION_PARAMS);
                    charged = charge(weightOf(route, params), now);
                    params.allowOnly(route.params());
                    final ApiKey key = authenticate(route.security(), request, params);
                    final Future<Reply> reply = route.handler().handle(ApiRequest.of(context, params, key, now, headers::put));
                    track(request, reply, charged, headers, returnRateLimits);
                    return;
                }
                charged = charge(own(request.method()), now);
                final String result = switch (request.method()) {
                    case "ping" -> noParams(request, "{}");
                    case "time" -> noParams(request, new Json(48).beginObject().field("serverTime", now).endObject().toString());
                    case "session.logon" -> logon(request, now);
                    case "session.status" -> noParams(request, sessionStatus(now));
                    case "session.logout" -> logout(request, now);
                    case "session.subscriptions" -> noParams(request, subscriptionList());
                    case "userDataStream.subscribe" -> subscribeLoggedOn(request);
                    case "userDataStream.subscribe.signature" -> subscribeSigned(request);
                    case "userDataStream.unsubscribe" -> unsubscribe(request, now);
                    default -> throw unknownMethod().exception();
                };
                respond(request.idJson(), 200, "result", result, charged, null, returnRateLimits);
            } catch (final RateLimited e) {
                respondError(request.idJson(), e.decision.error(), e.decision, Map.of("Retry-After", Long.toString(e.decision.retryAfterSeconds())),
                    returnRateLimits);
            } catch (final ApiException e) {
                if (charged == null) {
                    // Refused before its weight was known (e.g. a parameter sent twice): it costs 1, as on REST.
                    charged = limiter.acquireWeight(ip, 1, now);
                }
                respondError(request.idJson(), e.error(), charged, headers, returnRateLimits);
            } catch (final RuntimeException e) {
                LOG.log(Level.WARNING, "WebSocket API request failed: " + request.method(), e);
                respondError(request.idJson(), ApiError.internal(), charged, headers, returnRateLimits);
            }
        }

        private boolean returnRateLimits(final WsRequest request) {
            final String value = request.params().get("returnRateLimits");
            return value == null ? returnRateLimitsByDefault : !"false".equalsIgnoreCase(value);
        }

        /** Counts the weight against the IP; over the limit, the request fails (429, or 418 for a banned IP, which is hung up on). */
        private RateLimiter.Decision charge(final long weight, final long now) {
            final RateLimiter.Decision decision = limiter.acquireWeight(ip, weight, now);
            if (decision.error() != null) {
                throw new RateLimited(decision);
            }
            return decision;
        }

        private ApiKey authenticate(final Router.Security security, final WsRequest request, final Params params) {
            final String apiKey = request.params().get("apiKey");
            return switch (security) {
                case NONE -> null;
                case API_KEY -> {
                    if (apiKey == null && loggedOnKey != null) {
                        yield auth.apiKey(loggedOnKey);
                    }
                    if (apiKey == null) {
                        throw ApiError.mandatory("apiKey").exception();
                    }
                    yield auth.apiKey(apiKey);
                }
                case USER_DATA, TRADE -> signedOrLoggedOn(apiKey, params, security == Router.Security.TRADE);
                default -> throw ApiError.unsupportedOperation().exception();
            };
        }

        private ApiKey signedOrLoggedOn(final String apiKey, final Params params, final boolean trade) {
            if (apiKey == null && params.signature() == null && loggedOnKey != null) {
                return auth.loggedOn(auth.apiKey(loggedOnKey), params, trade);
            }
            if (apiKey == null) {
                throw ApiError.mandatory("apiKey").exception();
            }
            return auth.signed(apiKey, params, trade);
        }

        /** Answers when the route's handler is done; reading pauses while too many requests are open. */
        private void track(final WsRequest request, final Future<Reply> reply, final RateLimiter.Decision charged, final Map<String, String> headers,
            final boolean returnRateLimits) {
            inFlight++;
            if (inFlight >= MAX_IN_FLIGHT && !paused) {
                paused = true;
                socket.pause();
            }
            reply.onComplete(result -> {
                inFlight--;
                if (paused && inFlight < MAX_IN_FLIGHT / 2) {
                    paused = false;
                    socket.resume();
                }
                if (result.succeeded()) {
                    final Reply r = result.result();
                    respond(request.idJson(), r.status(), r.status() == 200 ? "result" : "error", r.body(), charged, headers, returnRateLimits);
                    return;
                }
                Throwable cause = result.cause();
                if (cause instanceof CompletionException && cause.getCause() != null) {
                    cause = cause.getCause();
                }
                if (cause instanceof ApiException e) {
                    respondError(request.idJson(), e.error(), charged, headers, returnRateLimits);
                } else {
                    LOG.log(Level.WARNING, "WebSocket API request failed: " + request.method(), cause);
                    respondError(request.idJson(), ApiError.internal(), charged, headers, returnRateLimits);
                }
            });
        }

        // -------------------------------------------------------------------------------------------- own methods

        private String noParams(final WsRequest request, final String result) {
            if (!request.params().isEmpty() && !Set.of("returnRateLimits").containsAll(request.params().keySet())) {
                throw ApiError.unknownParameter().exception();
            }
            return result;
        }

        private ApiKey signedOwn(final WsRequest request) {
            final Params params = Params.ofWebSocket(request.params(), CONNECTION_PARAMS);
            params.allowOnly(SIGNED_ONLY);
            final String apiKey = request.params().get("apiKey");
            if (apiKey == null) {
                throw ApiError.mandatory("apiKey").exception();
            }
            return auth.signed(apiKey, params, false);
        }

        private String logon(final WsRequest request, final long now) {
            final ApiKey key = signedOwn(request);
            loggedOnKey = key.apiKey();
            authorizedSince = now;
            return sessionStatus(now);
        }

        private String logout(final WsRequest request, final long now) {
            noParams(request, "");
            if (sessionSubscriptionId >= 0) {
                end(sessionSubscriptionId, now);
            }
            loggedOnKey = null;
            authorizedSince = 0;
            return sessionStatus(now);
        }

        private String sessionStatus(final long now) {
            final Json json = new Json(256).beginObject();
            if (loggedOnKey == null) {
                json.name("apiKey").nullValue().name("authorizedSince").nullValue();
            } else {
                json.field("apiKey", loggedOnKey).field("authorizedSince", authorizedSince);
            }
            return json.field("connectedSince", connectedSince).field("returnRateLimits", returnRateLimitsByDefault).field("serverTime", now)
                .field("userDataStream", !subscriptions.isEmpty()).endObject().toString();
        }

        private String subscriptionList() {
            final Json json = new Json(32 + 24 * subscriptions.size()).beginArray();
            for (final Integer id : subscriptions.keySet()) {
                json.beginObject().field("subscriptionId", id).endObject();
            }
            return json.endArray().toString();
        }

        private String subscribeLoggedOn(final WsRequest request) {
            noParams(request, "");
            if (loggedOnKey == null) {
                throw new ApiError(401, -2015, "Invalid API-key, IP, or permissions for action.").exception();
            }
            final int id = subscribe(auth.apiKey(loggedOnKey).accountId());
            sessionSubscriptionId = id;
            return subscriptionResult(id);
        }

        private String subscribeSigned(final WsRequest request) {
            return subscriptionResult(subscribe(signedOwn(request).accountId()));
        }

        private int subscribe(final long accountId) {
            for (final UserDataStreams.Subscriber s : subscriptions.values()) {
                if (s.accountId() == accountId) {
                    throw new ApiError(400, -2035, "User Data Stream subscription already active.").exception();
                }
            }
            if (nextSubscriptionId >= MAX_SUBSCRIPTION_IDS) {
                throw new ApiError(400, -2042, "Maximum subscription ID reached for this connection.").exception();
            }
            if (subscriptions.size() >= MAX_SUBSCRIPTIONS) {
                throw new ApiError(400, -1191, "Too many subscriptions. Connection may create up to '" + MAX_SUBSCRIPTIONS
                    + "' subscriptions at a time.").exception();
            }
            final int id = nextSubscriptionId;
            final UserDataStreams.Subscriber subscriber = streams.subscribe(accountId, outbox, "{\"subscriptionId\":" + id + ",\"event\":", "}");
            if (subscriber == null) {
                throw ApiError.serverBusy().exception();
            }
            nextSubscriptionId++;
            subscriptions.put(id, subscriber);
            return id;
        }

        private String subscriptionResult(final int id) {
            return new Json(32).beginObject().field("subscriptionId", id).endObject().toString();
        }

        private String unsubscribe(final WsRequest request, final long now) {
            final String given = request.params().get("subscriptionId");
            for (final String name : request.params().keySet()) {
                if (!"subscriptionId".equals(name) && !"returnRateLimits".equals(name)) {
                    throw ApiError.unknownParameter().exception();
                }
            }
            if (given == null) {
                for (final Integer id : Set.copyOf(subscriptions.keySet())) {
                    end(id, now);
                }
                return "{}";
            }
            final int id;
            try {
                id = Integer.parseInt(given);
            } catch (final NumberFormatException e) {
                throw ApiError.invalidParameter("subscriptionId").exception();
            }
            if (!subscriptions.containsKey(id)) {
                throw new ApiError(400, -2036, "User Data Stream subscription not active.").exception();
            }
            end(id, now);
            return "{}";
        }

        /** Ends a subscription: its last event is {@code eventStreamTerminated}, after everything queued for it. */
        private void end(final int id, final long now) {
            final UserDataStreams.Subscriber subscriber = subscriptions.remove(id);
            if (subscriber != null) {
                final String terminated = new Json(64).beginObject().field("e", "eventStreamTerminated").field("E", now).endObject().toString();
                streams.unsubscribe(subscriber, terminated);
            }
            if (id == sessionSubscriptionId) {
                sessionSubscriptionId = -1;
            }
        }

        // -------------------------------------------------------------------------------------------- responses

        private void respondError(final String idJson, final ApiError error, final RateLimiter.Decision charged, final Map<String, String> headers,
            final boolean returnRateLimits) {
            final Json body = new Json(128).beginObject().field("code", error.code()).field("msg", error.msg());
            final String retryAfterSeconds = headers == null ? null : headers.get("Retry-After");
            if (retryAfterSeconds != null) {
                // Binance's WebSocket API says when to retry as a time, where REST sends Retry-After in seconds.
                final long now = clockMillis.getAsLong();
                body.name("data").beginObject().field("serverTime", now).field("retryAfter", now + 1000 * Long.parseLong(retryAfterSeconds))
                    .endObject();
            }
            respond(idJson, error.httpStatus(), "error", body.endObject().toString(), charged, headers, returnRateLimits);
            if (error.httpStatus() == 418) {
                outbox.finish(null, (short) 1008, "IP banned for exceeding the request weight limit");
            }
        }

        private void respond(final String idJson, final int status, final String field, final String body, final RateLimiter.Decision charged,
            final Map<String, String> headers, final boolean returnRateLimits) {
            final StringBuilder out = new StringBuilder(body.length() + 400);
            out.append("{\"id\":").append(idJson).append(",\"status\":").append(status).append(",\"").append(field).append("\":").append(body);
            if (returnRateLimits && charged != null) {
                out.append(",\"rateLimits\":").append(rateLimits(charged, headers));
            }
            outbox.offer(out.append('}').toString());
        }

        private String rateLimits(final RateLimiter.Decision charged, final Map<String, String> headers) {
            final RateLimiter.Limits limits = limiter.limits();
            final Json json = new Json(320).beginArray();
            final String tenSeconds = headers == null ? null : headers.get("X-MBX-ORDER-COUNT-10s");
            if (tenSeconds != null) {
                limit(json, "ORDERS", "SECOND", 10, limits.ordersPer10Seconds(), Long.parseLong(tenSeconds));
                limit(json, "ORDERS", "DAY", 1, limits.ordersPerDay(), Long.parseLong(headers.getOrDefault("X-MBX-ORDER-COUNT-1d", "0")));
            }
            limit(json, "REQUEST_WEIGHT", "MINUTE", 1, limits.requestWeightPerMinute(), charged.used());
            return json.endArray().toString();
        }

        private void limit(final Json json, final String type, final String interval, final int intervalNum, final long limit, final long count) {
            json.beginObject().field("rateLimitType", type).field("interval", interval).field("intervalNum", intervalNum).field("limit", limit)
                .field("count", count).endObject();
        }
    }

    /** The weight of a method the WebSocket API serves itself. */
    private static long own(final String method) {
        return switch (method) {
            case "ping", "time" -> 1;
            default -> 2;
        };
    }

    private static long weightOf(final Router.Route route, final Params params) {
        try {
            return route.weight().applyAsLong(params);
        } catch (final ApiException e) {
            return 1;
        }
    }

    private static ApiError unknownMethod() {
        return new ApiError(400, -1020, "Unknown method.");
    }

    /** A request over the weight limit (429), or from a banned IP (418). */
    private static final class RateLimited extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient RateLimiter.Decision decision;

        RateLimited(final RateLimiter.Decision decision) {
            super(null, null, false, false);
            this.decision = decision;
        }
    }
}
