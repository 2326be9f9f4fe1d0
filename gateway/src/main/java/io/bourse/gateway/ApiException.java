package io.bourse.gateway;

/**
 * An expected refusal of a request, carrying the Binance error to answer with. Thrown by validation code and turned
 * into the response in one place ({@link ApiServer}); it has no stack trace, because it is not a bug.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ApiError error;

    /** An exception answering with {@code error}. */
    public ApiException(final ApiError error) {
        super(error.msg(), null, false, false);
        this.error = error;
    }

    /** The error to answer with. */
    public ApiError error() {
        return error;
    }
}
