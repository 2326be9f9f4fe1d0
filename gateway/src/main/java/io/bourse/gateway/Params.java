package io.bourse.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request's parameters, read as Binance reads them: from the query string and from an
 * {@code application/x-www-form-urlencoded} body, the query winning when a name is in both. A name twice in the same
 * place is refused ({@code -1101}). Keeps the raw text the signature covers: the query string followed directly by the
 * body, with the {@code signature} parameter taken out.
 *
 * <p>The typed getters throw {@link ApiException}s with Binance's codes: a mandatory parameter that is missing, empty or
 * malformed is {@code -1102}; an optional one that is empty is {@code -1105}; an optional number that does not parse
 * is {@code -1100}.
 */
public final class Params {
    /** The most parameters a request may carry. */
    public static final int MAX_PARAMETERS = 64;
    /** The legal range Binance names for integer parameters. */
    public static final String INTEGER_RANGE = "^[0-9]{1,20}$";
    private static final String SIGNATURE = "signature";

    private final Map<String, String> values;
    private final String signaturePayload;
    private final String signature;

    private Params(final Map<String, String> values, final String signaturePayload, final String signature) {
        this.values = values;
        this.signaturePayload = signaturePayload;
        this.signature = signature;
    }

    /** No parameters. */
    public static Params empty() {
        return new Params(new LinkedHashMap<>(), "", null);
    }

    /** Parses the raw (still percent-encoded) query string and form body; either may be null or empty. */
    public static Params parse(final String rawQuery, final String rawBody) {
        final Map<String, String> values = new LinkedHashMap<>();
        final StringBuilder payload = new StringBuilder();
        final String[] signature = new String[1];
        final Map<String, String> fromQuery = read(rawQuery, payload, signature);
        final Map<String, String> fromBody = read(rawBody, payload, signature);
        values.putAll(fromBody);
        values.putAll(fromQuery);
        if (values.size() > MAX_PARAMETERS) {
            throw ApiError.tooManyParameters(400).exception();
        }
        return new Params(values, payload.toString(), signature[0]);
    }

    /**
     * The parameters of a WebSocket API request, whose signature covers every parameter but {@code signature}, sorted
     * by name, as {@code name=value} pairs joined by {@code &} without percent-encoding. The names in {@code connection}
     * ({@code apiKey}, {@code returnRateLimits}) are signed but are not the endpoint's: they are left out of the values.
     */
    public static Params ofWebSocket(final Map<String, String> sent, final Set<String> connection) {
        if (sent.size() > MAX_PARAMETERS) {
            throw ApiError.tooManyParameters(400).exception();
        }
        final StringBuilder payload = new StringBuilder();
        for (final String name : new TreeSet<>(sent.keySet())) {
            if (SIGNATURE.equals(name)) {
                continue;
            }
            if (!payload.isEmpty()) {
                payload.append('&');
            }
            payload.append(name).append('=').append(sent.get(name));
        }
        final Map<String, String> values = new LinkedHashMap<>(sent);
        values.keySet().removeAll(connection);
        return new Params(values, payload.toString(), sent.get(SIGNATURE));
    }

    private static Map<String, String> read(final String raw, final StringBuilder payload, final String[] signature) {
        final Map<String, String> values = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        final StringBuilder kept = new StringBuilder(raw.length());
        int start = 0;
        int count = 0;
        while (start <= raw.length()) {
            int end = raw.indexOf('&', start);
            if (end < 0) {
                end = raw.length();
            }
            final String pair = raw.substring(start, end);
            start = end + 1;
            if (pair.isEmpty()) {
                continue;
            }
            if (++count > MAX_PARAMETERS) {
                throw ApiError.tooManyParameters(400).exception();
            }
            final int eq = pair.indexOf('=');
            final String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            final String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (values.put(name, value) != null) {
                throw ApiError.duplicateParameter().exception();
            }
            if (SIGNATURE.equals(name)) {
                if (signature[0] != null) {
                    throw ApiError.duplicateParameter().exception();
                }
                signature[0] = value;
                continue;
            }
            if (!kept.isEmpty()) {
                kept.append('&');
            }
            kept.append(pair);
        }
        payload.append(kept);
        return values;
    }

    private static String decode(final String text) {
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
            return text;
        }
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (final IllegalArgumentException e) {
            throw ApiError.illegalChars().exception();
        }
    }

    /** What an HMAC or Ed25519 signature must cover. */
    public String signaturePayload() {
        return signaturePayload;
    }

    /** The {@code signature} parameter, or null. */
    public String signature() {
        return signature;
    }

    /** Refuses any parameter not in {@code allowed} ({@code -1103}); {@code signature} is always allowed. */
    public void allowOnly(final Set<String> allowed) {
        for (final String name : values.keySet()) {
            if (!allowed.contains(name) && !SIGNATURE.equals(name)) {
                throw ApiError.unknownParameter().exception();
            }
        }
    }

    /** Whether the parameter was sent (even empty). */
    public boolean has(final String name) {
        return values.containsKey(name);
    }

    /** The raw value, or null when not sent. */
    public String raw(final String name) {
        return values.get(name);
    }

    /** A mandatory string: missing or empty is {@code -1102}. */
    public String required(final String name) {
        final String value = values.get(name);
        if (value == null || value.isEmpty()) {
            throw ApiError.mandatory(name).exception();
        }
        return value;
    }

    /** An optional string: null when not sent, {@code -1105} when empty. */
    public String optional(final String name) {
        final String value = values.get(name);
        if (value != null && value.isEmpty()) {
            throw ApiError.emptyParameter(name).exception();
        }
        return value;
    }

    /** A mandatory non-negative integer: missing, empty or malformed is {@code -1102}. */
    public long requiredLong(final String name) {
        final long value = parseLong(required(name));
        if (value < 0) {
            throw ApiError.mandatory(name).exception();
        }
        return value;
    }

    /** An optional non-negative integer, or null; malformed is {@code -1100}. */
    public Long optionalLong(final String name) {
        final String text = optional(name);
        if (text == null) {
            return null;
        }
        final long value = parseLong(text);
        if (value < 0) {
            throw ApiError.illegalChars(name, INTEGER_RANGE).exception();
        }
        return value;
    }

    /** An optional limit in [1, max] with a default; outside the range is {@code -1130} (above max: max, as Binance clamps depth). */
    public int limit(final String name, final int defaultValue, final int max, final boolean clamp) {
        final Long value = optionalLong(name);
        if (value == null) {
            return defaultValue;
        }
        if (value < 1 || (!clamp && value > max)) {
            throw ApiError.invalidParameter(name).exception();
        }
        return (int) Math.min(value, max);
    }

    /** An optional boolean ("true"/"false", any case), or the default. */
    public boolean optionalBoolean(final String name, final boolean defaultValue) {
        final String text = optional(name);
        if (text == null) {
            return defaultValue;
        }
        if ("true".equalsIgnoreCase(text)) {
            return true;
        }
        if ("false".equalsIgnoreCase(text)) {
            return false;
        }
        throw ApiError.illegalChars(name, "true, false").exception();
    }

    /** Digits only, at most 19, else -1 (the callers turn -1 into their error). */
    private static long parseLong(final String text) {
        if (text.isEmpty() || text.length() > 19) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            if (value > (Long.MAX_VALUE - (c - '0')) / 10) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
