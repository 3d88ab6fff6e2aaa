package com.compromisedcredentials.breach;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * The server-wide options of the breach source (the {@code notCompromised} password policy and the breached-password
 * check at login ask it), read once at start-up: which source answers (the HIBP range API or an offline corpus), how
 * to reach it, and what a password that cannot be checked gets. Set as
 * {@code --spi-compromised-credentials-breach--default--<option>=<value>} (environment:
 * {@code KC_SPI_COMPROMISED_CREDENTIALS_BREACH__DEFAULT__<OPTION>}). A value that makes no sense stops the start-up
 * with a message naming the option. No Keycloak types here: the factory declares the options to Keycloak.
 */
public record BreachSettings(BreachCheck.Mode source, HibpRangeClient.Settings hibp, Path corpusPath,
                                     BreachCheck.FailureMode onLookupFailure) {

    public static final String SOURCE = "source";
    public static final String HIBP_BASE_URL = "hibp-base-url";
    public static final String HIBP_CONNECT_TIMEOUT_MS = "hibp-connect-timeout-ms";
    public static final String HIBP_READ_TIMEOUT_MS = "hibp-read-timeout-ms";
    public static final String HIBP_CACHE_SIZE = "hibp-cache-size";
    public static final String HIBP_CACHE_TTL_SECONDS = "hibp-cache-ttl-seconds";
    public static final String CORPUS_PATH = "corpus-path";
    public static final String ON_LOOKUP_FAILURE = "on-lookup-failure";

    /**
     * Reads the options through {@code option} (name to value, {@code null} when not set).
     *
     * @throws IllegalArgumentException naming the option whose value is wrong
     */
    public static BreachSettings read(Function<String, String> option) {
        String sourceName = text(option, SOURCE, BreachCheck.Mode.HIBP_API.wireName());
        BreachCheck.Mode source;
        if (sourceName.equals(BreachCheck.Mode.HIBP_API.wireName())) {
            source = BreachCheck.Mode.HIBP_API;
        } else if (sourceName.equals(BreachCheck.Mode.OFFLINE_CORPUS.wireName())) {
            source = BreachCheck.Mode.OFFLINE_CORPUS;
        } else {
            throw new IllegalArgumentException(SOURCE + " must be hibp-api or offline-corpus, not " + sourceName);
        }
        URI baseUrl;
        try {
            baseUrl = URI.create(text(option, HIBP_BASE_URL, HibpRangeClient.Settings.DEFAULT_BASE_URL.toString()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(HIBP_BASE_URL + " is not a URL: " + e.getMessage());
        }
        if (baseUrl.getHost() == null || !("https".equals(baseUrl.getScheme()) || "http".equals(baseUrl.getScheme()))) {
            throw new IllegalArgumentException(HIBP_BASE_URL + " must be an http(s) URL with a host, not " + baseUrl);
        }
        HibpRangeClient.Settings hibp = new HibpRangeClient.Settings(baseUrl,
                Duration.ofMillis(number(option, HIBP_CONNECT_TIMEOUT_MS, 1000, 1, 60_000)),
                Duration.ofMillis(number(option, HIBP_READ_TIMEOUT_MS, 2000, 1, 60_000)),
                (int) number(option, HIBP_CACHE_SIZE, HibpRangeClient.Settings.DEFAULT_CACHE_ENTRIES, 0, 100_000),
                Duration.ofSeconds(number(option, HIBP_CACHE_TTL_SECONDS, 600, 1, 86_400)),
                HibpRangeClient.Settings.DEFAULT_USER_AGENT);
        String corpus = text(option, CORPUS_PATH, "");
        if (source == BreachCheck.Mode.OFFLINE_CORPUS && corpus.isEmpty()) {
            throw new IllegalArgumentException(SOURCE + "=offline-corpus needs " + CORPUS_PATH
                    + " (the index written by CorpusIndexBuilder)");
        }
        String failure = text(option, ON_LOOKUP_FAILURE, BreachCheck.FailureMode.ALLOW.wireName());
        BreachCheck.FailureMode onFailure;
        try {
            onFailure = BreachCheck.FailureMode.of(failure);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ON_LOOKUP_FAILURE + " must be allow or deny, not " + failure);
        }
        return new BreachSettings(source, hibp, corpus.isEmpty() ? null : Path.of(corpus), onFailure);
    }

    private static String text(Function<String, String> option, String name, String fallback) {
        String value = option.apply(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static long number(Function<String, String> option, String name, long fallback, long min, long max) {
        String value = text(option, name, null);
        if (value == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value);
            if (n < min || n > max) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not " + value);
        }
    }
}
