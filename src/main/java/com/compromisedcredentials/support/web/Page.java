package com.compromisedcredentials.support.web;

/**
 * The {@code first} and {@code max} query parameters of every list in the admin API, checked the same way
 * everywhere: {@code first} from 0 (default 0), {@code max} from 1 to {@link #MAX} (default {@link #DEFAULT_MAX}).
 */
public record Page(int first, int max) {

    public static final int MAX = 1000;
    public static final int DEFAULT_MAX = 100;

    /** Reads the two parameters (absent ones take their default); 400 {@code invalid_request} if one is out of range. */
    public static Page of(String first, String max) {
        int from = ApiRequests.intParam("first", first, 0, 0, Integer.MAX_VALUE);
        return new Page(from, ApiRequests.intParam("max", max, DEFAULT_MAX, 1, MAX));
    }
}
