package com.compromisedcredentials.support.web;

/**
 * Why a request is refused, independent of JAX-RS so that plain classes (the parsers) can say it and unit
 * tests can check it: an HTTP status, a stable error code (listed in the README) and what to fix.
 */
public class RequestRejected extends RuntimeException {

    private final int status;
    private final String error;

    public RequestRejected(int status, String error, String description) {
        super(description);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public static RequestRejected badRequest(String error, String description) {
        return new RequestRejected(400, error, description);
    }

    public static RequestRejected tooLarge(String error, String description) {
        return new RequestRejected(413, error, description);
    }
}
