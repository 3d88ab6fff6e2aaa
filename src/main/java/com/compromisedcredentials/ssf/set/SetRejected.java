package com.compromisedcredentials.ssf.set;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A Security Event Token refused for good: the transmitter is told why ({@link #body()} is the RFC 8935 error
 * response of a push, and the {@code setErrs} entry of an RFC 8936 poll) and must not send it again as it is.
 * The description goes to the transmitter: it never quotes the token, a key or a bearer token.
 *
 * <p>A failure that may pass on its own (the transmitter's keys could not be fetched) is a {@link KeysUnavailable}
 * instead, so that the SET is neither acknowledged nor refused and is delivered again.
 */
public class SetRejected extends RuntimeException {

    private final SetError error;

    public SetRejected(SetError error, String description) {
        super(description);
        this.error = Objects.requireNonNull(error, "error");
    }

    public SetError error() {
        return error;
    }

    /** The RFC 8935 error code, e.g. {@code invalid_key}. */
    public String code() {
        return error.code();
    }

    public String description() {
        return getMessage();
    }

    /** The HTTP status for a push response. */
    public int httpStatus() {
        return error.httpStatus();
    }

    /** {@code {"err": "<code>", "description": "<text>"}}, the body of a push error response and of a poll negative ack. */
    public Map<String, String> body() {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("err", error.code());
        body.put("description", getMessage());
        return body;
    }

    static SetRejected invalidRequest(String description) {
        return new SetRejected(SetError.INVALID_REQUEST, description);
    }
}
