package com.compromisedcredentials.breach;

/**
 * A breach lookup could not give an answer: the source timed out, answered with an error, answered with
 * something that is not a range listing, or the offline corpus cannot be read. The caller decides what that
 * means (the deliberate {@code on-lookup-failure} choice); {@link #reason()} is what it counts and logs.
 *
 * <p>Messages never carry the password, its hash or the hash prefix that was asked for.
 */
public class BreachLookupException extends Exception {

    /** Why a lookup failed, as counted and logged. */
    public enum Reason {
        /** The source did not answer within its timeout. */
        TIMEOUT,
        /** The range API answered with a status other than 200. */
        HTTP_STATUS,
        /** The answer was not in the range format ({@code SUFFIX:COUNT} lines). */
        MALFORMED_RESPONSE,
        /** Network or file error: connection refused, DNS, reset, unreadable corpus. */
        IO,
        /** The offline corpus is not configured, missing or not an index this version can read. */
        CORPUS_UNAVAILABLE
    }

    private final Reason reason;

    public BreachLookupException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public BreachLookupException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
