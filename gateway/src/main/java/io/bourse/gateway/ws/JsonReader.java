package io.bourse.gateway.ws;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON text into plain values: {@link Map} (keys in order, the last of duplicate keys wins), {@link List},
 * {@link String}, {@link Long} (integers that fit), {@link BigDecimal} (other numbers), {@link Boolean} and
 * {@link #NULL}. Errors say what was expected and where, in the words of the Rust parser behind Binance's stream
 * servers ({@code expected value at line 1 column 1}). Bounded: at most {@link #MAX_DEPTH} nested containers. Stateless
 * and thread-safe.
 */
final class JsonReader {
    /** The JSON {@code null} (a missing member is Java's null). */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };
    /** The deepest nesting of objects and arrays accepted. */
    static final int MAX_DEPTH = 32;

    /** A syntax error at a line and column (both from 1). */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxError(final String what, final int line, final int column) {
            super(what + " at line " + line + " column " + column, null, false, false);
        }
    }

    private final String text;
    private int pos;

    private JsonReader(final String text) {
        this.text = text;
    }

    /** The value of a whole JSON text. */
    static Object parse(final String text) throws SyntaxError {
        final JsonReader reader = new JsonReader(text);
        reader.skipSpace();
        final Object value = reader.value(0);
        reader.skipSpace();
        if (reader.pos < text.length()) {
            throw reader.error("trailing characters", reader.pos);
        }
        return value;
    }

    private SyntaxError error(final String what, final int at) {
        int line = 1;
        int lineStart = 0;
        final int limit = Math.min(at, text.length());
        for (int i = 0; i < limit; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        // At the end of the text the position is that of the last character, as serde_json reports it.
        final int column = at >= text.length() ? text.length() - lineStart : at - lineStart + 1;
        return new SyntaxError(what, line, column);
    }

    private void skipSpace() {
        while (pos < text.length()) {
            final char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private Object value(final int depth) throws SyntaxError {
        if (pos >= text.length()) {
            throw error("EOF while parsing a value", pos);
        }
        final char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object(depth + 1);
            case '[':
                return array(depth + 1);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", NULL);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("expected value", pos);
        }
    }

    private Object literal(final String word, final Object value) throws SyntaxError {
        for (int i = 0; i < word.length(); i++) {
            if (pos >= text.length()) {
                throw error("EOF while parsing a value", pos);
            }
            if (text.charAt(pos) != word.charAt(i)) {
                throw error("expected ident", pos);
            }
            pos++;
        }
        return value;
    }

    private Map<String, Object> object(final int depth) throws SyntaxError {
        if (depth > MAX_DEPTH) {
            throw error("recursion limit exceeded", pos);
        }
        pos++;
        final Map<String, Object> members = new LinkedHashMap<>();
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == '}') {
            pos++;
            return members;
        }
        while (true) {
            skipSpace();
            if (pos >= text.length()) {
                throw error("EOF while parsing an object", pos);
            }
            if (text.charAt(pos) != '"') {
                throw error("key must be a string", pos);
            }
            final String key = string();
            skipSpace();
            if (pos >= text.length()) {
                throw error("EOF while parsing an object", pos);
            }
            if (text.charAt(pos) != ':') {
                throw error("expected `:`", pos);
            }
            pos++;
            skipSpace();
            members.put(key, value(depth));
            skipSpace();
            if (pos >= text.length()) {
                throw error("EOF while parsing an object", pos);
            }
            final char c = text.charAt(pos++);
            if (c == '}') {
                return members;
            }
            if (c != ',') {
                throw error("expected `,` or `}`", pos - 1);
            }
        }
    }

    private List<Object> array(final int depth) throws SyntaxError {
        if (depth > MAX_DEPTH) {
            throw error("recursion limit exceeded", pos);
        }
        pos++;
        final List<Object> items = new ArrayList<>();
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == ']') {
            pos++;
            return items;
        }
        while (true) {
            skipSpace();
            items.add(value(depth));
            skipSpace();
            if (pos >= text.length()) {
                throw error("EOF while parsing a list", pos);
            }
            final char c = text.charAt(pos++);
            if (c == ']') {
                return items;
            }
            if (c != ',') {
                throw error("expected `,` or `]`", pos - 1);
            }
        }
    }

    private String string() throws SyntaxError {
        pos++;
        StringBuilder out = null;
        int runStart = pos;
        while (true) {
            if (pos >= text.length()) {
                throw error("EOF while parsing a string", pos);
            }
            final char c = text.charAt(pos);
            if (c == '"') {
                final String value = out == null ? text.substring(runStart, pos) : out.append(text, runStart, pos).toString();
                pos++;
                return value;
            }
            if (c < 0x20) {
                throw error("control character (\\u0000-\\u001F) found while parsing a string", pos);
            }
            if (c != '\\') {
                pos++;
                continue;
            }
            if (out == null) {
                out = new StringBuilder();
            }
            out.append(text, runStart, pos);
            pos++;
            if (pos >= text.length()) {
                throw error("EOF while parsing a string", pos);
            }
            final char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(unicode());
                default -> throw error("invalid escape", pos - 1);
            }
            runStart = pos;
        }
    }

    private char unicode() throws SyntaxError {
        if (pos + 4 > text.length()) {
            throw error("EOF while parsing a string", text.length());
        }
        int code = 0;
        for (int i = 0; i < 4; i++) {
            final int digit = Character.digit(text.charAt(pos), 16);
            if (digit < 0) {
                throw error("invalid escape", pos);
            }
            code = code * 16 + digit;
            pos++;
        }
        return (char) code;
    }

    private Object number() throws SyntaxError {
        final int start = pos;
        if (text.charAt(pos) == '-') {
            pos++;
        }
        if (pos >= text.length()) {
            throw error("EOF while parsing a value", pos);
        }
        if (text.charAt(pos) == '0') {
            pos++;
        } else if (!digits()) {
            throw error("invalid number", pos);
        }
        boolean integer = true;
        if (pos < text.length() && text.charAt(pos) == '.') {
            integer = false;
            pos++;
            if (!digits()) {
                throw error("invalid number", pos);
            }
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            integer = false;
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            if (!digits()) {
                throw error("invalid number", pos);
            }
        }
        final String literal = text.substring(start, pos);
        if (integer && literal.length() <= 20) {
            try {
                return Long.parseLong(literal);
            } catch (final NumberFormatException e) {
                // Beyond a long: fall through to an exact decimal.
            }
        }
        return new BigDecimal(literal);
    }

    private boolean digits() {
        final int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        return pos > start;
    }
}
