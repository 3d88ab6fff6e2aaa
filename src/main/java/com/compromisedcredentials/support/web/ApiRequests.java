package com.compromisedcredentials.support.web;

import java.util.function.Supplier;

/** What every admin REST resource of the extension does with a request: bounded query numbers, refusals as JSON. */
public final class ApiRequests {

    private ApiRequests() {
    }

    /**
     * A whole-number query parameter: {@code absent} when not given, else a number from {@code min} to
     * {@code max}, or a 400 {@code invalid_request} that says so.
     */
    public static int intParam(String name, String value, int absent, int min, int max) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("invalid_request", "'" + name + "' must be a whole number from " + min + " to " + max + ".");
    }

    /** Runs a plain parser or decision, turning its {@link RequestRejected} into the API's JSON error. */
    public static <T> T rejecting(Supplier<T> action) {
        try {
            return action.get();
        } catch (RequestRejected rejected) {
            throw ApiException.of(rejected);
        }
    }
}
