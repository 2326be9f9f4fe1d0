package io.bourse.gateway;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authentication of API requests as Binance does it: the key in {@code X-MBX-APIKEY}; for SIGNED endpoints a
 * {@code timestamp} inside {@code recvWindow} and a {@code signature} over the query string followed by the body
 * (HMAC-SHA256 as hex for secret keys, Ed25519 as base64 for public keys).
 */
public final class Auth {
    /** The header that carries the API key. */
    public static final String API_KEY_HEADER = "X-MBX-APIKEY";
    /** {@code recvWindow} when none is sent, in milliseconds. */
    public static final long DEFAULT_RECV_WINDOW_MILLIS = 5_000;
    /** The largest {@code recvWindow}, in milliseconds. */
    public static final long MAX_RECV_WINDOW_MILLIS = 60_000;
    private static final String RECV_WINDOW_RANGE = "^[0-9]{1,20}(\\.[0-9]{1,3})?$";
    private static final Pattern RECV_WINDOW = Pattern.compile(RECV_WINDOW_RANGE);
    /** Secrets whose initialised Mac a thread keeps; beyond this many, the thread starts over. */
    private static final int MAX_CACHED_MACS = 1024;
    /** Per thread (the event loops), an initialised HMAC per secret: a key's Mac is set up once, not per request. */
    private static final ThreadLocal<Map<String, Mac>> HMACS = ThreadLocal.withInitial(HashMap::new);

    private final ApiKeyStore keys;
    private final LongSupplier clockMillis;

    /** Authenticates against {@code keys}, with {@code clockMillis} as the server's time. */
    public Auth(final ApiKeyStore keys, final LongSupplier clockMillis) {
        this.keys = keys;
        this.clockMillis = clockMillis;
    }

    /** The key named by the header ({@code -2014} when missing or malformed, {@code -2015} when unknown). */
    public ApiKey apiKey(final String header) {
        if (header == null || header.isEmpty() || header.length() > 128 || !isAlphanumeric(header)) {
            throw ApiError.badApiKeyFormat().exception();
        }
        final ApiKey key = keys.get(header);
        if (key == null) {
            throw ApiError.rejectedApiKey().exception();
        }
        return key;
    }

    /** Authenticates a SIGNED request; {@code trade} asks for the TRADE permission. Returns the key. */
    public ApiKey signed(final String header, final Params params, final boolean trade) {
        final ApiKey key = apiKey(header);
        final long timestampMicros = timestampMicros(params);
        final long recvWindowMicros = recvWindowMicros(params);
        final String signature = params.signature();
        if (signature == null || signature.isEmpty()) {
            throw ApiError.mandatory("signature").exception();
        }
        if (!verify(key, params.signaturePayload(), signature)) {
            throw ApiError.invalidSignature().exception();
        }
        return inTimeWithPermission(key, timestampMicros, recvWindowMicros, trade);
    }

    /**
     * Authenticates a request of a WebSocket API session already logged on with {@code key}: no signature, but the
     * {@code timestamp} and {@code recvWindow} rules and the TRADE permission as for a signed request. Returns the key.
     */
    public ApiKey loggedOn(final ApiKey key, final Params params, final boolean trade) {
        final long timestampMicros = timestampMicros(params);
        final long recvWindowMicros = recvWindowMicros(params);
        return inTimeWithPermission(key, timestampMicros, recvWindowMicros, trade);
    }

    private ApiKey inTimeWithPermission(final ApiKey key, final long timestampMicros, final long recvWindowMicros, final boolean trade) {
        final long nowMicros = clockMillis.getAsLong() * 1000;
        if (timestampMicros >= nowMicros + 1_000_000) {
            throw ApiError.timestampAhead().exception();
        }
        if (nowMicros - timestampMicros > recvWindowMicros) {
            throw ApiError.timestampOutsideWindow().exception();
        }
        if (trade && !key.canTrade()) {
            throw ApiError.rejectedApiKey().exception();
        }
        return key;
    }

    /** {@code timestamp} in microseconds: 16 digits are microseconds, fewer are milliseconds. */
    static long timestampMicros(final Params params) {
        final String text = params.required("timestamp");
        final long value = params.requiredLong("timestamp");
        return text.length() >= 16 ? value : value * 1000;
    }

    /** {@code recvWindow} in microseconds (milliseconds with up to three decimals), default 5000 ms, at most 60000 ms. */
    static long recvWindowMicros(final Params params) {
        final String text = params.optional("recvWindow");
        if (text == null) {
            return DEFAULT_RECV_WINDOW_MILLIS * 1000;
        }
        if (text.length() > 24 || !RECV_WINDOW.matcher(text).matches()) {
            throw ApiError.illegalChars("recvWindow", RECV_WINDOW_RANGE).exception();
        }
        final int dot = text.indexOf('.');
        final String whole = dot < 0 ? text : text.substring(0, dot);
        if (whole.length() > 6 || Long.parseLong(whole) > MAX_RECV_WINDOW_MILLIS) {
            throw ApiError.greaterThan("recvWindow", Long.toString(MAX_RECV_WINDOW_MILLIS)).exception();
        }
        long micros = Long.parseLong(whole) * 1000;
        if (dot >= 0) {
            final String fraction = (text.substring(dot + 1) + "000").substring(0, 3);
            micros += Long.parseLong(fraction);
        }
        if (micros > MAX_RECV_WINDOW_MILLIS * 1000) {
            throw ApiError.greaterThan("recvWindow", Long.toString(MAX_RECV_WINDOW_MILLIS)).exception();
        }
        return micros;
    }

    /** Whether {@code signature} signs {@code payload} for {@code key}. */
    public static boolean verify(final ApiKey key, final String payload, final String signature) {
        final byte[] message = payload.getBytes(StandardCharsets.UTF_8);
        if (key.hmacSecret() != null) {
            if (signature.length() != 64) {
                return false;
            }
            final byte[] given;
            try {
                given = HexFormat.of().parseHex(signature.toLowerCase(Locale.ROOT));
            } catch (final IllegalArgumentException e) {
                return false;
            }
            return MessageDigest.isEqual(hmacSha256(key.hmacSecret(), message), given);
        }
        try {
            final byte[] given = Base64.getDecoder().decode(signature.replace(' ', '+'));
            final Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key.publicKey());
            verifier.update(message);
            return verifier.verify(given);
        } catch (final IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    /** HMAC-SHA256 of {@code message} with {@code secret}. */
    public static byte[] hmacSha256(final String secret, final byte[] message) {
        final Map<String, Mac> macs = HMACS.get();
        Mac mac = macs.get(secret);
        if (mac == null) {
            if (macs.size() >= MAX_CACHED_MACS) {
                macs.clear();
            }
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            } catch (final GeneralSecurityException e) {
                throw new IllegalStateException("cannot use an HMAC key", e);
            }
            macs.put(secret, mac);
        }
        return mac.doFinal(message); // doFinal leaves the Mac reset, keyed, ready for the next message
    }

    /** HMAC-SHA256 of {@code payload} as lowercase hex: what a client sends as {@code signature}. */
    public static String hmacHex(final String secret, final String payload) {
        return HexFormat.of().formatHex(hmacSha256(secret, payload.getBytes(StandardCharsets.UTF_8)));
    }

    private static boolean isAlphanumeric(final String text) {
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }
}
