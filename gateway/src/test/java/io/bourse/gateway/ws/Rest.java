package io.bourse.gateway.ws;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.bourse.gateway.Auth;
import io.bourse.gateway.ExchangeNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** REST calls a trading client makes (HMAC-signed), and the operator's admin calls, against a running node. */
final class Rest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();

    /** An account's key. */
    record Key(long accountId, String apiKey, String secret) {
    }

    /** A response. */
    record Response(int status, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }

        JsonArray array() {
            return new JsonArray(body);
        }
    }

    private Rest() {
    }

    static Response send(final HttpRequest request) {
        try {
            final HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Response get(final ExchangeNode node, final String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(node.url() + pathAndQuery)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    static Response signed(final ExchangeNode node, final Key key, final String method, final String path, final String query) {
        final String withTime = (query.isEmpty() ? "" : query + "&") + "timestamp=" + System.currentTimeMillis() + "&recvWindow=60000";
        final String target = node.url() + path + "?" + withTime + "&signature=" + Auth.hmacHex(key.secret(), withTime);
        return send(HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(30)).header("X-MBX-APIKEY", key.apiKey())
            .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    /** Places an order; fails the test unless it is accepted. */
    static JsonObject order(final ExchangeNode node, final Key key, final String query) {
        final Response r = signed(node, key, "POST", "/api/v3/order", query);
        if (r.status() != 200) {
            throw new AssertionError("order " + query + " refused: " + r.status() + " " + r.body());
        }
        return r.json();
    }

    static Response admin(final ExchangeNode node, final String method, final String path, final String json) {
        return send(HttpRequest.newBuilder(URI.create(node.url() + path)).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + node.adminToken())
            .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** A new account with an HMAC key, credited with asset/amount pairs. */
    static Key account(final ExchangeNode node, final String name, final String... deposits) {
        final Response created = admin(node, "POST", "/admin/v1/accounts", "{\"name\":\"" + name + "\",\"country\":\"DE\",\"kycTier\":1}");
        if (created.status() != 200) {
            throw new AssertionError("account: " + created);
        }
        final JsonObject account = created.json();
        final long id = account.getLong("accountId");
        for (int i = 0; i + 1 < deposits.length; i += 2) {
            final Response r = admin(node, "POST", "/admin/v1/deposits",
                "{\"accountId\":" + id + ",\"asset\":\"" + deposits[i] + "\",\"amount\":\"" + deposits[i + 1] + "\"}");
            if (r.status() != 200) {
                throw new AssertionError("deposit: " + r);
            }
        }
        return new Key(id, account.getString("apiKey"), account.getString("secretKey"));
    }

    /** REST depth as a book. */
    static LocalBook.Snapshot depth(final ExchangeNode node, final String symbol, final int limit) {
        final Response r = get(node, "/api/v3/depth?symbol=" + symbol + "&limit=" + limit);
        if (r.status() != 200) {
            throw new AssertionError("depth: " + r);
        }
        return LocalBook.Snapshot.of(r.json());
    }
}
