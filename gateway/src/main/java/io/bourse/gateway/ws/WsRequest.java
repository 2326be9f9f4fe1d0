package io.bourse.gateway.ws;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One WebSocket API request, {@code {"id": .., "method": .., "params": {..}}}, read by a small strict JSON reader that
 * keeps what the signature needs: each parameter's value as the text the client signed. A string parameter is its
 * unescaped text; a number is its literal as sent ({@code 100}, {@code 0.10000000}; a float parser would turn the
 * latter into {@code 0.1}); {@code true}/{@code false} are those words; an array or object (e.g. {@code symbols}) is
 * its JSON text, as the REST API takes it; {@code null} reads as an empty value.
 *
 * @param idJson    the request id as JSON text to echo back ({@code null}, a number or a string), never null
 * @param method    the method name, without a {@code v3/} prefix
 * @param params    the parameters in the order sent
 */
public record WsRequest(String idJson, String method, Map<String, String> params) {
    /** The longest request id string, as Binance limits it. */
    public static final int MAX_ID_LENGTH = 36;
    /** The most parameters a request may carry. */
    public static final int MAX_PARAMETERS = 64;
    private static final int MAX_DEPTH = 8;

    /**
     * A request that could not be read. {@code idJson} is the request id when it could be read before the fault (so
     * the error can still be matched to the request), else {@code "null"}.
     */
    public static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String idJson;
        private final boolean duplicate;

        Malformed(final String idJson, final boolean duplicate) {
            super(null, null, false, false);
            this.idJson = idJson;
            this.duplicate = duplicate;
        }

        /** The id to answer with. */
        public String idJson() {
            return idJson;
        }

        /** Whether the fault was a parameter sent twice (Binance's -1101) rather than bad JSON (-1135). */
        public boolean duplicate() {
            return duplicate;
        }
    }

    /** Reads a request; throws {@link Malformed} for anything but one JSON object with the documented fields. */
    public static WsRequest parse(final String text) {
        final Reader reader = new Reader(text);
        try {
            return reader.request();
        } catch (final IndexOutOfBoundsException | NumberFormatException e) {
            throw new Malformed(reader.id, false);
        }
    }

    /** The reader's state: a position in the text and the id once known. */
    private static final class Reader {
        private final String s;
        private int pos;
        private String id = "null";

        Reader(final String text) {
            this.s = text;
        }

        WsRequest request() {
            skipSpace();
            expect('{');
            String method = null;
            Map<String, String> params = null;
            boolean sawId = false;
            skipSpace();
            if (peek() != '}') {
                while (true) {
                    skipSpace();
                    final String name = string();
                    skipSpace();
                    expect(':');
                    skipSpace();
                    switch (name) {
                        case "id" -> {
                            if (sawId) {
                                throw fault();
                            }
                            sawId = true;
                            id = idValue();
                        }
                        case "method" -> {
                            if (method != null || peek() != '"') {
                                throw fault();
                            }
                            method = string();
                        }
                        case "params" -> {
                            if (params != null) {
                                throw fault();
                            }
                            params = params();
                        }
                        default -> skipValue(0);
                    }
                    skipSpace();
                    if (peek() == ',') {
                        pos++;
                        continue;
                    }
                    expect('}');
                    break;
                }
            } else {
                pos++;
            }
            skipSpace();
            if (pos != s.length() || method == null) {
                throw fault();
            }
            if (method.startsWith("v3/")) {
                method = method.substring(3);
            }
            return new WsRequest(id, method, params == null ? new LinkedHashMap<>() : params);
        }

        private String idValue() {
            final char c = peek();
            if (c == '"') {
                final int start = pos;
                final String value = string();
                if (value.length() > MAX_ID_LENGTH) {
                    throw fault();
                }
                return s.substring(start, pos);
            }
            if (c == 'n') {
                literal("null");
                return "null";
            }
            final int start = pos;
            if (peek() == '-') {
                pos++;
            }
            final int digits = pos;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            if (pos == digits || pos - start > 20) {
                throw fault();
            }
            return s.substring(start, pos);
        }

        private Map<String, String> params() {
            if (peek() == 'n') {
                literal("null");
                return new LinkedHashMap<>();
            }
            expect('{');
            final Map<String, String> values = new LinkedHashMap<>();
            skipSpace();
            if (peek() == '}') {
                pos++;
                return values;
            }
            while (true) {
                skipSpace();
                final String name = string();
                skipSpace();
                expect(':');
                skipSpace();
                final String value = paramValue();
                if (values.put(name, value) != null) {
                    throw new Malformed(id, true);
                }
                if (values.size() > MAX_PARAMETERS) {
                    throw fault();
                }
                skipSpace();
                if (peek() == ',') {
                    pos++;
                    continue;
                }
                expect('}');
                return values;
            }
        }

        private String paramValue() {
            final char c = peek();
            if (c == '"') {
                return string();
            }
            if (c == 'n') {
                literal("null");
                return "";
            }
            final int start = pos;
            skipValue(0);
            return s.substring(start, pos);
        }

        /** Skips one value of any kind (checking it), at most {@link #MAX_DEPTH} levels deep. */
        private void skipValue(final int depth) {
            if (depth > MAX_DEPTH) {
                throw fault();
            }
            final char c = peek();
            switch (c) {
                case '"' -> string();
                case 't' -> literal("true");
                case 'f' -> literal("false");
                case 'n' -> literal("null");
                case '{' -> {
                    pos++;
                    skipSpace();
                    if (peek() == '}') {
                        pos++;
                        return;
                    }
                    while (true) {
                        skipSpace();
                        string();
                        skipSpace();
                        expect(':');
                        skipSpace();
                        skipValue(depth + 1);
                        skipSpace();
                        if (peek() == ',') {
                            pos++;
                            continue;
                        }
                        expect('}');
                        return;
                    }
                }
                case '[' -> {
                    pos++;
                    skipSpace();
                    if (peek() == ']') {
                        pos++;
                        return;
                    }
                    while (true) {
                        skipSpace();
                        skipValue(depth + 1);
                        skipSpace();
                        if (peek() == ',') {
                            pos++;
                            continue;
                        }
                        expect(']');
                        return;
                    }
                }
                default -> number();
            }
        }

        /** A JSON number, checked against the grammar. */
        private void number() {
            final int start = pos;
            if (peek() == '-') {
                pos++;
            }
            final int intStart = pos;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            if (pos == intStart || (s.charAt(intStart) == '0' && pos - intStart > 1)) {
                throw fault();
            }
            if (pos < s.length() && s.charAt(pos) == '.') {
                pos++;
                final int fraction = pos;
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                    pos++;
                }
                if (pos == fraction) {
                    throw fault();
                }
            }
            if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                pos++;
                if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                    pos++;
                }
                final int exponent = pos;
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                    pos++;
                }
                if (pos == exponent) {
                    throw fault();
                }
            }
            if (pos == start) {
                throw fault();
            }
        }

        /** A JSON string at the position, unescaped. */
        private String string() {
            expect('"');
            StringBuilder out = null;
            int runStart = pos;
            while (true) {
                final char c = s.charAt(pos);
                if (c == '"') {
                    final String tail = s.substring(runStart, pos);
                    pos++;
                    return out == null ? tail : out.append(tail).toString();
                }
                if (c < 0x20) {
                    throw fault();
                }
                if (c != '\\') {
                    pos++;
                    continue;
                }
                if (out == null) {
                    out = new StringBuilder();
                }
                out.append(s, runStart, pos);
                final char e = s.charAt(pos + 1);
                pos += 2;
                switch (e) {
                    case '"' -> out.append('"');
                    case '\\' -> out.append('\\');
                    case '/' -> out.append('/');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        final String hex = s.substring(pos, pos + 4);
                        for (int i = 0; i < 4; i++) {
                            if (Character.digit(hex.charAt(i), 16) < 0) {
                                throw fault();
                            }
                        }
                        out.append((char) Integer.parseInt(hex, 16));
                        pos += 4;
                    }
                    default -> throw fault();
                }
                runStart = pos;
            }
        }

        private void literal(final String word) {
            if (!s.startsWith(word, pos)) {
                throw fault();
            }
            pos += word.length();
        }

        private char peek() {
            return s.charAt(pos);
        }

        private void expect(final char c) {
            if (s.charAt(pos) != c) {
                throw fault();
            }
            pos++;
        }

        private void skipSpace() {
            while (pos < s.length()) {
                final char c = s.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        private Malformed fault() {
            return new Malformed(id, false);
        }
    }
}
