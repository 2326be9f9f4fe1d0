package io.bourse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import io.vertx.core.json.JsonObject;

/** Opens and funds accounts through a running node's admin API, as an operator would. */
public final class Funding {
    /** An account with its key; {@code secret} is null for an Ed25519 key. */
    public record Account(long id, String apiKey, String secret) {
    }

    private Funding() {
    }

    /** A new account with an HMAC key, credited with {@code deposits} given as asset, amount, asset, amount... */
    public static Account open(final ExchangeNode node, final String name, final String... deposits) {
        return openWithKey(node, name, null, deposits);
    }

    /** A new account (with an Ed25519 key when {@code ed25519PublicKey} is not null), credited with {@code deposits}. */
    public static Account openWithKey(final ExchangeNode node, final String name, final String ed25519PublicKey, final String... deposits) {
        final ApiClient admin = new ApiClient(node.url(), null, null);
        final JsonObject request = new JsonObject().put("name", name).put("country", "DE").put("kycTier", 1);
        if (ed25519PublicKey != null) {
            request.put("ed25519PublicKey", ed25519PublicKey);
        }
        final ApiClient.Response created = admin.admin("POST", "/admin/v1/accounts", node.adminToken(), request.encode());
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        final JsonObject account = created.json();
        final long id = account.getLong("accountId");
        for (int i = 0; i + 1 < deposits.length; i += 2) {
            deposit(node, id, deposits[i], deposits[i + 1]);
        }
        return new Account(id, account.getString("apiKey"), account.getString("secretKey"));
    }

    /** Credits {@code amount} of {@code asset} to {@code accountId}. */
    public static void deposit(final ExchangeNode node, final long accountId, final String asset, final String amount) {
        if (new BigDecimal(amount).signum() == 0) {
            return;
        }
        final ApiClient admin = new ApiClient(node.url(), null, null);
        final ApiClient.Response r = admin.admin("POST", "/admin/v1/deposits", node.adminToken(),
            new JsonObject().put("accountId", accountId).put("asset", asset).put("amount", amount).encode());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    /** Debits {@code amount} of {@code asset} from {@code accountId}. */
    public static void withdraw(final ExchangeNode node, final long accountId, final String asset, final String amount) {
        final ApiClient admin = new ApiClient(node.url(), null, null);
        final ApiClient.Response r = admin.admin("POST", "/admin/v1/withdrawals", node.adminToken(),
            new JsonObject().put("accountId", accountId).put("asset", asset).put("amount", amount).encode());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }
}
