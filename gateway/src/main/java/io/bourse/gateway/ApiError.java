package io.bourse.gateway;

import io.bourse.engine.RejectReason;

/**
 * Every error the API answers with, in Binance's form: an HTTP status, a code and a message. All of Binance's codes
 * and message texts that the gateway uses are made here, so that the mapping lives in one place. The engine's
 * {@link RejectReason}s already carry Binance's code and message; {@link #of(RejectReason)} only adds the status.
 *
 * @param httpStatus the HTTP status
 * @param code       Binance's error code
 * @param msg        Binance's message
 */
public record ApiError(int httpStatus, int code, String msg) {

    /** An engine rejection, as Binance answers it (always HTTP 400). */
    public static ApiError of(final RejectReason reason) {
        return new ApiError(400, reason.code(), reason.message());
    }

    /** This error as an exception that the dispatcher turns into the response. */
    public ApiException exception() {
        return new ApiException(this);
    }

    // ------------------------------------------------------------------------------------------------ 10xx

    /** -1002: the admin API without its token. */
    public static ApiError unauthorized() {
        return new ApiError(401, -1002, "You are not authorized to execute this request.");
    }

    /** -1003 over the request weight limit (HTTP 429). */
    public static ApiError tooMuchWeight(final long limit, final String interval) {
        return new ApiError(429, -1003, "Too much request weight used; current limit is " + limit + " request weight per " + interval
            + ". Please use WebSocket Streams for live updates to avoid polling the API.");
    }

    /** -1003 for a banned IP (HTTP 418). */
    public static ApiError banned(final long untilMillis) {
        return new ApiError(418, -1003, "Way too much request weight used; IP banned until " + untilMillis
            + ". Please use WebSocket Streams for live updates to avoid bans.");
    }

    /** -1007: the sequencer did not answer in time; the command may or may not have been applied. */
    public static ApiError timeout() {
        return new ApiError(503, -1007, "Timeout waiting for response from backend server. Send status unknown; execution status unknown.");
    }

    /** -1008: the sequencer refused the command (full or stopping); nothing was applied. */
    public static ApiError serverBusy() {
        return new ApiError(503, -1008, "Server is currently overloaded with other requests. Please try again in a few minutes.");
    }

    /** -1013 with a message. */
    public static ApiError invalidMessage(final String msg) {
        return new ApiError(400, -1013, msg);
    }

    /** -1015 over the order count limit (HTTP 429). */
    public static ApiError tooManyOrders(final long limit, final String interval) {
        return new ApiError(429, -1015, "Too many new orders; current limit is " + limit + " orders per " + interval + ".");
    }

    /** -1020. */
    public static ApiError unsupportedOperation() {
        return new ApiError(400, -1020, "This operation is not supported.");
    }

    /** -1020 for a body of a content type the API does not read (HTTP 415). */
    public static ApiError unsupportedMediaType() {
        return new ApiError(415, -1020, "This operation is not supported.");
    }

    /** -1021 timestamp too far ahead. */
    public static ApiError timestampAhead() {
        return new ApiError(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time.");
    }

    /** -1021 timestamp outside recvWindow. */
    public static ApiError timestampOutsideWindow() {
        return new ApiError(400, -1021, "Timestamp for this request is outside of the recvWindow.");
    }

    /** -1022. */
    public static ApiError invalidSignature() {
        return new ApiError(400, -1022, "Signature for this request is not valid.");
    }

    // ------------------------------------------------------------------------------------------------ 11xx

    /** -1100 with the parameter and its legal range. */
    public static ApiError illegalChars(final String param, final String legalRange) {
        return new ApiError(400, -1100, "Illegal characters found in parameter '" + param + "'; legal range is '" + legalRange + "'.");
    }

    /** -1100 without a parameter name (undecodable input). */
    public static ApiError illegalChars() {
        return new ApiError(400, -1100, "Illegal characters found in a parameter.");
    }

    /** -1101 duplicate parameter. */
    public static ApiError duplicateParameter() {
        return new ApiError(400, -1101, "Duplicate values for a parameter detected.");
    }

    /** -1101 too many parameters (also for an oversize body, HTTP 413). */
    public static ApiError tooManyParameters(final int httpStatus) {
        return new ApiError(httpStatus, -1101, "Too many parameters sent for this endpoint.");
    }

    /** -1102 mandatory parameter missing, empty or malformed. */
    public static ApiError mandatory(final String param) {
        return new ApiError(400, -1102, "Mandatory parameter '" + param + "' was not sent, was empty/null, or malformed.");
    }

    /** -1102 one of two must be sent. */
    public static ApiError eitherMandatory(final String first, final String second) {
        return new ApiError(400, -1102, "Param '" + first + "' or '" + second + "' must be sent, but both were empty/null!");
    }

    /** -1102 value above its maximum. */
    public static ApiError greaterThan(final String param, final String max) {
        return new ApiError(400, -1102, "'" + param + "' contains unexpected value. Cannot be greater than " + max + ".");
    }

    /** -1103. */
    public static ApiError unknownParameter() {
        return new ApiError(400, -1103, "An unknown parameter was sent.");
    }

    /** -1105. */
    public static ApiError emptyParameter(final String param) {
        return new ApiError(400, -1105, "Parameter '" + param + "' was empty.");
    }

    /** -1106. */
    public static ApiError notRequired(final String param) {
        return new ApiError(400, -1106, "Parameter '" + param + "' sent when not required.");
    }

    /** -1108. */
    public static ApiError overflow(final String param) {
        return new ApiError(400, -1108, "Parameter '" + param + "' overflowed.");
    }

    /** -1111. */
    public static ApiError tooMuchPrecision(final String param) {
        return new ApiError(400, -1111, "Parameter '" + param + "' has too much precision.");
    }

    /** -1114. */
    public static ApiError timeInForceNotRequired() {
        return new ApiError(400, -1114, "TimeInForce parameter sent when not required.");
    }

    /** -1115. */
    public static ApiError invalidTimeInForce() {
        return new ApiError(400, -1115, "Invalid timeInForce.");
    }

    /** -1116. */
    public static ApiError invalidOrderType() {
        return new ApiError(400, -1116, "Invalid orderType.");
    }

    /** -1117. */
    public static ApiError invalidSide() {
        return new ApiError(400, -1117, "Invalid side.");
    }

    /** -1118. */
    public static ApiError emptyNewClientOrderId() {
        return new ApiError(400, -1118, "New client order ID was empty.");
    }

    /** -1119. */
    public static ApiError emptyOrigClientOrderId() {
        return new ApiError(400, -1119, "Original client order ID was empty.");
    }

    /** -1120. */
    public static ApiError invalidInterval() {
        return new ApiError(400, -1120, "Invalid interval.");
    }

    /** -1121. */
    public static ApiError invalidSymbol() {
        return new ApiError(400, -1121, "Invalid symbol.");
    }

    /** -1125. */
    public static ApiError invalidListenKey() {
        return new ApiError(400, -1125, "This listenKey does not exist.");
    }

    /** -1127. */
    public static ApiError lookupIntervalTooBig() {
        return new ApiError(400, -1127, "More than 24 hours between startTime and endTime.");
    }

    /** -1128. */
    public static ApiError badCombination() {
        return new ApiError(400, -1128, "Combination of optional parameters invalid.");
    }

    /** -1130 with the parameter. */
    public static ApiError invalidParameter(final String param) {
        return new ApiError(400, -1130, "Data sent for parameter '" + param + "' is not valid.");
    }

    /** -1134. */
    public static ApiError badStrategyType() {
        return new ApiError(400, -1134, "strategyType was less than 1000000.");
    }

    /** -1135. */
    public static ApiError invalidJson() {
        return new ApiError(400, -1135, "Invalid JSON Request");
    }

    /** -1145. */
    public static ApiError invalidCancelRestrictions() {
        return new ApiError(400, -1145, "Invalid cancelRestrictions");
    }

    /** -1151. */
    public static ApiError duplicateSymbols() {
        return new ApiError(400, -1151, "Symbol is present multiple times in the list.");
    }

    // ------------------------------------------------------------------------------------------------ 20xx

    /** -2010 with a message from Binance's list. */
    public static ApiError newOrderRejected(final String msg) {
        return new ApiError(400, -2010, msg);
    }

    /** -2011 with a message from Binance's list. */
    public static ApiError cancelRejected(final String msg) {
        return new ApiError(400, -2011, msg);
    }

    /** -2013. */
    public static ApiError noSuchOrder() {
        return new ApiError(400, -2013, "Order does not exist.");
    }

    /** -2014. */
    public static ApiError badApiKeyFormat() {
        return new ApiError(401, -2014, "API-key format invalid.");
    }

    /** -2015. */
    public static ApiError rejectedApiKey() {
        return new ApiError(401, -2015, "Invalid API-key, IP, or permissions for action.");
    }

    /** -2039. */
    public static ApiError clientOrderIdMismatch() {
        return new ApiError(400, -2039, "Client order ID is not correct for this order ID.");
    }

    /** 404 for a path the API does not have. */
    public static ApiError notFound() {
        return new ApiError(404, -1020, "This operation is not supported.");
    }

    /** 405 for a known path with a method it does not take. */
    public static ApiError methodNotAllowed() {
        return new ApiError(405, -1020, "This operation is not supported.");
    }

    /** A bug or an unexpected failure: the outcome is unknown. */
    public static ApiError internal() {
        return new ApiError(500, -1000, "An unknown error occurred while processing the request.");
    }
}
