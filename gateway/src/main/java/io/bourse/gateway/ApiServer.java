package io.bourse.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * The HTTP front door: reads a request (bounded body, accepted content types), finds its route, parses its
 * parameters, charges its weight, authenticates it, runs its handler and writes the answer. Every refusal goes out
 * here, in Binance's form, from the {@link ApiException} that carries it; anything else is a bug and answers 500
 * without details.
 */
public final class ApiServer {
    /** The largest request body. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** A body above {@link #MAX_BODY_BYTES} but below this is read and dropped, so the client gets its 413 on a live connection. */
    public static final long MAX_DRAINED_BYTES = 16L * 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(ApiServer.class.getName());
    private static final String JSON_TYPE = "application/json;charset=UTF-8";
    private static final String WEIGHT_HEADER = "X-MBX-USED-WEIGHT-1m";

    private final Router router;
    private final Auth auth;
    private final RateLimiter limiter;
    private final byte[] adminToken;
    private final LongSupplier clockMillis;

    /** A server dispatching to {@code router}. */
    public ApiServer(final Router router, final Auth auth, final RateLimiter limiter, final String adminToken, final LongSupplier clockMillis) {
        this.router = router;
        this.auth = auth;
        this.limiter = limiter;
        this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
        this.clockMillis = clockMillis;
    }

    /**
     * Answers a request the HTTP decoder could not read (line or headers too long, bad bytes) in Binance's form, then
     * closes the connection, which cannot be trusted to be in sync any more.
     */
    public void handleInvalid(final HttpServerRequest request) {
        final Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
        final int status = cause instanceof io.netty.handler.codec.http.TooLongHttpLineException ? 414
            : cause instanceof io.netty.handler.codec.http.TooLongHttpHeaderException ? 431 : 400;
        final ApiError error = status == 400 ? ApiError.illegalChars() : ApiError.tooManyParameters(status);
        request.response().putHeader("Connection", "close");
        respond(request, Reply.error(error));
        request.connection().close();
    }

    /** Handles one HTTP request (on its event loop). */
    public void handle(final HttpServerRequest request) {
        if (request.version() == null) {
            // Neither HTTP/1.0 nor HTTP/1.1 on the request line: malformed, a client error like any other.
            handleInvalid(request);
            return;
        }
        final Context context = Vertx.currentContext();
        final String length = request.getHeader("Content-Length");
        if (length != null && parseLength(length) > MAX_DRAINED_BYTES) {
            // Too big to even read through: answer and hang up.
            request.response().putHeader("Connection", "close");
            respond(request, Reply.error(ApiError.tooManyParameters(413)));
            request.connection().close();
            return;
        }
        final Buffer body = Buffer.buffer();
        final boolean[] tooBig = {false};
        request.handler(chunk -> {
            if (body.length() + chunk.length() > MAX_BODY_BYTES) {
                tooBig[0] = true;
            } else if (!tooBig[0]) {
                body.appendBuffer(chunk);
            }
        });
        request.exceptionHandler(e -> {
            if (!request.response().ended() && !request.response().closed()) {
                respond(request, Reply.error(ApiError.illegalChars()));
            }
        });
        request.endHandler(v -> {
            if (tooBig[0]) {
                respond(request, Reply.error(ApiError.tooManyParameters(413)));
                return;
            }
            dispatch(request, context, body);
        });
    }

    private void dispatch(final HttpServerRequest request, final Context context, final Buffer bodyBuffer) {
        final long now = clockMillis.getAsLong();
        Future<Reply> reply;
        try {
            final Router.Match match = router.find(request.method().name(), request.path());
            final Router.Route route = match.route();
            final String body = bodyBuffer.toString(StandardCharsets.UTF_8);
            if (route.security() == Router.Security.ADMIN) {
                checkAdmin(request);
                reply = route.handler().handle(new ApiRequest(request, context, Params.empty(), body, match.pathParam(), now));
            } else {
                final Params params;
                try {
                    params = Params.parse(request.query(), formBody(request, body));
                } catch (final ApiException e) {
                    charge(request, 1, now);
                    throw e;
                }
                charge(request, weightOf(route, params), now);
                if (route.params() != null) {
                    params.allowOnly(route.params());
                }
                final ApiRequest api = new ApiRequest(request, context, params, body, match.pathParam(), now);
                switch (route.security()) {
                    case API_KEY -> api.key(auth.apiKey(request.getHeader(Auth.API_KEY_HEADER)));
                    case USER_DATA -> api.key(auth.signed(request.getHeader(Auth.API_KEY_HEADER), params, false));
                    case TRADE -> api.key(auth.signed(request.getHeader(Auth.API_KEY_HEADER), params, true));
                    default -> {
                    }
                }
                reply = route.handler().handle(api);
            }
        } catch (final ApiException e) {
            reply = Future.succeededFuture(Reply.error(e.error()));
        } catch (final RuntimeException e) {
            LOG.log(Level.WARNING, "request failed: " + request.method() + " " + request.path(), e);
            reply = Future.succeededFuture(Reply.error(ApiError.internal()));
        }
        reply.onComplete(result -> {
            if (result.succeeded()) {
                respond(request, result.result());
            } else if (result.cause() instanceof ApiException e) {
                respond(request, Reply.error(e.error()));
            } else if (result.cause() instanceof CompletionException c && c.getCause() instanceof ApiException e) {
                respond(request, Reply.error(e.error()));
            } else {
                LOG.log(Level.WARNING, "request failed: " + request.method() + " " + request.path(), result.cause());
                respond(request, Reply.error(ApiError.internal()));
            }
        });
    }

    /** Counts the request's weight against its IP, sets the weight header, and refuses it when over the limit. */
    private void charge(final HttpServerRequest request, final long weight, final long now) {
        final RateLimiter.Decision decision = limiter.acquireWeight(ip(request), weight, now);
        request.response().putHeader(WEIGHT_HEADER, Long.toString(decision.used()));
        if (decision.error() != null) {
            request.response().putHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
            throw decision.error().exception();
        }
    }

    private static long weightOf(final Router.Route route, final Params params) {
        try {
            return route.weight().applyAsLong(params);
        } catch (final ApiException e) {
            return 1;
        }
    }

    /**
     * The body as form parameters. A form body (or one without a content type) is read; an empty body is accepted
     * whatever its type (binance-connector-java sends an empty {@code application/json} body); anything else is refused.
     */
    private static String formBody(final HttpServerRequest request, final String body) {
        if (body.isEmpty() || request.method() == HttpMethod.GET) {
            return null;
        }
        final String type = request.getHeader("Content-Type");
        if (type == null || type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return body;
        }
        if (type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            if (body.isBlank()) {
                return null;
            }
            throw ApiError.invalidJson().exception();
        }
        throw ApiError.unsupportedMediaType().exception();
    }

    private void checkAdmin(final HttpServerRequest request) {
        final String header = request.getHeader("Authorization");
        if (header == null || !header.startsWith("Bearer ")
            || !MessageDigest.isEqual(header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8), adminToken)) {
            throw ApiError.unauthorized().exception();
        }
    }

    private static String ip(final HttpServerRequest request) {
        return request.remoteAddress() == null ? "" : request.remoteAddress().host();
    }

    private static long parseLength(final String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (final NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static void respond(final HttpServerRequest request, final Reply reply) {
        final HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(reply.status()).putHeader("Content-Type", JSON_TYPE);
        response.end(reply.body());
    }
}
