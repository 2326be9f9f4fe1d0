package io.bourse.gateway;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;

/**
 * One request on its way through the API: its parameters, the authenticated key (for signed endpoints), the path
 * parameter of an admin route, where its response headers go, and the Vert.x context its continuations must run on.
 * It comes from an HTTP request or from a WebSocket API request ({@link #of}); the handlers do not tell them apart.
 */
public final class ApiRequest {
    private final BiConsumer<String, String> headers;
    private final Context context;
    private final Params params;
    private final String body;
    private final String pathParam;
    private final long receivedMillis;
    private ApiKey key;

    ApiRequest(final HttpServerRequest http, final Context context, final Params params, final String body, final String pathParam,
        final long receivedMillis) {
        this((name, value) -> http.response().putHeader(name, value), context, params, body, pathParam, receivedMillis);
    }

    private ApiRequest(final BiConsumer<String, String> headers, final Context context, final Params params, final String body,
        final String pathParam, final long receivedMillis) {
        this.headers = headers;
        this.context = context;
        this.params = params;
        this.body = body;
        this.pathParam = pathParam;
        this.receivedMillis = receivedMillis;
    }

    /**
     * A request that did not come over HTTP (the WebSocket API): its would-be response headers (the order counts,
     * {@code Retry-After}) go to {@code headers}; {@code key} is its authenticated key, or null.
     */
    public static ApiRequest of(final Context context, final Params params, final ApiKey key, final long receivedMillis,
        final BiConsumer<String, String> headers) {
        final ApiRequest request = new ApiRequest(headers, context, params, "", null, receivedMillis);
        request.key = key;
        return request;
    }

    /** The parameters. */
    public Params params() {
        return params;
    }

    /** The raw body (for the admin API's JSON). */
    public String body() {
        return body;
    }

    /** The {@code {}} segment of an admin path, or null. */
    public String pathParam() {
        return pathParam;
    }

    /** The server's time when the request arrived, epoch millis. */
    public long receivedMillis() {
        return receivedMillis;
    }

    /** The authenticated key (signed and API-key endpoints). */
    public ApiKey key() {
        return key;
    }

    void key(final ApiKey value) {
        key = value;
    }

    /** The account of the authenticated key. */
    public long accountId() {
        return key.accountId();
    }

    /** Sets a response header. */
    public void header(final String name, final String value) {
        headers.accept(name, value);
    }

    /** A future that completes on this request's context when {@code future} does. */
    public <T> Future<T> onContext(final CompletableFuture<T> future) {
        return Future.fromCompletionStage(future, context);
    }

    /** Runs blocking work (history queries) on a worker thread; the future completes on this request's context. */
    public <T> Future<T> blocking(final Callable<T> work) {
        return context.executeBlocking(work, false);
    }
}
