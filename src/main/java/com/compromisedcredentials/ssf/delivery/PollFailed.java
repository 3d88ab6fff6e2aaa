package com.compromisedcredentials.ssf.delivery;

/**
 * A poll that did not get an answer to work with: the endpoint was unreachable or too slow ({@link #status()} 0),
 * answered an HTTP error (with the RFC 8936 {@code err} code if it sent one), or sent something that is not a poll
 * response. Nothing acknowledged in the request is known to have been taken: send the same acknowledgements again
 * with the next poll.
 */
public class PollFailed extends Exception {

    private final int status;
    private final String error;

    public PollFailed(int status, String error, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.error = error;
    }

    /** The HTTP status, or 0 if there was no HTTP answer. */
    public int status() {
        return status;
    }

    /** The transmitter's {@code err} code, or null. */
    public String error() {
        return error;
    }

    /**
     * Whether waiting may help: no answer, a 5xx or a 429. A 4xx otherwise (bad token, unknown stream) needs an admin
     * to change the configuration.
     */
    public boolean retryable() {
        return status == 0 || status == 429 || status >= 500;
    }
}
