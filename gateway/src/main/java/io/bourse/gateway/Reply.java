package io.bourse.gateway;

/**
 * A response: HTTP status and JSON body.
 *
 * @param status HTTP status
 * @param body   JSON text
 */
public record Reply(int status, String body) {
    /** A 200 with {@code body}. */
    public static Reply ok(final String body) {
        return new Reply(200, body);
    }

    /** A 200 from a JSON writer. */
    public static Reply ok(final Json json) {
        return new Reply(200, json.toString());
    }

    /** An error reply. */
    public static Reply error(final ApiError error) {
        return new Reply(error.httpStatus(), Json.error(error));
    }
}
