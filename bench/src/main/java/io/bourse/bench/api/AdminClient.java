package io.bourse.bench.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmarks' side of a child server's admin and public REST API ({@code /admin/v1} with the bearer token the
 * benchmark gave the server, a few public {@code /api/v3} reads): opens and funds the trading accounts, and tells how
 * far the history projection is behind. Blocking, on the JDK's HTTP client: none of this is measured.
 */
public final class AdminClient {
    private final ServerProcess server;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    public AdminClient(final ServerProcess server, final String token) {
        this.server = server;
        this.token = token;
    }

    /** Opens {@code count} accounts named {@code bench-1...} and funds each with 100,000,000 USDT and 10,000 BTC. */
    public LoadGenerator.Account[] createAccounts(final int count) throws IOException, InterruptedException {
        final LoadGenerator.Account[] accounts = new LoadGenerator.Account[count];
        for (int i = 0; i < accounts.length; i++) {
            final String created = post("/admin/v1/accounts", "{\"name\":\"bench-" + (i + 1) + "\",\"country\":\"DE\",\"kycTier\":1}");
            final long id = Long.parseLong(field(created, "accountId"));
            for (final String[] deposit : new String[][] {{"USDT", "100000000"}, {"BTC", "10000"}}) {
                post("/admin/v1/deposits", "{\"accountId\":" + id + ",\"asset\":\"" + deposit[0] + "\",\"amount\":\"" + deposit[1] + "\"}");
            }
            accounts[i] = new LoadGenerator.Account(id, field(created, "apiKey"), field(created, "secretKey"));
        }
        return accounts;
    }

    /** POSTs JSON to an admin path; the answer's body (anything but 200 throws). */
    public String post(final String path, final String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** GETs a path (admin or public; the token is sent either way); the answer's body (anything but 200 throws). */
    public String get(final String pathAndQuery) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(server.url() + pathAndQuery)).timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token).GET().build());
    }

    private String send(final HttpRequest request) throws IOException, InterruptedException {
        final HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.method() + " " + request.uri().getPath() + " answered " + response.statusCode() + ": "
                + response.body());
        }
        return response.body();
    }

    /** How many sequenced commands the history projection has not projected yet ({@code GET /admin/v1/health}). */
    public long historyLag() throws IOException, InterruptedException {
        final String health = get("/admin/v1/health");
        return Long.parseLong(field(health, "sequence")) - Long.parseLong(field(health, "projectedSeq"));
    }

    /** Waits (up to a minute) until the history has projected everything, so that no row pays for the one before. */
    public void awaitHistory() throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (historyLag() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /** A field of a flat JSON object, string or number, as text (the admin API's answers are flat). */
    public static String field(final String json, final String name) {
        final Matcher matcher = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(\"([^\"]*)\"|(-?[0-9]+))").matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
    }
}
