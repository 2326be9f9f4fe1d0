package io.bourse.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A plain {@link HttpClient} speaking to a node as a Binance client would: signs with HMAC-SHA256 over query + body. */
public final class ApiClient {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String apiKey;
    private final String secret;

    public ApiClient(final String baseUrl, final String apiKey, final String secret) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.secret = secret;
    }

    /** A response. */
    public record Response(int status, String body, HttpResponse<String> raw) {
        public JsonObject json() {
            return new JsonObject(body);
        }

        public JsonArray array() {
            return new JsonArray(body);
        }

        public int code() {
            return json().getInteger("code");
        }

        public String header(final String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public Response get(final String path, final String query) {
        return send("GET", path + (query.isEmpty() ? "" : "?" + query), null, null, false);
    }

    public Response signed(final String method, final String path, final String query) {
        final String withTime = (query.isEmpty() ? "" : query + "&") + "timestamp=" + System.currentTimeMillis();
        return send(method, path + "?" + withTime + "&signature=" + Auth.hmacHex(secret, withTime), null, null, true);
    }

    /** A signed POST with the parameters in a form body, as ccxt sends them. */
    public Response signedForm(final String path, final String form) {
        final String body = "timestamp=" + System.currentTimeMillis() + (form.isEmpty() ? "" : "&" + form);
        return send("POST", path, body + "&signature=" + Auth.hmacHex(secret, body), "application/x-www-form-urlencoded", true);
    }

    public Response withKey(final String method, final String path, final String query) {
        return send(method, path + (query.isEmpty() ? "" : "?" + query), null, null, true);
    }

    public Response raw(final String method, final String pathAndQuery, final String body, final String contentType, final boolean withKey) {
        return send(method, pathAndQuery, body, contentType, withKey);
    }

    public Response admin(final String method, final String path, final String token, final String json) {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
            .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
            .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return execute(b.build());
    }

    private Response send(final String method, final String pathAndQuery, final String body, final String contentType, final boolean withKey) {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(Duration.ofSeconds(30))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (withKey && apiKey != null) {
            b.header("X-MBX-APIKEY", apiKey);
        }
        return execute(b.build());
    }

    private Response execute(final HttpRequest request) {
        try {
            final HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response);
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
