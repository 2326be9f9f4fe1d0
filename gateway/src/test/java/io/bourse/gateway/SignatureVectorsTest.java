package io.bourse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonObject;

/**
 * The signature examples of Binance's documentation (github.com/binance/binance-spot-api-docs), checked against
 * {@link Auth} and then sent through a running node as they are printed there.
 *
 * <p>HMAC: {@code rest-api.md}, "SIGNED Endpoint Examples for POST /api/v3/order", with its key
 * {@code vmPUZE6m…} / secret {@code NhqPtmdS…}: the ASCII and the non-ASCII example, and the earlier revisions' example
 * 3 (parameters split between query string and body, concatenated without {@code &}).
 *
 * <p>Ed25519: the REST page's Ed25519 section publishes neither key half (and its printed "signature" is 256 bytes, the
 * RSA example's), so it cannot be checked. The one Ed25519 example Binance publishes with its private key is the FIX
 * Logon example in {@code fix-api.md} (key {@code MC4CAQAw…m89u}, payload {@code A␁EXAMPLE␁SPOT␁1␁20240627-11:17:25.223},
 * signature {@code 4MHXelVV…8gCA==}); Ed25519 signs the bytes it is given, so the same key pair then signs REST
 * requests here.
 */
class SignatureVectorsTest {
    static final String DOC_API_KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
    static final String DOC_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    static final String ASCII_PAYLOAD =
        "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";
    static final String ASCII_SIGNATURE = "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71";
    static final String NON_ASCII_PAYLOAD = "symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&type=LIMIT&timeInForce=GTC"
        + "&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";
    static final String NON_ASCII_SIGNATURE = "e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3";
    static final String MIXED_QUERY = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC";
    static final String MIXED_BODY = "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";
    static final String MIXED_SIGNATURE = "0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77";

    /** fix-api.md's example Ed25519 private key (PKCS#8), "provided solely for illustrative purposes". */
    static final String DOC_ED25519_PRIVATE = "MC4CAQAwBQYDK2VwBCIEIIJEYWtGBrhACmb9Dvy+qa8WEf0lQOl1s4CLIAB9m89u";
    /** Its public half ({@code openssl pkey -pubout}). */
    static final String DOC_ED25519_PUBLIC = "MCowBQYDK2VwAyEAGUIKv9dSpWXBViXp2m6vAIb8QMFJYBgyFEQsFJlqgA0=";
    static final String DOC_FIX_PAYLOAD = "A\u0001EXAMPLE\u0001SPOT\u00011\u000120240627-11:17:25.223";
    static final String DOC_FIX_SIGNATURE = "4MHXelVVcpkdwuLbl6n73HQUXUf1dse2PCgT1DYqW9w8AVZ1RACFGM+5UdlGPrQHrgtS3CvsRURC1oj73j8gCA==";

    @TempDir
    static Path dataDir;

    private static ExchangeNode node;
    private static ApiClient docClient;

    @BeforeAll
    static void start() {
        // The documentation's HMAC key, for demo account 1 (made at genesis), registered before the node starts.
        ApiKeyStore.open(dataDir).add(new ApiKey(DOC_API_KEY, 1, "binance-docs", DOC_SECRET, null, true, false));
        node = ExchangeNode.start(NodeConfig.defaults(dataDir).withPort(0).withFsync(false).withRateLimits(RateLimiter.Limits.binance().off()));
        Funding.deposit(node, 1, "USDT", "1000");
        docClient = new ApiClient(node.url(), DOC_API_KEY, DOC_SECRET);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static ApiKey docKey() {
        return new ApiKey(DOC_API_KEY, 1, "doc", DOC_SECRET, null, true, false);
    }

    private static PrivateKey docEd25519Private() throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(DOC_ED25519_PRIVATE)));
    }

    private static String ed25519(final PrivateKey key, final String payload) throws GeneralSecurityException {
        final Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key);
        signer.update(payload.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(signer.sign());
    }

    private static void assertError(final ApiClient.Response r, final int status, final int code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
    }

    @Test
    void hmacExamplesFromTheRestDocumentation() {
        assertThat(Auth.hmacHex(DOC_SECRET, ASCII_PAYLOAD)).isEqualTo(ASCII_SIGNATURE);
        assertThat(Auth.hmacHex(DOC_SECRET, NON_ASCII_PAYLOAD)).isEqualTo(NON_ASCII_SIGNATURE);
        assertThat(Auth.hmacHex(DOC_SECRET, MIXED_QUERY + MIXED_BODY)).isEqualTo(MIXED_SIGNATURE);
        // What the server reads as the payload, for each way of sending the example.
        final Params query = Params.parse(ASCII_PAYLOAD + "&signature=" + ASCII_SIGNATURE, null);
        final Params body = Params.parse(null, ASCII_PAYLOAD + "&signature=" + ASCII_SIGNATURE);
        final Params mixed = Params.parse(MIXED_QUERY, MIXED_BODY + "&signature=" + MIXED_SIGNATURE);
        final Params nonAscii = Params.parse(NON_ASCII_PAYLOAD + "&signature=" + NON_ASCII_SIGNATURE, null);
        for (final Params p : new Params[] {query, body, mixed, nonAscii}) {
            assertThat(Auth.verify(docKey(), p.signaturePayload(), p.signature())).as(p.signaturePayload()).isTrue();
        }
        assertThat(nonAscii.raw("symbol")).isEqualTo("１２３４５６");
        // Hex is case-insensitive; anything else about it is not.
        assertThat(Auth.verify(docKey(), ASCII_PAYLOAD, ASCII_SIGNATURE.toUpperCase())).isTrue();
        assertThat(Auth.verify(docKey(), ASCII_PAYLOAD, ASCII_SIGNATURE.substring(1) + "0")).isFalse();
        assertThat(Auth.verify(docKey(), ASCII_PAYLOAD, ASCII_SIGNATURE + "00")).isFalse();
        assertThat(Auth.verify(docKey(), ASCII_PAYLOAD.replace("price=0.1", "price=0.2"), ASCII_SIGNATURE)).isFalse();
        // Example 3's payload has no '&' between the query and the body: with one, it is another payload.
        assertThat(Auth.verify(docKey(), MIXED_QUERY + "&" + MIXED_BODY, MIXED_SIGNATURE)).isFalse();
    }

    @Test
    void ed25519ExampleFromTheFixDocumentation() throws GeneralSecurityException {
        final PrivateKey privateKey = docEd25519Private();
        // Ed25519 is deterministic: the documented key gives exactly the documented signature.
        assertThat(ed25519(privateKey, DOC_FIX_PAYLOAD)).isEqualTo(DOC_FIX_SIGNATURE);
        final ApiKey key = new ApiKey("doc-ed25519", 1, "doc", null, ApiKey.canonicalEd25519(DOC_ED25519_PUBLIC), true, false);
        assertThat(Auth.verify(key, DOC_FIX_PAYLOAD, DOC_FIX_SIGNATURE)).isTrue();
        assertThat(Auth.verify(key, DOC_FIX_PAYLOAD.replace("EXAMPLE", "EXAMPLF"), DOC_FIX_SIGNATURE)).isFalse();
        assertThat(Auth.verify(key, DOC_FIX_PAYLOAD, DOC_FIX_SIGNATURE.replace("4MHX", "4MHY"))).isFalse();
        assertThat(Auth.verify(key, DOC_FIX_PAYLOAD, "not base64!")).isFalse();
        // The public key in each form the admin API takes: PEM, base64 X.509, base64 raw 32 bytes.
        final byte[] x509 = Base64.getDecoder().decode(DOC_ED25519_PUBLIC);
        final String raw = Base64.getEncoder().encodeToString(Arrays.copyOfRange(x509, x509.length - 32, x509.length));
        final String pem = "-----BEGIN PUBLIC KEY-----\n" + DOC_ED25519_PUBLIC + "\n-----END PUBLIC KEY-----\n";
        assertThat(ApiKey.canonicalEd25519(raw)).isEqualTo(DOC_ED25519_PUBLIC);
        assertThat(ApiKey.canonicalEd25519(pem)).isEqualTo(DOC_ED25519_PUBLIC);
        // The REST example's payload, signed with that key and sent percent-encoded (or, leniently, with a bare '+').
        final String signature = ed25519(privateKey, ASCII_PAYLOAD);
        final Params encoded = Params.parse(ASCII_PAYLOAD + "&signature=" + URLEncoder.encode(signature, StandardCharsets.UTF_8), null);
        assertThat(encoded.signature()).isEqualTo(signature);
        assertThat(Auth.verify(key, encoded.signaturePayload(), encoded.signature())).isTrue();
        final Params bare = Params.parse(ASCII_PAYLOAD + "&signature=" + signature.replace("=", "%3D"), null);
        assertThat(Auth.verify(key, bare.signaturePayload(), bare.signature())).isTrue();
    }

    @Test
    void theDocumentedRequestsPassTheSignatureCheckOfTheServer() throws GeneralSecurityException {
        // Sent exactly as printed: the signature is good, so the server goes on to the (2017) timestamp: -1021, not -1022.
        assertError(docClient.withKey("POST", "/api/v3/order", ASCII_PAYLOAD + "&signature=" + ASCII_SIGNATURE), 400, -1021);
        assertError(docClient.withKey("POST", "/api/v3/order", NON_ASCII_PAYLOAD + "&signature=" + NON_ASCII_SIGNATURE), 400, -1021);
        assertError(docClient.raw("POST", "/api/v3/order?" + MIXED_QUERY, MIXED_BODY + "&signature=" + MIXED_SIGNATURE,
            "application/x-www-form-urlencoded", true), 400, -1021);
        // One digit off: -1022.
        assertError(docClient.withKey("POST", "/api/v3/order", ASCII_PAYLOAD + "&signature=" + ASCII_SIGNATURE.replace('c', 'd')), 400, -1022);
        assertError(docClient.raw("POST", "/api/v3/order?" + MIXED_QUERY, MIXED_BODY + "&signature=" + ASCII_SIGNATURE,
            "application/x-www-form-urlencoded", true), 400, -1022);

        // The same with Ed25519: an account opened with the FIX example's public key.
        final Funding.Account account = Funding.openWithKey(node, "docs-ed25519", DOC_ED25519_PUBLIC, "USDT", "1000");
        final ApiClient ed = new ApiClient(node.url(), account.apiKey(), null);
        final String sig = URLEncoder.encode(ed25519(docEd25519Private(), ASCII_PAYLOAD), StandardCharsets.UTF_8);
        assertError(ed.withKey("POST", "/api/v3/order", ASCII_PAYLOAD + "&signature=" + sig), 400, -1021);
        assertError(ed.withKey("POST", "/api/v3/order", ASCII_PAYLOAD.replace("BUY", "SELL") + "&signature=" + sig), 400, -1022);
        // An HMAC signature for an Ed25519 key, and the reverse, are both refused.
        assertError(ed.withKey("POST", "/api/v3/order", ASCII_PAYLOAD + "&signature=" + ASCII_SIGNATURE), 400, -1022);
        assertError(docClient.withKey("POST", "/api/v3/order", ASCII_PAYLOAD + "&signature=" + sig), 400, -1022);
    }

    @Test
    void fullSignedRequestsWithEachKeyType() throws GeneralSecurityException {
        final String order = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=20000&newOrderRespType=RESULT";
        // HMAC, the documentation's key: in the query, in a form body, and split between the two.
        final ApiClient.Response inQuery = docClient.signed("POST", "/api/v3/order", order);
        assertThat(inQuery.status()).as(inQuery.toString()).isEqualTo(200);
        assertThat(inQuery.json().getString("status")).isEqualTo("NEW");
        final ApiClient.Response inBody = docClient.signedForm("/api/v3/order", order);
        assertThat(inBody.status()).as(inBody.toString()).isEqualTo(200);
        final String body = "quantity=0.001&price=20000&recvWindow=5000&timestamp=" + System.currentTimeMillis();
        final String q = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC";
        final ApiClient.Response split = docClient.raw("POST", "/api/v3/order?" + q, body + "&signature=" + Auth.hmacHex(DOC_SECRET, q + body),
            "application/x-www-form-urlencoded", true);
        assertThat(split.status()).as(split.toString()).isEqualTo(200);
        assertThat(docClient.signed("GET", "/api/v3/openOrders", "symbol=BTCUSDT").array()).hasSize(3);
        assertThat(docClient.signed("DELETE", "/api/v3/openOrders", "symbol=BTCUSDT").array()).hasSize(3);

        // Ed25519, the FIX example's key pair: in the query, and in a form body.
        final Funding.Account account = Funding.openWithKey(node, "docs-ed25519-trader", DOC_ED25519_PUBLIC, "USDT", "1000");
        final ApiClient ed = new ApiClient(node.url(), account.apiKey(), null);
        final PrivateKey key = docEd25519Private();
        final String payload = order + "&timestamp=" + System.currentTimeMillis();
        final ApiClient.Response edQuery = ed.withKey("POST", "/api/v3/order",
            payload + "&signature=" + URLEncoder.encode(ed25519(key, payload), StandardCharsets.UTF_8));
        assertThat(edQuery.status()).as(edQuery.toString()).isEqualTo(200);
        final JsonObject placed = edQuery.json();
        assertThat(placed.getString("status")).isEqualTo("NEW");
        final String formPayload = "timestamp=" + System.currentTimeMillis() + "&symbol=BTCUSDT&orderId=" + placed.getLong("orderId");
        final String formSignature = URLEncoder.encode(ed25519(key, formPayload), StandardCharsets.UTF_8);
        final ApiClient.Response edCancel = ed.raw("DELETE", "/api/v3/order", formPayload + "&signature=" + formSignature,
            "application/x-www-form-urlencoded", true);
        assertThat(edCancel.status()).as(edCancel.toString()).isEqualTo(200);
        assertThat(edCancel.json().getString("status")).isEqualTo("CANCELED");
        final String accountQuery = "omitZeroBalances=true&timestamp=" + System.currentTimeMillis();
        final ApiClient.Response balances = ed.withKey("GET", "/api/v3/account",
            accountQuery + "&signature=" + URLEncoder.encode(ed25519(key, accountQuery), StandardCharsets.UTF_8));
        assertThat(balances.status()).as(balances.toString()).isEqualTo(200);
        assertThat(balances.json().getJsonArray("balances").getJsonObject(0).getString("free")).isEqualTo("1000.00000000");
    }
}
