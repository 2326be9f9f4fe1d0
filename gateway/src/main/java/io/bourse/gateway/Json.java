package io.bourse.gateway;

/**
 * A small streaming JSON writer for responses. Numbers that are amounts go out as strings with the asset's decimals
 * ({@link #decimal}), as Binance writes them; ids and times go out as JSON numbers.
 */
public final class Json {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out;
    private boolean needComma;

    /** A writer with a buffer of a typical response's size. */
    public Json() {
        this(256);
    }

    /** A writer with a buffer of {@code capacity} characters. */
    public Json(final int capacity) {
        out = new StringBuilder(capacity);
    }

    /** Starts an object (as a value). */
    public Json beginObject() {
        comma();
        out.append('{');
        needComma = false;
        return this;
    }

    /** Ends the current object. */
    public Json endObject() {
        out.append('}');
        needComma = true;
        return this;
    }

    /** Starts an array (as a value). */
    public Json beginArray() {
        comma();
        out.append('[');
        needComma = false;
        return this;
    }

    /** Ends the current array. */
    public Json endArray() {
        out.append(']');
        needComma = true;
        return this;
    }

    /** Writes a field name; the next call writes its value. */
    public Json name(final String name) {
        comma();
        string(name);
        out.append(':');
        needComma = false;
        return this;
    }

    /** A string value, or null. */
    public Json value(final String value) {
        comma();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        needComma = true;
        return this;
    }

    /** A number value. */
    public Json value(final long value) {
        comma();
        out.append(value);
        needComma = true;
        return this;
    }

    /** A boolean value. */
    public Json value(final boolean value) {
        comma();
        out.append(value);
        needComma = true;
        return this;
    }

    /** A null value. */
    public Json nullValue() {
        comma();
        out.append("null");
        needComma = true;
        return this;
    }

    /** An amount as a decimal string with {@code scale} decimals. */
    public Json decimalValue(final long units, final int scale) {
        comma();
        out.append('"');
        Decimals.append(out, units, scale);
        out.append('"');
        needComma = true;
        return this;
    }

    /** A string field. */
    public Json field(final String name, final String value) {
        return name(name).value(value);
    }

    /** A number field. */
    public Json field(final String name, final long value) {
        return name(name).value(value);
    }

    /** A boolean field. */
    public Json field(final String name, final boolean value) {
        return name(name).value(value);
    }

    /** An amount field, as a decimal string. */
    public Json decimal(final String name, final long units, final int scale) {
        return name(name).decimalValue(units, scale);
    }

    /** The JSON text so far. */
    @Override
    public String toString() {
        return out.toString();
    }

    private void comma() {
        if (needComma) {
            out.append(',');
            needComma = false;
        }
    }

    private void string(final String value) {
        out.append('"');
        final int length = value.length();
        int plain = 0;
        while (plain < length && !needsEscape(value.charAt(plain))) {
            plain++;
        }
        out.append(value, 0, plain); // names, symbols, enums and ids: usually the whole string
        for (int i = plain; i < length; i++) {
            final char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF])
                            .append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean needsEscape(final char c) {
        return c < 0x20 || c == '"' || c == '\\' || c == 0x2028 || c == 0x2029;
    }

    /** An error body: {@code {"code":..,"msg":..}}. */
    public static String error(final ApiError error) {
        return new Json(64 + error.msg().length()).beginObject().field("code", error.code()).field("msg", error.msg()).endObject().toString();
    }
}
